package mechos.kernel.api;

/**
 * Send a text message to every robot of the fleet. Wire name {@value #ACTION}.
 *
 * @param text message text, required
 */
public record BroadcastFleet(String text) implements Intent {
    /** Wire name of this action. */
    public static final String ACTION = "broadcast_fleet";
}
