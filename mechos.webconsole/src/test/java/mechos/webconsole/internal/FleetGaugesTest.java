package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import mechos.fleet.api.FleetHealth;
import mechos.fleet.api.FleetStatus;
import mechos.fleet.api.FleetView;
import mechos.fleet.api.PeerStatus;

class FleetGaugesTest {
    private static FleetView view(FleetStatus status, List<PeerStatus> peers) {
        return new FleetView() {
            @Override
            public String selfId() {
                return "r1";
            }

            @Override
            public List<PeerStatus> peers() {
                if (status == null) {
                    throw new IllegalStateException("link bug");
                }
                return peers;
            }

            @Override
            public Optional<PeerStatus> peer(String robotId) {
                return Optional.empty();
            }

            @Override
            public FleetStatus status() {
                return status;
            }
        };
    }

    private static PeerStatus peer(String id, boolean online) {
        return new PeerStatus(id, online, "map", 0, 0, 0, 0.2, "NOMINAL", "IDLE", 0.9, "", 1, 1);
    }

    @Test
    void writesHealthCountersAndPeersOfTheFleetLink() {
        FleetGauges g = new FleetGauges();
        g.bindFleetView(view(new FleetStatus("r1", FleetHealth.DEGRADED, "queue full", 12, 34, 2, 5, 1, 3, 4, 6, 7),
                List.of(peer("r2", true), peer("r3", false), peer("r4", true))));
        PrometheusText p = new PrometheusText();
        g.write(p);
        String t = p.toString();
        assertTrue(t.contains("mechos_fleet_health{state=\"DEGRADED\"} 1"), t);
        assertTrue(t.contains("mechos_fleet_health{state=\"ONLINE\"} 0"), t);
        assertTrue(t.contains("mechos_fleet_messages_total{direction=\"in\"} 12"), t);
        assertTrue(t.contains("mechos_fleet_messages_total{direction=\"out\"} 34"), t);
        assertTrue(t.contains("mechos_fleet_reconnects_total 2"), t);
        assertTrue(t.contains("mechos_fleet_queued 5"), t);
        assertTrue(t.contains("mechos_fleet_inbound_dropped_total 4"), t);
        assertTrue(t.contains("mechos_fleet_auctions_total 6"), t);
        assertTrue(t.contains("mechos_fleet_lease_expiries_total 7"), t);
        assertTrue(t.contains("mechos_fleet_peers{presence=\"online\"} 2"), t);
        assertTrue(t.contains("mechos_fleet_peers{presence=\"offline\"} 1"), t);
    }

    @Test
    void noFleetOrAFailingViewWritesNothing() {
        FleetGauges g = new FleetGauges();
        PrometheusText p = new PrometheusText();
        g.write(p);
        assertEquals("", p.toString());
        FleetView broken = view(null, List.of());
        g.bindFleetView(broken);
        g.write(p);
        assertEquals("", p.toString());
        g.unbindFleetView(broken);
        g.write(p);
        assertEquals("", p.toString());
    }
}
