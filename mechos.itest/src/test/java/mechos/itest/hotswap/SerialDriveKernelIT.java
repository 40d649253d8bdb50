package mechos.itest.hotswap;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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

import mechos.hal.api.DriveBase;
import mechos.hal.api.HealthState;
import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.Stop;

/**
 * The RoboClaw driver of mechos.hal.serial on a socat pty with an emulated controller, under the real kernel: the
 * port vanishing mid-run (socat killed) makes the drive OFFLINE and the kernel stops the motion; when the port
 * returns the driver reconnects, sends only zero speed until commanded, and commands flow again after a reset.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SerialDriveKernelIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofSeconds(15);

    @Inject
    BundleContext bc;
    @Inject
    ConfigurationAdmin cm;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> !bsn.equals("mechos.hal.sim") && !bsn.equals("mechos.runtime"));
    }

    private boolean baseIs(DeviceRegistry registry, HealthState state) {
        return registry.device("base").map(d -> d.present() && d.health().state() == state).orElse(false);
    }

    @Test
    public void portVanishingMidRunStopsTheRobotAndTheDriverRecovers() throws Exception {
        Kernel kernel = awaitService(bc, Kernel.class, null, START);
        OperatorControl operator = awaitService(bc, OperatorControl.class, null, START);
        DeviceRegistry registry = awaitService(bc, DeviceRegistry.class, null, START);
        Path dir = Files.createTempDirectory(Files.createDirectories(MechosTestSupport.workDir()), "pty-");
        try (PtyRoboClaw roboclaw = new PtyRoboClaw(dir)) {
            roboclaw.start();
            // The serial drivers run only while the hardware profile selects them (issue 13); the simulator stays.
            Hashtable<String, Object> profile = new Hashtable<>();
            profile.put("profile", new String[] { "sim", "serial" });
            cm.getConfiguration("mechos.hardware", "?").update(profile);
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("mechos.device.id", "base");
            props.put("odometry.id", "odom");
            props.put("port.path", roboclaw.driverSide().toString());
            props.put("offline.after.ms", 300);
            props.put("reconnect.min.ms", 50);
            props.put("reconnect.max.ms", 200);
            cm.createFactoryConfiguration("mechos.hal.serial.roboclaw", "?").update(props);
            DriveBase drive = awaitService(bc, DriveBase.class, "(mechos.device.id=base)", START);
            awaitCondition("drive ONLINE (driver and kernel)", SHORT,
                    () -> drive.health().state() == HealthState.ONLINE && baseIs(registry, HealthState.ONLINE));
            awaitCondition("kernel NOMINAL (is " + kernel.status() + ")", SHORT, () -> {
                if (kernel.status().state() == SafetyState.SAFE_STOP) {
                    operator.reset("serial-itest");
                }
                return kernel.status().state() == SafetyState.NOMINAL;
            });

            ScheduledExecutorService lease = Executors.newSingleThreadScheduledExecutor();
            try {
                lease.scheduleAtFixedRate(() -> kernel.submit("operator", new Drive(0.05, 0)), 0, 50,
                        TimeUnit.MILLISECONDS);
                awaitCondition("the controller receives a non-zero speed", SHORT, () -> roboclaw.movedSince(0));
                awaitCondition("kernel moving", SHORT, () -> kernel.status().moving());

                roboclaw.kill();
                awaitCondition("kernel reports base OFFLINE (is " + registry.device("base") + ")", SHORT,
                        () -> registry.device("base").map(d -> d.health().state().compareTo(HealthState.DEGRADED) > 0)
                                .orElse(false));
                awaitCondition("the kernel stopped the motion (is " + kernel.status() + ")", SHORT,
                        () -> kernel.status().state() == SafetyState.SAFE_STOP && !kernel.status().moving());
                assertTrue(kernel.status().reason(), kernel.status().reason().contains("base")
                        || kernel.status().reason().contains("odom"));
                assertEquals(Bundle.ACTIVE, Arrays.stream(bc.getBundles())
                        .filter(b -> "mechos.hal.serial".equals(b.getSymbolicName())).findFirst().orElseThrow()
                        .getState());

                int before = roboclaw.speeds.size();
                roboclaw.start();
                awaitCondition("drive ONLINE again after the port returned", SHORT,
                        () -> drive.health().state() == HealthState.ONLINE);
                awaitCondition("the reconnected driver sends speed commands", SHORT,
                        () -> roboclaw.speeds.size() > before + 5);
                assertFalse("only zero speed until the kernel commands motion again",
                        kernel.status().state() == SafetyState.SAFE_STOP && roboclaw.movedSince(before));
                int afterReconnect = roboclaw.speeds.size();
                awaitCondition("reset accepted", SHORT, () -> operator.reset("serial-itest")
                        && kernel.status().state() == SafetyState.NOMINAL);
                awaitCondition("commands flow again", SHORT, () -> roboclaw.movedSince(afterReconnect));
            } finally {
                lease.shutdownNow();
                assertTrue(lease.awaitTermination(5, TimeUnit.SECONDS));
                kernel.submit("operator", new Stop("serial itest done"));
            }
        }
    }
}
