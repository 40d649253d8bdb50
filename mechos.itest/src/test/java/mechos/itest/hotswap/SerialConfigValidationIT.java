package mechos.itest.hotswap;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogReaderService;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DriveBase;
import mechos.hal.api.HealthState;
import mechos.itest.support.MechosTestSupport;
import mechos.platform.api.ConfigurationRefusals;

/**
 * Issue 15, the start-up path of mechos.hal.serial: RoboClaw configurations that break a rule spanning two keys
 * (both values within their metatype bounds) are in Config Admin when the bundle starts, as a bad {@code conf/} file
 * is at a robot's start. The bundle's validator, named in its manifest, refuses them on the first delivery: each
 * refusal is listed, Config Admin is set back (no values in force yet, so the keys are removed and the defaults
 * apply), both drives come up with the defaults and try their (missing) port instead of coming up FAULT
 * "configuration rejected" or failing activation, and no stack trace is logged. Before the validator,
 * {@code io.watchdog.ms <= port.read.timeout.ms} left the drive FAULT and {@code reconnect.max.ms < reconnect.min.ms}
 * made its activation throw (SCR's stack trace, no drive). No port is needed: a missing one keeps the drive OFFLINE.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SerialConfigValidationIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final String ROBOCLAW = "mechos.hal.serial.roboclaw";
    private static final String SERIAL_BUNDLE = "mechos.hal.serial";

    @Inject
    BundleContext bc;
    @Inject
    ConfigurationAdmin cm;

    /** Everything of run.jar except the simulator and the brain (nothing here needs them). */
    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> !bsn.equals("mechos.hal.sim") && !bsn.equals("mechos.runtime"));
    }

    @Test
    public void crossKeyErrorsPresentAtTheBundlesStartAreRefusedAndTheDrivesComeUpWithTheDefaults() throws Exception {
        ConfigurationRefusals refusals = awaitService(bc, ConfigurationRefusals.class, null, START);
        LogReaderService logs = awaitService(bc, LogReaderService.class, null, START);
        Path dir = Files.createTempDirectory(Files.createDirectories(MechosTestSupport.workDir()), "serial-cfg-");
        Bundle serial = Arrays.stream(bc.getBundles()).filter(b -> SERIAL_BUNDLE.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        Hashtable<String, Object> profile = new Hashtable<>();
        profile.put("profile", new String[] { "serial" });
        cm.getConfiguration("mechos.hardware", "?").update(profile);

        serial.stop();
        Hashtable<String, Object> watchdog = drive("claw-a", dir);
        watchdog.put("port.read.timeout.ms", 40);
        watchdog.put("io.watchdog.ms", 40); // within its bounds [20, 60000], but not above the read timeout
        org.osgi.service.cm.Configuration a = cm.createFactoryConfiguration(ROBOCLAW, "?");
        a.update(watchdog);
        Hashtable<String, Object> reconnect = drive("claw-b", dir);
        reconnect.put("reconnect.min.ms", 500);
        reconnect.put("reconnect.max.ms", 200);
        org.osgi.service.cm.Configuration b = cm.createFactoryConfiguration(ROBOCLAW, "?");
        b.update(reconnect);
        try {
            serial.start();

            awaitCondition("both refusals are listed (" + refusals.current() + ")", SHORT,
                    () -> line(refusals, a.getPid()) != null && line(refusals, b.getPid()) != null);
            String wd = line(refusals, a.getPid());
            assertTrue(wd, wd.contains("rejected: io.watchdog.ms=40, port.read.timeout.ms=40: "
                    + "io.watchdog.ms (40) must be > port.read.timeout.ms (40)"));
            assertTrue(wd, wd.contains("io.watchdog.ms: using the default 100"));
            String rc = line(refusals, b.getPid());
            assertTrue(rc, rc.contains("rejected: reconnect.min.ms=500, reconnect.max.ms=200: "
                    + "reconnect.max.ms (200) must be >= reconnect.min.ms (500)"));
            awaitCondition("Config Admin set back to the values in force (the defaults)", SHORT,
                    () -> removed(a, "io.watchdog.ms", "port.read.timeout.ms")
                            && removed(b, "reconnect.min.ms", "reconnect.max.ms"));

            for (String id : List.of("claw-a", "claw-b")) {
                DriveBase drive = awaitService(bc, DriveBase.class, "(mechos.device.id=" + id + ")", SHORT);
                awaitCondition(id + " tries its port with the values in force (is " + drive.health() + ")", SHORT,
                        () -> {
                            DeviceHealth h = drive.health();
                            return h.state() == HealthState.OFFLINE && h.reason().startsWith("cannot open ");
                        });
            }
            assertActive("mechos.hal.serial.internal.roboclaw.RoboClawDriveBase", 2);
            String traces = exceptions(logs, serial);
            assertEquals("no stack trace for a refused configuration:\n" + traces, "", traces);
        } finally {
            a.delete();
            b.delete();
        }
    }

    /** A RoboClaw configuration on a port that does not exist (the drive stays OFFLINE, retrying). */
    private static Hashtable<String, Object> drive(String id, Path dir) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("mechos.device.id", id);
        props.put("odometry.id", id + "-odom");
        props.put("port.path", dir.resolve("tty-" + id).toString());
        return props;
    }

    /** @return the current refusal line of configuration {@code pid}, else null */
    private static String line(ConfigurationRefusals refusals, String pid) {
        return refusals.current().stream().filter(l -> l.startsWith("configuration " + pid + " rejected: "))
                .findFirst().orElse(null);
    }

    private static boolean removed(org.osgi.service.cm.Configuration cfg, String... keys) {
        Dictionary<String, Object> now = cfg.getProperties();
        if (now == null) {
            return false;
        }
        for (String key : keys) {
            if (now.get(key) != null) {
                return false;
            }
        }
        return true;
    }

    private void assertActive(String implementation, int configurations) {
        ServiceComponentRuntime scr = awaitService(bc, ServiceComponentRuntime.class, null, SHORT);
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.implementationClass.equals(implementation)) {
                ComponentConfigurationDTO[] found = scr.getComponentConfigurationDTOs(d).toArray(
                        ComponentConfigurationDTO[]::new);
                assertEquals(MechosTestSupport.scrState(bc, SERIAL_BUNDLE), configurations, found.length);
                for (ComponentConfigurationDTO c : found) {
                    assertEquals(implementation + " " + c.properties.get("service.pid") + ": " + c.failure,
                            ComponentConfigurationDTO.ACTIVE, c.state);
                }
                return;
            }
        }
        throw new AssertionError("no component " + implementation);
    }

    /** @return the log entries with an exception from the serial bundle or naming a RoboClaw key, one per line */
    private static String exceptions(LogReaderService logs, Bundle serial) {
        StringBuilder b = new StringBuilder();
        for (Enumeration<LogEntry> e = logs.getLog(); e.hasMoreElements();) {
            LogEntry entry = e.nextElement();
            Throwable t = entry.getException();
            String text = entry.getMessage() + " " + (t == null ? "" : t.getMessage());
            if (t != null && (serial.equals(entry.getBundle()) || text.contains("reconnect")
                    || text.contains("io.watchdog") || text.contains("RoboClaw"))) {
                b.append(entry.getMessage()).append(": ").append(t).append('\n');
            }
        }
        return b.toString();
    }
}
