package mechos.kernel.api;

/**
 * Send a text message to one peer robot of the fleet. Wire name {@value #ACTION}.
 *
 * @param peer peer robot id, required
 * @param text message text, required
 */
public record MessagePeer(String peer, String text) implements Intent {
    /** Wire name of this action. */
    public static final String ACTION = "message_peer";
}
