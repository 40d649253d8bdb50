package mechos.itest.sim;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogReaderService;

import mechos.hal.api.LaserScan;
import mechos.hal.api.Lidar;
import mechos.itest.support.MechosTestSupport;
import mechos.platform.api.ConfigurationRefusals;

/**
 * Issue 15: a configuration that breaks a rule spanning two keys (the simulated LiDAR's rangeMin above its rangeMax,
 * both within their metatype bounds) is refused by hal.sim's validator before SCR hands it to the component: the
 * LiDAR keeps scanning with the values in force, the refusal is listed, Config Admin is set back, and no SCR stack
 * trace is logged. A valid change afterwards applies and clears the refusal.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SimConfigValidationIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final String LIDAR = "(mechos.device.id=lidar)";

    /** Everything of run.jar except the brain (nothing here needs it). */
    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> !bsn.equals("mechos.runtime"));
    }

    private static BundleContext bc() {
        return MechosTestSupport.context(SimConfigValidationIT.class);
    }

    @Test
    public void aLidarRangeMinAboveRangeMaxIsRefusedWithoutAStackTraceAndTheLidarKeepsScanning() throws Exception {
        BundleContext bc = bc();
        Lidar lidar = awaitService(bc, Lidar.class, LIDAR, START);
        awaitCondition("first scan", START, () -> lidar.latest() != null);
        assertEquals(8.0, lidar.latest().rangeMax(), 1e-9);
        ConfigurationAdmin cm = awaitService(bc, ConfigurationAdmin.class, null, START);
        ConfigurationRefusals refusals = awaitService(bc, ConfigurationRefusals.class, null, START);
        LogReaderService logs = awaitService(bc, LogReaderService.class, null, START);
        org.osgi.service.cm.Configuration[] found = cm.listConfigurations(
                "(&(service.factoryPid=mechos.hal.sim.lidar)" + LIDAR + ")");
        assertNotNull("the shipped LiDAR configuration", found);
        org.osgi.service.cm.Configuration cfg = found[0];
        Dictionary<String, Object> before = cfg.getProperties();
        assertNull("rangeMin is not in the shipped file (its default 0.05 applies)", before.get("rangeMin"));

        try {
            Dictionary<String, Object> bad = copy(before);
            bad.put("rangeMin", 9.0); // within its own bounds [0, 1000], but above rangeMax 8.0
            cfg.update(bad);

            awaitCondition("the refusal is listed", SHORT, () -> refusals.current().stream()
                    .anyMatch(l -> l.contains("rejected: rangeMin=9.0, rangeMax=8.0")));
            String line = refusals.current().stream().filter(l -> l.contains("rangeMin=9.0")).findFirst().orElseThrow();
            assertTrue(line, line.startsWith("configuration " + cfg.getPid() + " rejected:"));
            assertTrue(line, line.contains("need 0 <= rangeMin < rangeMax"));
            awaitCondition("Config Admin set back to the values in force", SHORT, () -> {
                Dictionary<String, Object> now = cfg.getProperties();
                return now != null && now.get("rangeMin") == null && "8.0".equals(String.valueOf(now.get("rangeMax")));
            });
            awaitCondition("the refusal stays listed, marked as set back", SHORT, () -> refusals.current().stream()
                    .anyMatch(l -> l.contains("rangeMin=9.0") && l.contains("set back")));

            Lidar after = awaitService(bc, Lidar.class, LIDAR, SHORT);
            long t0 = after.latest() == null ? 0 : after.latest().timestampNanos();
            awaitCondition("the LiDAR keeps scanning", SHORT, () -> after.latest() != null
                    && after.latest().timestampNanos() > t0);
            LaserScan scan = after.latest();
            assertEquals("the range in force", 0.05, scan.rangeMin(), 1e-9);
            assertEquals(8.0, scan.rangeMax(), 1e-9);
            assertActive(bc, "mechos.hal.sim.internal.SimLidar");
            String traces = exceptionsMentioning(logs, "rangeMin");
            assertEquals("no stack trace for a refused configuration:\n" + traces, "", traces);

            Dictionary<String, Object> good = copy(cfg.getProperties());
            good.put("rangeMax", 6.0);
            cfg.update(good);
            awaitCondition("a valid change applies", SHORT, () -> {
                Lidar l = awaitService(bc, Lidar.class, LIDAR, SHORT);
                return l.latest() != null && l.latest().rangeMax() == 6.0;
            });
            awaitCondition("and clears the refusal", SHORT, () -> refusals.current().stream()
                    .noneMatch(l -> l.contains("rangeMin=9.0")));
        } finally {
            cfg.update(before);
        }
    }

    private static void assertActive(BundleContext bc, String implementation) {
        ServiceComponentRuntime scr = awaitService(bc, ServiceComponentRuntime.class, null, SHORT);
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.implementationClass.equals(implementation)) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    assertEquals(implementation + " " + c.properties.get("service.pid") + ": " + c.failure,
                            ComponentConfigurationDTO.ACTIVE, c.state);
                }
            }
        }
    }

    /** @return the log entries with an exception whose text mentions {@code word}, one per line */
    private static String exceptionsMentioning(LogReaderService logs, String word) {
        StringBuilder b = new StringBuilder();
        for (Enumeration<LogEntry> e = logs.getLog(); e.hasMoreElements();) {
            LogEntry entry = e.nextElement();
            Throwable t = entry.getException();
            if (t != null && (String.valueOf(t.getMessage()).contains(word) || entry.getMessage().contains(word))) {
                b.append(entry.getMessage()).append(": ").append(t).append('\n');
            }
        }
        return b.toString();
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> d) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (Enumeration<String> k = d.keys(); k.hasMoreElements();) {
            String key = k.nextElement();
            h.put(key, d.get(key));
        }
        return h;
    }
}
