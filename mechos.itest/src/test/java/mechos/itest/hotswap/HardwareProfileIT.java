package mechos.itest.hotswap;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import mechos.hal.api.HealthState;
import mechos.hal.api.Lidar;
import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.DeviceRegistry;

/**
 * Issue 13: the hardware profile is one configuration (PID {@code mechos.hardware}, key {@code profile}). Switching
 * it at runtime stops the simulated devices and starts the serial ones (and back), without touching any device's
 * own configuration.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HardwareProfileIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final String SIM_LIDAR = "(&(mechos.device.id=lidar)(robot.target=*))";
    private static final String SERIAL_LIDAR = "(mechos.device.id=lidar-serial)";

    @Inject
    BundleContext bc;
    @Inject
    ConfigurationAdmin cm;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> !bsn.equals("mechos.runtime"));
    }

    private int lidars(String filter) {
        try {
            ServiceReference<?>[] refs = bc.getServiceReferences(Lidar.class.getName(), filter);
            return refs == null ? 0 : refs.length;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    private void profile(String profile) throws Exception {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("profile", profile);
        cm.getConfiguration("mechos.hardware", "?").update(p);
    }

    @Test
    public void switchingTheProfileStopsTheSimulatedDevicesAndStartsTheSerialOnes() throws Exception {
        awaitService(bc, Lidar.class, SIM_LIDAR, START);
        // A serial LiDAR is configured, but the profile (sim) does not select serial devices: it does not run.
        Hashtable<String, Object> rplidar = new Hashtable<>();
        rplidar.put("mechos.device.id", "lidar-serial");
        rplidar.put("port.path", "/dev/mechos-itest-no-such-port");
        org.osgi.service.cm.Configuration serial = cm.createFactoryConfiguration("mechos.hal.serial.rplidar", "?");
        serial.update(rplidar);
        try {
            awaitCondition("the serial LiDAR's configuration is delivered and its component stays inactive", SHORT,
                    () -> MechosTestSupport.scrState(bc, "mechos.hal.serial").contains("unsatisfied:hardware"));
            assertEquals("serial LiDAR under profile sim", 0, lidars(SERIAL_LIDAR));

            profile("serial");
            awaitCondition("the simulated LiDAR stops", SHORT, () -> lidars(SIM_LIDAR) == 0);
            DeviceRegistry registry = awaitService(bc, DeviceRegistry.class, null, SHORT);
            awaitCondition("the kernel forgets the simulated devices (switched off on purpose, not failed): "
                    + registry.devices(), SHORT, () -> registry.device("lidar").isEmpty());
            Lidar real = awaitService(bc, Lidar.class, SERIAL_LIDAR, SHORT);
            awaitCondition("the serial LiDAR runs and reports its missing port", SHORT,
                    () -> real.health().state() == HealthState.OFFLINE
                            && real.health().reason().contains("mechos-itest-no-such-port"));

            profile("sim");
            awaitCondition("the serial LiDAR stops", SHORT, () -> lidars(SERIAL_LIDAR) == 0);
            awaitService(bc, Lidar.class, SIM_LIDAR, SHORT);
        } finally {
            serial.delete();
            profile("sim");
        }
    }
}
