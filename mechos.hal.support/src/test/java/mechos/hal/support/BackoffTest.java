package mechos.hal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheMaximumAndStartsOverAfterReset() {
        Backoff b = new Backoff(100, 1000);
        assertEquals(100, b.next());
        assertEquals(200, b.next());
        assertEquals(400, b.next());
        assertEquals(800, b.next());
        assertEquals(1000, b.next());
        assertEquals(1000, b.next(), "capped");
        b.reset();
        assertEquals(100, b.peek());
        assertEquals(100, b.next());
    }

    @Test
    void attemptsPerMinuteOfASilentDeviceAreBoundedByTheMaximum() {
        Backoff b = new Backoff(100, 5000);
        long elapsed = 0;
        int attempts = 0;
        while (elapsed < 60_000) {
            elapsed += b.next();
            attempts++;
        }
        // 100 + 200 + ... + 3200 (6 attempts, 6.3 s), then every 5 s: 6 + ceil(53.7 / 5) = 17
        assertTrue(attempts <= 60_000 / 5000 + 6, "attempts " + attempts);
    }

    @Test
    void unusableBoundsNameTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
        assertTrue(e.getMessage().contains("reconnect.min.ms"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 10));
        assertTrue(e.getMessage().contains("reconnect.max.ms"), e.getMessage());
    }
}
