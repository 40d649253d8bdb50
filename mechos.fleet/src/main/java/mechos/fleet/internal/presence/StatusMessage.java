package mechos.fleet.internal.presence;

/**
 * The retained birth/status payload a robot publishes under its own id, and its last will (online = false).
 * Unknown numbers are NaN; text fields are never null on the wire.
 */
public record StatusMessage(String robotId, boolean online, String frame, double x, double y, double theta,
        double radius, String safetyState, String agentState, double battery, String currentTask, long sentMillis) {
}
