package mechos.fleet.internal.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import mechos.fleet.api.PeerFootprint;

class PeerTableTest {
    private static StatusMessage status(String id, boolean online, double x, long sent) {
        return new StatusMessage(id, online, "map", x, 0, 0, 0.3, "NOMINAL", "idle", 0.8, "", sent);
    }

    @Test
    void ignoresItselfAndOlderStatusesButAlwaysTakesALastWill() {
        PeerTable t = new PeerTable("me");
        assertFalse(t.update(status("me", true, 1, 10), 10));
        assertTrue(t.update(status("p", true, 1, 100), 100));
        assertFalse(t.update(status("p", true, 2, 50), 110));
        // a last will was composed at connect time (stamp 0) and has no pose: it counts, the last pose stays
        assertTrue(t.update(new StatusMessage("p", false, "", Double.NaN, Double.NaN, Double.NaN, 0.3, "unknown",
                "offline", Double.NaN, "", 0), 120));
        assertFalse(t.peer("p").orElseThrow().online());
        assertEquals(1, t.peer("p").orElseThrow().x());
    }

    @Test
    void footprintsGrowWithAgeAndAreStaleAfterTheTtlOrOffline() {
        PeerTable t = new PeerTable("me");
        t.update(status("p", true, 1, 0), 1000);
        PeerFootprint fresh = t.footprints(1000, 2000, 1.0, 3.0).footprints().get(0);
        assertEquals(0.3, fresh.radius(), 1e-9);
        assertFalse(fresh.stale());
        PeerFootprint old = t.footprints(3500, 2000, 1.0, 3.0).footprints().get(0);
        assertEquals(2.8, old.radius(), 1e-9);
        assertTrue(old.stale());
        assertEquals(3.0, t.footprints(100_000, 2000, 1.0, 3.0).footprints().get(0).radius(), 1e-9);
    }
}
