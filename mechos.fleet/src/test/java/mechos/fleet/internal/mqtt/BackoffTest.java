package mechos.fleet.internal.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCapWithJitterInTheUpperPartOfEachStep() {
        Backoff low = new Backoff(100, 1000, 0.5, () -> 0.0);
        assertEquals(50, low.next());
        assertEquals(100, low.next());
        assertEquals(200, low.next());
        assertEquals(400, low.next());
        assertEquals(500, low.next());
        assertEquals(500, low.next());
        Backoff high = new Backoff(100, 1000, 0.5, () -> 0.999_999);
        assertEquals(100, high.next());
        assertEquals(200, high.next());
        low.reset();
        assertEquals(50, low.next());
    }

    @Test
    void neverOverflowsAfterManyFailures() {
        Backoff b = new Backoff(200, 10_000, 0.5, () -> 0.5);
        for (int i = 0; i < 200; i++) {
            long d = b.next();
            assertTrue(d > 0 && d <= 10_000, "delay " + d);
        }
    }

    @Test
    void badSettingsAreRefusedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Backoff(0, 10, 0.5, () -> 0));
        assertTrue(e.getMessage().contains("base 0"));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 10, Double.NaN, () -> 0));
    }
}
