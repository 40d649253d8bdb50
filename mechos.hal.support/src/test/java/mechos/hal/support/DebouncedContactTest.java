package mechos.hal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.hal.api.HealthState;

class DebouncedContactTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void bouncesAreFilteredChangesPublishedAndAHeartbeatKeepsAQuietSwitchVisible() {
        List<Boolean> published = new ArrayList<>();
        DebouncedContact<Boolean> c = new DebouncedContact<>("estop", "waiting", 20, 500, clock, (t, a) -> a);
        c.samples().subscribe(published::add);
        assertEquals(HealthState.OFFLINE, c.health().state());
        c.first(false);
        assertEquals(HealthState.ONLINE, c.health().state());
        assertEquals(List.of(false), published);
        clock.advanceMs(5);
        assertFalse(c.sample(true), "a bounce");
        clock.advanceMs(5);
        assertFalse(c.sample(false));
        assertEquals(List.of(false), published);
        clock.advanceMs(5);
        c.sample(true);
        clock.advanceMs(25);
        assertTrue(c.sample(true), "pressed for 25 ms >= 20 ms");
        assertEquals(List.of(false, true), published);
        assertTrue(c.active());
        clock.advanceMs(499);
        c.sample(true);
        assertEquals(2, published.size(), "no heartbeat yet");
        clock.advanceMs(1);
        c.sample(true);
        assertEquals(List.of(false, true, true), published, "heartbeat after 500 ms");
        c.failed("reading GPIO 4 failed: gone");
        assertEquals(HealthState.FAULT, c.health().state());
        c.stopped();
        assertEquals(HealthState.OFFLINE, c.health().state());
        assertEquals(0, c.samples().listenerCount());
    }

    @Test
    void badTimesNameTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DebouncedContact<>("b", "w", -1, 500, clock, (t, a) -> a));
        assertTrue(e.getMessage().contains("debounce.ms=-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DebouncedContact<>("b", "w", 10, 0, clock, (t, a) -> a));
        assertTrue(e.getMessage().contains("heartbeat.ms=0"), e.getMessage());
    }
}
