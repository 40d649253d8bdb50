package mechos.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ConfigurationChecksTest {
    private static Runnable refuse(String why) {
        return () -> {
            throw new IllegalArgumentException(why);
        };
    }

    @Test
    void eachRefusalNamesItsKeysInOrderAndARefusedKeyIsNotJudgedTwice() {
        AtomicInteger ran = new AtomicInteger();
        ConfigurationChecks c = new ConfigurationChecks()
                .check(refuse("a must be > 0"), "a")
                .check(() -> ran.incrementAndGet(), "b")
                .check(refuse("a must be below b"), "a", "b") // reads the refused a: skipped
                .check(refuse("c is blank"), "c");
        assertEquals(1, ran.get());
        assertEquals(List.of(new ConfigurationProblem(List.of("a"), "a must be > 0"),
                new ConfigurationProblem(List.of("c"), "c is blank")), c.problems());
        assertFalse(c.passed());
    }

    @Test
    void theWholeConstructionRunsOnlyWhenEveryRulePassed() {
        AtomicInteger built = new AtomicInteger();
        assertTrue(new ConfigurationChecks().check(() -> { }, "a").whole(built::incrementAndGet, "a", "b").passed());
        assertEquals(1, built.get());
        new ConfigurationChecks().check(refuse("no"), "a").whole(built::incrementAndGet, "b");
        assertEquals(1, built.get(), "not run after a refusal");
        assertEquals(List.of("a", "b"), new ConfigurationChecks().whole(refuse("left out"), "a", "b").problems().get(0)
                .keys());
    }

    @Test
    void onlyIllegalArgumentIsARefusal() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new ConfigurationChecks().check(() -> {
                    throw new IllegalStateException("a bug, not a bad value");
                }, "a"));
    }
}
