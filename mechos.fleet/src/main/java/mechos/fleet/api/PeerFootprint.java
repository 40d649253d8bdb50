package mechos.fleet.api;

/**
 * A peer robot as an obstacle: a circle in the shared map frame.
 *
 * @param robotId   the peer
 * @param frame     frame of x, y
 * @param x         m
 * @param y         m
 * @param radius    m; grown for stale data (see {@code stale})
 * @param ageMillis age of the status it comes from
 * @param stale     true when older than the configured TTL: position uncertain, treat conservatively
 */
public record PeerFootprint(String robotId, String frame, double x, double y, double radius, long ageMillis,
        boolean stale) {
}
