package mechos.hal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.HealthState;

class HealthTrackerTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void healthFollowsTheLastSuccessfulExchangeNotTheLastOpen() {
        HealthTracker h = new HealthTracker("base", "not connected yet", clock);
        h.staleAfter(200);
        assertEquals(HealthState.OFFLINE, h.state());
        assertEquals("not connected yet", h.get().reason());
        h.online();
        clock.advanceMs(150);
        h.exchanged();
        clock.advanceMs(150);
        assertEquals(HealthState.ONLINE, h.state(), "150 ms since the last exchange");
        clock.advanceMs(100);
        DeviceHealth stale = h.get();
        assertEquals(HealthState.OFFLINE, stale.state(), "a stuck I/O thread cannot keep ONLINE alive");
        assertTrue(stale.reason().contains("no successful exchange for 250 ms"), stale.reason());
        assertFalse(h.acceptsCommands());
        h.exchanged();
        assertTrue(h.acceptsCommands());
    }

    @Test
    void rejectedConfigurationIsAFaultWithTheReason() {
        HealthTracker h = new HealthTracker("lidar", "not connected yet", clock);
        h.rejected("port.baud=abc: not a whole number");
        assertEquals(HealthState.FAULT, h.state());
        assertEquals("configuration rejected: port.baud=abc: not a whole number", h.get().reason());
    }

    @Test
    void computedHealthIsTakenOverAndOnlineCountsAsAnExchange() {
        HealthTracker h = new HealthTracker("battery", "starting", clock);
        h.set(DeviceHealth.degraded("battery low (12 %)"));
        assertEquals(HealthState.DEGRADED, h.state());
        assertEquals("battery low (12 %)", h.get().reason());
        h.set(DeviceHealth.online());
        assertEquals(HealthState.ONLINE, h.state());
        assertTrue(h.everOnline());
        assertEquals(clock.getAsLong(), h.lastOnlineNanos());
    }
}
