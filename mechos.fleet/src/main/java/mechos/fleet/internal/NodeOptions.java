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
        checkFleet(fleet);
        checkRobotId(link.clientId());
        checkPositive("presence.period.ms", presenceMillis);
        checkPositive("peer.ttl.ms", ttlMillis);
        checkPositive("inbound.kept", inboundKept);
        checkRadius(radius);
        checkPeerSpeed(peerSpeed);
        checkMaxRadius(maxRadius, radius);
        allowedPeers = Set.copyOf(allowedPeers);
    }

    // The checks are static so that the bundle's configuration validator runs the same ones on proposed values.

    static void checkFleet(String fleet) {
        if (fleet == null || !fleet.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    "mechos.fleet: fleet must be 1-64 of [A-Za-z0-9_.-], got '" + fleet + "'");
        }
    }

    static void checkRobotId(String robotId) {
        if (robotId == null || !robotId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    "mechos.fleet: robot.id must be 1-64 of [A-Za-z0-9_.-], got '" + robotId + "'");
        }
    }

    static void checkPositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("mechos.fleet: need " + key + " > 0, got " + value);
        }
    }

    static void checkRadius(double radius) {
        if (!(radius > 0)) {
            throw new IllegalArgumentException("mechos.fleet: need radius.m > 0, got " + radius);
        }
    }

    static void checkPeerSpeed(double peerSpeed) {
        if (!(peerSpeed >= 0)) {
            throw new IllegalArgumentException("mechos.fleet: need peer.speed >= 0, got " + peerSpeed);
        }
    }

    static void checkMaxRadius(double maxRadius, double radius) {
        if (!(maxRadius >= radius)) {
            throw new IllegalArgumentException("mechos.fleet: need peer.max.radius.m >= radius.m, got "
                    + maxRadius + " < " + radius);
        }
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
