package mechos.runtime.internal.bt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

class BehaviourTreeTest {
    /** A leaf that answers scripted statuses (the last one repeats) and counts ticks and halts. */
    static final class Scripted implements Node {
        final String name;
        final Deque<Status> script = new ArrayDeque<>();
        Status last;
        int ticks;
        int halts;

        Scripted(String name, Status... statuses) {
            this.name = name;
            script.addAll(List.of(statuses));
            last = statuses[statuses.length - 1];
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Status tick(Blackboard bb) {
            ticks++;
            return script.isEmpty() ? last : script.poll();
        }

        @Override
        public void halt() {
            halts++;
        }
    }

    private final MapBlackboard bb = new MapBlackboard();
    private final AtomicLong clock = new AtomicLong();

    @Test
    void reactiveSequenceRechecksConditionsAndHaltsTheRunningAction() {
        Scripted cond = new Scripted("cond", Status.SUCCESS, Status.SUCCESS, Status.FAILURE);
        Scripted act = new Scripted("act", Status.RUNNING);
        Sequence seq = new Sequence("s", true, List.of(cond, act));
        assertEquals(Status.RUNNING, seq.tick(bb));
        assertEquals(Status.RUNNING, seq.tick(bb));
        assertEquals(Status.FAILURE, seq.tick(bb));
        assertEquals(3, cond.ticks, "the condition is re-checked every tick");
        assertEquals(1, act.halts, "the running action is halted when the condition fails");
    }

    @Test
    void sequenceWithMemoryResumesAtTheRunningChild() {
        Scripted first = new Scripted("first", Status.SUCCESS);
        Scripted second = new Scripted("second", Status.RUNNING, Status.SUCCESS);
        Sequence seq = new Sequence("s", false, List.of(first, second));
        assertEquals(Status.RUNNING, seq.tick(bb));
        assertEquals(Status.SUCCESS, seq.tick(bb));
        assertEquals(1, first.ticks);
    }

    @Test
    void reactiveFallbackPreemptsALowerPriorityChild() {
        Scripted high = new Scripted("high", Status.FAILURE, Status.FAILURE, Status.RUNNING);
        Scripted low = new Scripted("low", Status.RUNNING);
        Fallback fb = new Fallback("f", true, List.of(high, low));
        assertEquals(Status.RUNNING, fb.tick(bb));
        assertEquals(Status.RUNNING, fb.tick(bb));
        assertEquals(0, low.halts);
        assertEquals(Status.RUNNING, fb.tick(bb));
        assertEquals(1, low.halts, "high became runnable: low is halted");
        fb.halt();
        assertEquals(1, high.halts, "halting the tree halts the running branch");
    }

    @Test
    void fallbackFailsWhenAllFail() {
        Fallback fb = new Fallback("f", true, List.of(new Scripted("a", Status.FAILURE),
                new Scripted("b", Status.FAILURE)));
        assertEquals(Status.FAILURE, fb.tick(bb));
    }

    @Test
    void parallelSucceedsAtThresholdAndHaltsTheRest() {
        Scripted a = new Scripted("a", Status.RUNNING, Status.SUCCESS);
        Scripted b = new Scripted("b", Status.RUNNING);
        Parallel p = new Parallel("p", 1, List.of(a, b));
        assertEquals(Status.RUNNING, p.tick(bb));
        assertEquals(Status.SUCCESS, p.tick(bb));
        assertEquals(1, b.halts);
    }

    @Test
    void parallelFailsWhenThresholdIsUnreachable() {
        Parallel p = new Parallel("p", 2, List.of(new Scripted("a", Status.FAILURE), new Scripted("b", Status.RUNNING)));
        assertEquals(Status.FAILURE, p.tick(bb));
    }

    @Test
    void inverterRetryTimeoutRateLimit() {
        assertEquals(Status.FAILURE, new Decorators.Inverter(new Scripted("a", Status.SUCCESS)).tick(bb));

        Scripted flaky = new Scripted("flaky", Status.FAILURE, Status.FAILURE, Status.SUCCESS);
        Decorators.Retry retry = new Decorators.Retry(3, flaky);
        assertEquals(Status.RUNNING, retry.tick(bb));
        assertEquals(Status.RUNNING, retry.tick(bb));
        assertEquals(Status.SUCCESS, retry.tick(bb));
        Decorators.Retry giveUp = new Decorators.Retry(2, new Scripted("bad", Status.FAILURE));
        assertEquals(Status.RUNNING, giveUp.tick(bb));
        assertEquals(Status.FAILURE, giveUp.tick(bb));

        Scripted slow = new Scripted("slow", Status.RUNNING);
        Decorators.Timeout timeout = new Decorators.Timeout(100, slow, clock::get);
        assertEquals(Status.RUNNING, timeout.tick(bb));
        clock.addAndGet(99_000_000L);
        assertEquals(Status.RUNNING, timeout.tick(bb));
        clock.addAndGet(2_000_000L);
        assertEquals(Status.FAILURE, timeout.tick(bb));
        assertEquals(1, slow.halts);

        Scripted driving = new Scripted("drive", Status.RUNNING);
        Decorators.RateLimit limit = new Decorators.RateLimit(10, driving, clock::get);
        for (int i = 0; i < 10; i++) {
            limit.tick(bb);
            clock.addAndGet(20_000_000L); // 50 Hz ticks
        }
        assertEquals(2, driving.ticks, "10 ticks at 50 Hz over 200 ms reach a 10 Hz child twice");
    }

    @Test
    void throwingChildCountsAsFailure() {
        Node boom = Leaves.action("boom", b -> {
            throw new IllegalStateException("bug");
        });
        Fallback fb = new Fallback("f", true, List.of(boom, new Scripted("ok", Status.SUCCESS)));
        assertEquals(Status.SUCCESS, fb.tick(bb));
    }

    @Test
    void parserBuildsTreesFromConfiguration() {
        Map<String, LeafFactory> leaves = new HashMap<>();
        Scripted hold = new Scripted("hold", Status.RUNNING);
        leaves.put("hold", p -> hold);
        leaves.put("flag", p -> Leaves.condition("flag", b -> b.get(p.get("key"), Boolean.class).orElse(false)));
        TreeParser parser = new TreeParser(leaves, clock::get);
        Node tree = parser.parse("fallback( inverter(flag(key=blocked)) , rate_limit(5, retry(2, hold)) )");
        bb.put("blocked", true);
        assertEquals(Status.RUNNING, tree.tick(bb));
        bb.put("blocked", false);
        assertEquals(Status.SUCCESS, tree.tick(bb));
        assertEquals(1, hold.halts, "pre-empted by the higher-priority branch");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parser.parse("sequence(jump)"));
        assertTrue(e.getMessage().contains("unknown behaviour 'jump'"));
        assertThrows(IllegalArgumentException.class, () -> parser.parse("retry(hold)"));
        assertThrows(IllegalArgumentException.class, () -> parser.parse("sequence(hold"));
        assertThrows(IllegalArgumentException.class, () -> parser.parse("parallel(3, hold, hold)"));
    }
}
