package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.Drive;

class DecisionTextTest {
    @Test
    void numbersAreRoundedToThreeDecimals() {
        assertEquals("Drive[linear=0.2, angular=0]", DecisionText.intent(new Drive(0.19999999999999996, 0.0)));
        assertEquals("{\"linear\":-0.333,\"angular\":1.5}",
                DecisionText.roundNumbers("{\"linear\":-0.33333333,\"angular\":1.5000000001}"));
        assertEquals("rejected: [speed.accel_linear] linear change from 0 to 0.6 m/s exceeds 0.4",
                DecisionText.roundNumbers("rejected: [speed.accel_linear] linear change from 0.000 to 0.600 m/s exceeds 0.4"));
        assertEquals("id a1.2.3 and v1.0-beta stay", DecisionText.roundNumbers("id a1.2.3 and v1.0-beta stay"));
    }

    @Test
    void theVerdictIsSaidOnce() {
        assertEquals("rejected: [estop] e-stop latched", DecisionText.verdict(false, "rejected: [estop] e-stop latched"));
        assertEquals("rejected: [estop] x", DecisionText.verdict(false, "rejected: rejected: [estop] x"));
        assertEquals("rejected: budget exhausted", DecisionText.verdict(false, "budget exhausted"));
        assertEquals("approved", DecisionText.verdict(true, "approved"));
        assertEquals("approved", DecisionText.verdict(true, ""));
    }

    @Test
    void identicalNeighboursCollapseWithACountAndTheirTimeSpan() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long t : new long[] { 3000, 2000, 1000 }) {
            Map<String, Object> r = row("Drive[linear=0.3, angular=0]", t);
            if (!DecisionText.collapse(rows, r, "intent")) {
                rows.add(r);
            }
        }
        Map<String, Object> other = row("Stop[reason=x]", 500);
        if (!DecisionText.collapse(rows, other, "intent")) {
            rows.add(other);
        }
        assertEquals(2, rows.size());
        assertEquals(3, rows.get(0).get("count"));
        assertEquals(3000L, rows.get(0).get("time"));
        assertEquals(1000L, rows.get(0).get("firstTime"));
        assertEquals(1, rows.get(1).get("count"));
    }

    private static Map<String, Object> row(String intent, long time) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("intent", intent);
        m.put("time", time);
        return m;
    }
}
