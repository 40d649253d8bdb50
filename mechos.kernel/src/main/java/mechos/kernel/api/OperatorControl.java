package mechos.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a person can do to the kernel: used by the console, the Gogo commands ({@code mechos:estop},
 * {@code mechos:reset}, {@code mechos:override}) and e-stop input devices. Registered as a service.
 *
 * <p><b>Threading.</b> Thread-safe. Stop commands are sent to the drivers asynchronously on the dispatch
 * executor; the e-stop methods then wait (bounded) until the latch is durable on disk, every other method returns
 * at once.
 */
@ProviderType
public interface OperatorControl {
    /**
     * Suspends AI intents for the configured {@code override_suspension} (default 10 s); calling again restarts
     * the time. Operator intents still pass the physical rules.
     */
    void engageOverride(String operator);

    /**
     * Restarts the time of a manual override that is active now, without stopping anything: unlike
     * {@link #engageOverride}, whose engagement stops every drive (so AI motion cannot outlive the operator taking
     * over), a renewal leaves approved drives running, so a held operator drive continues smoothly within the
     * acceleration limit. Nothing changes when no override is active (or its time is already up): the caller then
     * engages one with {@link #engageOverride}.
     *
     * @return true when an active override was renewed, false when none was active (nothing changed)
     * @since 1.5
     */
    boolean renewOverride(String operator);

    /** Ends a manual override now. */
    void releaseOverride(String operator);

    /**
     * Latches the e-stop: everything is stopped at once and all motion is rejected until {@link #reset}. Same as
     * {@link #latchEmergencyStop} without the answer: returns only after the latch is durable, or after it could
     * not be made durable (then an error is logged).
     */
    void emergencyStop(String reason);

    /**
     * Latches the e-stop and stops every drive at once (the stop never waits for the disk), then makes the latch
     * durable in the run directory (file and directory synced) before returning, so an acknowledged e-stop
     * survives a crash or power loss.
     *
     * @return whether the latch is durable; when it is not (disk full, read-only, too slow) the e-stop is still
     *         latched in memory and the message says why it will not survive a restart
     * @since 1.2
     */
    EmergencyStopResult latchEmergencyStop(String reason);

    /**
     * Clears a latched e-stop or a SAFE_STOP that waits for an operator, and clears kernel-marked device faults.
     * A reset only re-enables: after an e-stop reset, actuation by agents that are not operators stays paused
     * ({@link SafetyStatus#awaitingResume()}) until {@link #resume}.
     *
     * @return false (and nothing changes) when a cause is still present, e.g. an e-stop input still pressed
     */
    boolean reset(String operator);

    /**
     * Resumes autonomy after an e-stop reset: agents that are not operators may actuate again (their next intent
     * still passes every rule; nothing is restarted by the resume itself).
     *
     * @return false (and nothing changes) when nothing awaits a resume, e.g. the e-stop is still latched
     * @since 1.2
     */
    boolean resume(String operator);

    /** Renews the operator dead-man lease (only checked when {@code dead_man_ms} is configured above zero). */
    void deadManRenew();
}
