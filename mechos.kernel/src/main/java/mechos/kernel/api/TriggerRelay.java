package mechos.kernel.api;

/**
 * Switch a relay (light, solenoid, pump). Wire name {@value #ACTION}.
 *
 * @param relay relay device id ({@code mechos.device.id}), required
 * @param state true = energised / on, required
 */
public record TriggerRelay(String relay, boolean state) implements Intent {
    /** Wire name of this action. */
    public static final String ACTION = "trigger_relay";
}
