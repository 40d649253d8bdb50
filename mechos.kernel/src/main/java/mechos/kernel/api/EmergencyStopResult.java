package mechos.kernel.api;

/**
 * The answer to {@link OperatorControl#latchEmergencyStop}: the e-stop is latched and every drive was told to
 * stop in any case; {@code durable} says whether the latch was also written and synced to disk (so it survives a
 * crash or power loss) before this answer was given.
 *
 * @param durable true when the latch file and its directory were synced before returning
 * @param message for the operator, e.g. {@code "e-stop latched (durable)"} or why it could not be made durable
 * @since 1.2
 */
public record EmergencyStopResult(boolean durable, String message) {
}
