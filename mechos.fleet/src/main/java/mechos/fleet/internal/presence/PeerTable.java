package mechos.fleet.internal.presence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import mechos.fleet.api.PeerFootprint;
import mechos.fleet.api.PeerFootprints;
import mechos.fleet.api.PeerStatus;

/**
 * The peers' last statuses and their footprints as obstacles. A peer's footprint is kept after its last will (a
 * dead process may leave a robot standing where it was) and grows with age: radius + {@code peerSpeed} × age, so a
 * stale position is treated conservatively; statuses older than the TTL are flagged stale. Thread-safe.
 */
public final class PeerTable {
    private final String self;
    private final Map<String, PeerStatus> peers = new ConcurrentSkipListMap<>();

    public PeerTable(String self) {
        this.self = self;
    }

    /** @return false when the status is about this robot itself, or an online status older than the one held */
    public boolean update(StatusMessage m, long nowMillis) {
        if (m.robotId() == null || m.robotId().isEmpty() || m.robotId().equals(self)) {
            return false;
        }
        PeerStatus old = peers.get(m.robotId());
        // a last will was composed at connect time: its stamp is old by design, it always counts
        if (old != null && m.online() && m.sentMillis() < old.sentMillis()) {
            return false;
        }
        PeerStatus s = new PeerStatus(m.robotId(), m.online(), text(m.frame()), m.x(), m.y(), m.theta(), m.radius(),
                text(m.safetyState()), text(m.agentState()), m.battery(), text(m.currentTask()), m.sentMillis(),
                nowMillis);
        // a last will carries no pose: keep the last known one
        if (!m.online() && old != null && !(Double.isFinite(m.x()) && Double.isFinite(m.y()))) {
            s = new PeerStatus(m.robotId(), false, old.frame(), old.x(), old.y(), old.theta(), old.radius(),
                    old.safetyState(), text(m.agentState()), old.battery(), "", m.sentMillis(), nowMillis);
        }
        peers.put(m.robotId(), s);
        return true;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    public List<PeerStatus> peers() {
        return new ArrayList<>(peers.values());
    }

    public Optional<PeerStatus> peer(String id) {
        return Optional.ofNullable(peers.get(id));
    }

    /**
     * @param ttlMillis status older than this is stale
     * @param peerSpeed m/s a peer may have moved since its status (grows the radius with age)
     * @param maxRadius a footprint never grows beyond this (m)
     */
    public PeerFootprints footprints(long nowMillis, long ttlMillis, double peerSpeed, double maxRadius) {
        List<PeerFootprint> out = new ArrayList<>();
        for (PeerStatus p : peers.values()) {
            if (!(Double.isFinite(p.x()) && Double.isFinite(p.y()))) {
                continue;
            }
            long age = p.ageMillis(nowMillis);
            double r = Double.isFinite(p.radius()) && p.radius() > 0 ? p.radius() : maxRadius;
            double grown = Math.min(maxRadius, r + peerSpeed * age / 1000.0);
            out.add(new PeerFootprint(p.robotId(), p.frame(), p.x(), p.y(), Math.max(r, grown), age,
                    age > ttlMillis || !p.online()));
        }
        return new PeerFootprints(nowMillis, out);
    }
}
