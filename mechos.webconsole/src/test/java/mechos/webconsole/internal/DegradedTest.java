package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The page and the metrics work, degraded, when none of the robot's services is there. */
class DegradedTest {
    private final RobotServices services = new RobotServices();
    private final BusMonitor monitor = new BusMonitor();

    @Test
    @SuppressWarnings("unchecked")
    void stateNamesWhatIsMissing() {
        Map<String, Object> s = new StateView(services, monitor).state();
        assertEquals(Map.of("available", false, "reason", "kernel not available"), s.get("safety"));
        assertEquals(false, ((Map<String, Object>) s.get("agent")).get("available"));
        assertEquals("kernel device registry not available", ((Map<String, Object>) s.get("devices")).get("reason"));
        assertEquals("recorder not available", ((Map<String, Object>) s.get("recorder")).get("reason"));
        assertEquals(List.of(), s.get("decisions"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mapNamesWhatIsMissing() {
        Map<String, Object> m = new MapDocument(services, monitor).map(8, 100);
        assertNull(m.get("pose"));
        List<String> missing = (List<String>) m.get("missing");
        assertTrue(missing.contains("occupancy map"), missing.toString());
        assertTrue(missing.contains("lidar"), missing.toString());
        assertEquals(0.2, m.get("footprint"));
    }

    @Test
    void metricsWithoutServicesHaveNoKernelSeries() {
        String text = new MetricsReport(services, monitor, new MemoryProbe(1)).prometheus();
        assertTrue(text.contains("mechos_up 1\n"), text);
        assertTrue(text.contains("mechos_service_present{service=\"kernel\"} 0\n"), text);
        assertFalse(text.contains("mechos_safety_state"), "no made-up safety state without a kernel");
        assertFalse(text.contains("mechos_bus_queue_depth"), "no bus, no bus series");
    }

    @Test
    void actionsWithoutServicesSaySo() {
        OperatorActions a = new OperatorActions(services, monitor);
        assertEquals(false, a.estop("admin").get("ok"));
        assertTrue(a.estop("admin").get("message").toString().contains("cannot be e-stopped"));
        assertEquals(false, a.drive("admin", 0.1, 0).get("ok"));
        assertEquals("agent runtime not available", a.answer("admin", "yes").get("message"));
        assertEquals("recorder not available", a.recorder(true).get("message"));
    }
}
