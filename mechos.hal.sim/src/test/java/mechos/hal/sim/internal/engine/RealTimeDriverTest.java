package mechos.hal.sim.internal.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import mechos.hal.sim.internal.world.World;

class RealTimeDriverTest {
    private static void await(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    @Test
    void pacesStepsOnItsOwnThreadAndSurvivesThrowingListeners() throws Exception {
        long epoch = System.nanoTime();
        Simulation sim = new Simulation(new World("w", null, List.of()), RobotParams.defaults(1), epoch);
        sim.attach((s, state) -> {
            throw new IllegalStateException("a broken device");
        });
        try (RealTimeDriver driver = new RealTimeDriver(sim, "test", epoch, 20)) {
            await("1 s of simulated time at 20x", 10_000, () -> sim.steps() >= 100);
            long wall = System.nanoTime() - epoch;
            assertTrue(sim.nanos() - epoch <= wall * 20 + 50_000_000L, "never runs ahead of the paced clock");
        }
    }
}
