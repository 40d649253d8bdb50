package mechos.kernel.api;

/**
 * Stop all motion now (drives to zero velocity; other actuators hold). Wire name {@value #ACTION}.
 * Never rejected by safety rules; it still requires a known agent.
 *
 * @param reason nullable free text, logged and published
 */
public record Stop(String reason) implements Intent {
    /** Wire name of this action. */
    public static final String ACTION = "stop";
}
