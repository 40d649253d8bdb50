package mechos.runtime.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoopGuardTest {
    @Test
    void identicalIntentsWithoutProgressTrip() {
        LoopGuard g = new LoopGuard(4, 3);
        for (int i = 0; i < 3; i++) {
            assertTrue(g.observe("A", false).isEmpty());
        }
        assertTrue(g.observe("A", false).orElseThrow().contains("4 times without progress"));
    }

    @Test
    void identicalIntentsWithProgressAreFine() {
        LoopGuard g = new LoopGuard(4, 3);
        for (int i = 0; i < 20; i++) {
            assertTrue(g.observe("drive forward", true).isEmpty(), "cruising renews the same drive");
        }
    }

    @Test
    void abCycleTripsEvenWithProgress() {
        LoopGuard g = new LoopGuard(4, 3);
        String[] seq = {"L", "R", "L", "R", "L"};
        for (String s : seq) {
            assertTrue(g.observe(s, true).isEmpty());
        }
        assertTrue(g.observe("R", true).orElseThrow().contains("2-step cycle"));
    }

    @Test
    void abcCycleTrips() {
        LoopGuard g = new LoopGuard(10, 2);
        String[] seq = {"A", "B", "C", "A", "B"};
        for (String s : seq) {
            assertTrue(g.observe(s, true).isEmpty());
        }
        assertTrue(g.observe("C", true).orElseThrow().contains("3-step cycle"));
    }

    @Test
    void clearForgets() {
        LoopGuard g = new LoopGuard(2, 3);
        g.observe("A", false);
        g.clear();
        assertTrue(g.observe("A", false).isEmpty());
    }

    @Test
    void normaliseRoundsNumbersButNotStrings() {
        assertEquals(LoopGuard.normalise("{\"action\":\"drive\",\"linear\":0.2001,\"angular\":-0.0}"),
                LoopGuard.normalise("{\"action\":\"drive\",\"linear\":0.2,\"angular\":0.001}"));
        assertTrue(LoopGuard.normalise("{\"text\":\"room 12.345\"}").contains("12.345"));
    }
}
