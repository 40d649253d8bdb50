package mechos.runtime.internal.loop;

import static mechos.runtime.internal.loop.Fakes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import mechos.kernel.api.Stop;
import mechos.kernel.api.Watchdog;
import mechos.kernel.internal.codec.JacksonIntentCodec;
import mechos.runtime.api.AgentState;
import mechos.runtime.internal.tasks.TaskMotion;

/**
 * Issue 19: while the fleet's goto executor drives a won task, the agent's fallback behaviours submit nothing (they
 * would fight the task at the gate); they resume when the task ends. On the code before, the fallback tree ticked
 * regardless (here: the {@code hold} tree's Stop while the task drives).
 */
class FleetTaskYieldTest {
    private final Fakes.RecordingKernel kernel = new Fakes.RecordingKernel();
    private final Fakes.ManualClock clock = new Fakes.ManualClock();
    private final AtomicInteger beats = new AtomicInteger();
    private AgentLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.deactivate();
        }
    }

    private void awaitTicks(int n) {
        int target = beats.get() + n;
        await(n + " ticks", () -> beats.get() >= target);
    }

    private long fallbackStops() {
        return kernel.decisions.stream().filter(d -> d.intent() instanceof Stop s && s.reason().contains("fallback"))
                .count();
    }

    @Test
    void theFallbackTreeWaitsWhileAFleetTaskDrives() {
        AtomicBoolean taskDrives = new AtomicBoolean(true);
        loop = new AgentLoop(AgentOptions.from(Fakes.config(Map.of("tick_hz", 50.0, "fallback_tree", "hold",
                "decision_deadline_ms", 100L, "drive_hold_ms", 0L))), kernel, new JacksonIntentCodec(), null,
                clock::get);
        loop.bindWatchdog((component, timeoutMillis) -> new Watchdog.Heartbeat() {
            @Override
            public void beat() {
                beats.incrementAndGet();
            }

            @Override
            public void close() {
                // nothing held
            }
        });
        TaskMotion motion = taskDrives::get;
        loop.bindTaskMotion(motion);
        loop.start();
        clock.advance(Duration.ofSeconds(1)); // no provider: past the decision deadline, the fallback takes over
        await("fallback", () -> loop.status().state() == AgentState.FALLBACK);
        awaitTicks(20);
        assertEquals(0, fallbackStops(), "the hold tree did not submit while the task drives: " + kernel.decisions);

        taskDrives.set(false);
        await("the hold tree's Stop once the task ended", () -> fallbackStops() == 1);
        awaitTicks(20);
        assertEquals(1, fallbackStops(), "hold submits one Stop");

        loop.unbindTaskMotion(motion);
        awaitTicks(5);
        assertTrue(loop.status().state() == AgentState.FALLBACK);
    }
}
