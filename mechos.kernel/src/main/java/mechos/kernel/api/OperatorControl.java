package mechos.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a person can do to the kernel: used by the console, the Gogo commands ({@code mechos:estop},
 * {@code mechos:reset}, {@code mechos:override}) and e-stop input devices. Registered as a service.
 *
 * <p><b>Threading.</b> Thread-safe; every method returns at once. Stop commands are sent to the drivers
 * asynchronously on the dispatch executor.
 */
@ProviderType
public interface OperatorControl {
    /**
     * Suspends AI intents for the configured {@code override_suspension} (default 10 s); calling again restarts
     * the time. Operator intents still pass the physical rules.
     */
    void engageOverride(String operator);

    /** Ends a manual override now. */
    void releaseOverride(String operator);

    /** Latches the e-stop: everything is stopped at once and all motion is rejected until {@link #reset}. */
    void emergencyStop(String reason);

    /**
     * Clears a latched e-stop or a SAFE_STOP that waits for an operator, and clears kernel-marked device faults.
     *
     * @return false (and nothing changes) when a cause is still present, e.g. an e-stop input still pressed
     */
    boolean reset(String operator);

    /** Renews the operator dead-man lease (only checked when {@code dead_man_ms} is configured above zero). */
    void deadManRenew();
}
