package mechos.hal.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DebouncerTest {
    private static final long MS = 1_000_000;

    @Test
    void bounceShorterThanTheDebounceTimeIsIgnored() {
        Debouncer d = new Debouncer(20 * MS, false);
        assertFalse(d.sample(true, 0));
        assertFalse(d.sample(false, 5 * MS));
        assertFalse(d.sample(true, 10 * MS));
        assertFalse(d.sample(true, 25 * MS), "only 15 ms stable so far");
        assertTrue(d.sample(true, 30 * MS));
        assertTrue(d.stable());
        assertFalse(d.sample(true, 40 * MS), "no change is reported twice");
        assertFalse(d.sample(false, 50 * MS));
        assertTrue(d.sample(false, 70 * MS));
        assertFalse(d.stable());
    }
}
