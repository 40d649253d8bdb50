package mechos.fleet.api;

import java.util.OptionalDouble;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a behaviour that can work on market tasks of some kinds registers one (service property
 * {@value #KIND} = the kinds). Without an executor for a task's kind this robot refuses to bid on it. Executors
 * never command hardware directly: they submit intents through the kernel gate like any behaviour.
 *
 * <p>Called on the fleet's own thread; every method must return quickly (no blocking I/O).
 */
@ConsumerType
public interface TaskExecutor {
    /** Service property: the task kinds handled (String or String[]). */
    String KIND = "mechos.fleet.task.kind";

    /**
     * @return this robot's cost for the task (e.g. path length / speed from its pose, in seconds), or empty to
     *         refuse (busy, low battery, not able)
     */
    OptionalDouble estimate(MarketTask task);

    /** This robot now holds a valid lease on the task: start or continue working. Idempotent. */
    void start(MarketTask task, int epoch);

    /** The lease is gone (lapsed, taken away, or the link went down for too long): stop working now. Idempotent. */
    void stop(MarketTask task, int epoch);
}
