package mechos.fleet.api;

/**
 * The last status a peer robot published (retained birth/status message), or its last will.
 *
 * @param robotId       peer id
 * @param online        false after its last will ("offline") or an explicit offline status
 * @param frame         frame of the pose (the shared map frame, e.g. {@code map})
 * @param x             m
 * @param y             m
 * @param theta         rad
 * @param radius        footprint radius, m (a circle around x, y)
 * @param safetyState   its kernel safety state name (e.g. NOMINAL, SAFE_STOP), or "unknown"
 * @param agentState    its brain's state in words, or "unknown"
 * @param battery       state of charge 0..1, or NaN when unknown
 * @param currentTask   id of the market task it holds, or empty
 * @param sentMillis    its wall clock when it sent the status
 * @param seenMillis    this robot's wall clock when the status arrived
 */
public record PeerStatus(String robotId, boolean online, String frame, double x, double y, double theta,
        double radius, String safetyState, String agentState, double battery, String currentTask, long sentMillis,
        long seenMillis) {

    /** @return this status's age at {@code nowMillis} (this robot's wall clock), never negative */
    public long ageMillis(long nowMillis) {
        return Math.max(0, nowMillis - seenMillis);
    }
}
