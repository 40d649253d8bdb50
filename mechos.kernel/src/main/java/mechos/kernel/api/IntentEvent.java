package mechos.kernel.api;

/**
 * An intent as it arrived at the gate, published on {@link KernelTopics#INTENTS} before it is decided.
 *
 * @param intentId   the id also carried by its decision and dispatch results
 * @param agentId    submitter
 * @param intent     the intent (may be null when a caller submitted null)
 * @param wallMillis arrival time
 */
public record IntentEvent(String intentId, String agentId, Intent intent, long wallMillis) {
}
