package mechos.fleet.internal.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static int aliveCount(MarketSimulation sim) {
        return (int) sim.robots.stream().filter(x -> !x.crashed).count();
    }
}
