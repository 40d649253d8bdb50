package mechos.hal.sim.internal.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces a {@link Simulation} to the wall clock (times {@code factor}) on its own thread. Physics always advances
 * in fixed steps; when the thread wakes late it catches up by running the missed steps, and if it falls more than
 * {@value #MAX_CATCH_UP} steps behind it drops the backlog (logged) rather than spiral.
 */
public final class RealTimeDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealTimeDriver.class);
    static final int MAX_CATCH_UP = 50;

    private final Simulation simulation;
    private final double factor;
    private final ScheduledExecutorService executor;
    private final long startNanos;
    private long droppedSteps;
    private long lastFailureLog;

    /**
     * Starts pacing at once.
     *
     * @param startNanos the {@link System#nanoTime()} that corresponds to step 0 (the simulation's epoch)
     * @param factor     simulated seconds per wall-clock second, &gt; 0
     */
    public RealTimeDriver(Simulation simulation, String name, long startNanos, double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("realTimeFactor must be > 0, was " + factor);
        }
        this.simulation = simulation;
        this.factor = factor;
        this.startNanos = startNanos;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mechos-sim-" + name);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1_000_000L, Math.round(simulation.dt() * 1e9 / factor));
        executor.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        try {
            long due = (long) ((System.nanoTime() - startNanos) * factor / (simulation.dt() * 1e9)) - droppedSteps;
            int n = 0;
            while (simulation.steps() < due && n < MAX_CATCH_UP) {
                simulation.step();
                n++;
            }
            long behind = due - simulation.steps();
            if (behind > 0) {
                droppedSteps += behind;
                LOG.warn("Simulation fell {} steps behind real time; skipping them ({} skipped in total)", behind,
                        droppedSteps);
            }
        } catch (RuntimeException | Error e) {
            // Never let an exception cancel the periodic task: the robot would freeze silently.
            long now = System.nanoTime();
            if (now - lastFailureLog > 1_000_000_000L) {
                lastFailureLog = now;
                LOG.error("Simulation step {} failed", simulation.steps(), e);
            }
        }
    }

    /** Stops the thread; waits briefly for a running step to finish. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.warn("Simulation thread did not stop within 1 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("Interrupted while stopping the simulation thread", e);
        }
    }
}
