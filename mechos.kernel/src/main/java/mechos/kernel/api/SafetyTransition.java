package mechos.kernel.api;

/**
 * A change of the safety state, published on {@link KernelTopics#SAFETY}.
 *
 * @param from       previous state
 * @param to         new state
 * @param reason     why, e.g. {@code "drive 'base' OFFLINE: service unregistered"}
 * @param wallMillis when
 */
public record SafetyTransition(SafetyState from, SafetyState to, String reason, long wallMillis) {
}
