package mechos.fleet.api;

/**
 * A text message between robots, sent for an approved {@code MessagePeer} or {@code BroadcastFleet} intent.
 *
 * @param from       sender robot id (checked against the MQTT topic it arrived on)
 * @param to         receiver robot id, or empty for a broadcast
 * @param text       the text
 * @param intentId   the sender's intent id (tracing across robots)
 * @param sentMillis sender's wall clock at send
 */
public record FleetMessage(String from, String to, String text, String intentId, long sentMillis) {
    /** @return true for a broadcast to the whole fleet */
    public boolean broadcast() {
        return to == null || to.isEmpty();
    }
}
