package mechos.fleet.internal;

import java.util.Set;

import mechos.fleet.internal.market.MarketAgent;
import mechos.fleet.internal.mqtt.LinkOptions;

/**
 * Everything a {@link FleetNode} needs, validated.
 *
 * @param fleet           fleet name: topics live under {@code mechos/<fleet>/}
 * @param link            broker connection
 * @param allowedPeers    robots whose messages and market events are accepted; {@code *} = every robot
 * @param presenceMillis  status period
 * @param radius          this robot's footprint radius (m)
 * @param ttlMillis       a peer status older than this is stale
 * @param peerSpeed       m/s a peer may have moved since its status (stale footprints grow)
 * @param maxRadius       footprint growth limit (m)
 * @param market          market timing
 * @param inboundKept     inbound messages kept for the brain
 */
public record NodeOptions(String fleet, LinkOptions link, Set<String> allowedPeers, long presenceMillis,
        double radius, long ttlMillis, double peerSpeed, double maxRadius, MarketAgent.Settings market,
        int inboundKept) {
    public NodeOptions {
        if (fleet == null || !fleet.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    "mechos.fleet: fleet must be 1-64 of [A-Za-z0-9_.-], got '" + fleet + "'");
        }
        if (link.clientId() == null || !link.clientId().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    "mechos.fleet: robot.id must be 1-64 of [A-Za-z0-9_.-], got '" + link.clientId() + "'");
        }
        if (presenceMillis <= 0 || ttlMillis <= 0 || inboundKept <= 0 || !(radius > 0) || !(peerSpeed >= 0)
                || !(maxRadius >= radius)) {
            throw new IllegalArgumentException("mechos.fleet: need presence.period.ms > 0, peer.ttl.ms > 0,"
                    + " radius.m > 0,"
                    + " peer.speed >= 0, peer.max.radius.m >= radius.m, inbound.kept > 0");
        }
        allowedPeers = Set.copyOf(allowedPeers);
    }

    /** @return the topic prefix, e.g. {@code mechos/lab/} */
    public String base() {
        return "mechos/" + fleet + "/";
    }

    public String self() {
        return link.clientId();
    }

    public boolean allowed(String peer) {
        return allowedPeers.contains("*") || allowedPeers.contains(peer);
    }
}
