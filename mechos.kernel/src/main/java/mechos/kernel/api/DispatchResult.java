package mechos.kernel.api;

/**
 * The outcome of one command sent to a driver, published on {@link KernelTopics#DISPATCH}.
 *
 * @param intentId     the intent it carried out, or null for commands of the safety monitor (stops, lease expiry)
 * @param deviceId     target device, or null when none
 * @param command      what was commanded, e.g. {@code "setVelocity(0.200, 0.000)"}, {@code "stop"}
 * @param outcome      never null
 * @param detail       error text, or empty
 * @param latencyNanos from hand-off to the executor to the driver returning (or the deadline)
 */
public record DispatchResult(String intentId, String deviceId, String command, DispatchOutcome outcome,
        String detail, long latencyNanos) {
}
