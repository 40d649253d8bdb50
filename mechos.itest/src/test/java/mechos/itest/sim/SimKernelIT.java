package mechos.itest.sim;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
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
import org.osgi.util.tracker.ServiceTracker;

import mechos.hal.api.DriveBase;
import mechos.hal.api.HealthState;
import mechos.hal.api.Lidar;
import mechos.hal.api.Odometry;
import mechos.hal.api.OdometryReading;
import mechos.hal.api.WheelSpeeds;
import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.Decision;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.Stop;

/**
 * The simulator through the real stack: the default run configuration (seeded by mechos.platform, read by
 * FileInstall) creates the simulated robot; intents go through the kernel's gate to the simulated drive base.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SimKernelIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final String AGENT = "operator";
    /**
     * At or below the kernel's creep speed a Drive is approved even while perception's world model is still
     * warming up, so this test depends on the kernel and the simulator only.
     */
    private static final double SPEED = 0.1;
    private static final List<String> SIM_DEVICES = List.of("base", "lidar", "odom", "imu", "bumper", "battery",
            "camera", "effector", "relay.light");

    /** Everything of run.jar except the brain: its own intents would race with the ones this test submits. */
    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> !bsn.equals("mechos.runtime"));
    }

    private static BundleContext bc() {
        return MechosTestSupport.context(SimKernelIT.class);
    }

    private static Bundle bundle(String bsn) {
        return Arrays.stream(bc().getBundles()).filter(b -> b.getSymbolicName().equals(bsn)).findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + bsn + " is not installed"));
    }

    /** Renews the drive lease every 100 ms (as a brain would) until closed; remembers the last decision. */
    private static final class DriveLease implements AutoCloseable {
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        final AtomicReference<Decision> last = new AtomicReference<>();

        DriveLease(ServiceTracker<Kernel, Kernel> kernels, double linear, double angular) {
            timer.scheduleAtFixedRate(() -> {
                Kernel kernel = kernels.getService();
                if (kernel != null) {
                    last.set(kernel.submit(AGENT, new Drive(linear, angular)));
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            assertTrue("lease renewal stopped", timer.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    /** {@code awaitCondition} that adds the observed state to the failure message. */
    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition,
            java.util.function.Supplier<Object> state) {
        try {
            awaitCondition(what, timeout, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; observed: " + state.get());
        }
    }

    /**
     * Waits until the robot is up: the kernel sees every simulated device ONLINE and approves a zero Drive (its
     * rules are active). At first start configuration arrives in waves (seeded files, then FileInstall), so
     * services may restart once; waiting here keeps the tests on the settled system.
     */
    private static DeviceRegistry awaitReady(ServiceTracker<Kernel, Kernel> kernels) {
        awaitCondition("kernel service", START, () -> kernels.getService() != null);
        ServiceTracker<DeviceRegistry, DeviceRegistry> registries;
        try {
            registries = tracker(DeviceRegistry.class, "");
        } catch (Exception e) {
            throw new AssertionError("cannot track the device registry", e);
        }
        for (String id : SIM_DEVICES) {
            await("kernel sees " + id + " ONLINE", START, () -> {
                DeviceRegistry r = registries.getService();
                return r != null && r.device(id)
                        .map(d -> d.present() && d.health().state() == HealthState.ONLINE).orElse(false);
            }, () -> registries.getService() == null ? "no registry" : registries.getService().devices());
        }
        DeviceRegistry registry = registries.getService();
        registries.close();
        AtomicReference<Decision> zero = new AtomicReference<>();
        await("the kernel approves a zero Drive", START, () -> {
            Kernel kernel = kernels.getService();
            zero.set(kernel == null ? null : kernel.submit(AGENT, new Drive(0, 0)));
            return zero.get() != null && zero.get().approved();
        }, () -> zero.get() == null ? "no kernel" : zero.get().reason());
        return registry;
    }

    private static boolean stopped(WheelSpeeds w) {
        return Math.abs(w.left()) < 0.01 && Math.abs(w.right()) < 0.01;
    }

    @Test
    public void a_approvedDriveMovesTheSimulatedRobotAndStopBringsItToZero() throws Exception {
        ServiceTracker<Kernel, Kernel> kernels = tracker(Kernel.class, "");
        awaitReady(kernels);
        // Trackers, not cached objects: at first start configuration may still arrive and restart services.
        ServiceTracker<DriveBase, DriveBase> bases = tracker(DriveBase.class, "(mechos.device.id=base)");
        ServiceTracker<Odometry, Odometry> odoms = tracker(Odometry.class, "(mechos.device.id=odom)");
        try (DriveLease lease = new DriveLease(kernels, SPEED, 0)) {
            AtomicReference<Odometry> measured = new AtomicReference<>();
            double[] startX = new double[1];
            await("an approved Drive moves the simulated robot 0.2 m forward (odometry)", START, () -> {
                Odometry odom = odoms.getService();
                OdometryReading now = odom == null ? null : odom.latest();
                if (now == null) {
                    return false;
                }
                if (measured.get() != odom) { // a new odometry service: measure from here
                    measured.set(odom);
                    startX[0] = now.x();
                }
                Decision d = lease.last.get();
                return d != null && d.approved() && now.x() - startX[0] > 0.2;
            }, () -> "odometry " + (odoms.getService() == null ? null : odoms.getService().latest())
                    + " from x=" + startX[0] + ", last decision " + lease.last.get());
            WheelSpeeds w = bases.getService().measuredWheelSpeeds();
            assertEquals("left wheel (right is " + w.right() + ")", SPEED, w.left(), 0.02);
            assertEquals("right wheel (left is " + w.left() + ")", SPEED, w.right(), 0.02);
        }
        Decision stop = kernels.getService().submit(AGENT, new Stop("itest"));
        assertTrue("Stop must be approved: " + stop.reason(), stop.approved());
        await("wheels at zero after Stop", Duration.ofSeconds(5), () -> stopped(bases.getService().measuredWheelSpeeds()),
                () -> bases.getService().measuredWheelSpeeds());
        assertEquals(0, odoms.getService().latest().linear(), 0.02);
        bases.close();
        odoms.close();
        kernels.close();
    }

    private static <T> ServiceTracker<T, T> tracker(Class<T> type, String filter) throws Exception {
        ServiceTracker<T, T> t = new ServiceTracker<>(bc(),
                bc().createFilter("(&(objectClass=" + type.getName() + ")" + filter + ")"), null);
        t.open();
        return t;
    }

    @Test
    public void b_stoppingTheSimulatorMidMotionLeavesTheKernelActiveAndTheDevicesOffline() throws Exception {
        ServiceTracker<Kernel, Kernel> kernels = tracker(Kernel.class, "");
        DeviceRegistry registry = awaitReady(kernels);
        DriveBase base = awaitService(bc(), DriveBase.class, "(mechos.device.id=base)", START);
        Bundle sim = bundle("mechos.hal.sim");
        Bundle kernelBundle = bundle("mechos.kernel");
        try (DriveLease lease = new DriveLease(kernels, SPEED, 0)) {
            awaitCondition("robot moving", Duration.ofSeconds(15),
                    () -> base.measuredWheelSpeeds().left() > SPEED * 0.8);
            sim.stop();
        }
        try {
            assertEquals("kernel bundle stays ACTIVE", Bundle.ACTIVE, kernelBundle.getState());
            assertNotNull("kernel still answers", kernels.getService().status());
            for (String id : SIM_DEVICES) {
                awaitCondition(id + " reported OFFLINE", Duration.ofSeconds(10), () -> registry.device(id)
                        .map(d -> !d.present() && d.health().state() == HealthState.OFFLINE).orElse(false));
            }
            Decision drive = kernels.getService().submit(AGENT, new Drive(SPEED, 0));
            assertNotNull(drive);
            assertEquals(Bundle.ACTIVE, kernelBundle.getState());
        } finally {
            sim.start();
        }
        awaitService(bc(), DriveBase.class, "(mechos.device.id=base)", START);
        awaitCondition("base ONLINE again after the simulator returns", START, () -> registry.device("base")
                .map(d -> d.present() && d.health().state() == HealthState.ONLINE).orElse(false));
        // losing the drive mid-motion put the kernel in SAFE_STOP; an operator reset recovers once it is back
        OperatorControl operator = awaitService(bc(), OperatorControl.class, null, START);
        awaitCondition("operator reset accepted", Duration.ofSeconds(10), () -> operator.reset("itest"));
        awaitCondition("kernel NOMINAL after reset", Duration.ofSeconds(10),
                () -> kernels.getService().status().state() == SafetyState.NOMINAL);
        Decision again = kernels.getService().submit(AGENT, new Drive(SPEED, 0));
        assertTrue("the returned drive base is used again: " + again.reason(), again.approved());
        kernels.getService().submit(AGENT, new Stop("itest done"));
        kernels.close();
    }

    @Test
    public void c_malformedMapFailsOnlyThatWorldNamingTheFileAndProblem() throws Exception {
        ConfigurationAdmin cm = awaitService(bc(), ConfigurationAdmin.class, null, START);
        ServiceComponentRuntime scr = awaitService(bc(), ServiceComponentRuntime.class, null, START);
        Path dir = Files.createDirectories(MechosTestSupport.workDir().resolve("maps"));
        Path yaml = Files.createTempFile(dir, "broken-", ".yaml");
        Files.writeString(yaml, "image: broken.pgm\nresolution: -1\norigin: [0, 0, 0]\n");
        org.osgi.service.cm.Configuration world = cm.createFactoryConfiguration("mechos.hal.sim.world", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("mechos.sim.world", "broken");
        props.put("map", yaml.toString());
        world.update(props);
        try {
            awaitCondition("world 'broken' fails activation naming " + yaml + " and the resolution",
                    Duration.ofSeconds(20), () -> {
                        String failure = worldFailures(scr);
                        return failure.contains(yaml.toString()) && failure.contains("resolution");
                    });
            assertEquals(Bundle.ACTIVE, bundle("mechos.hal.sim").getState());
            assertEquals(Bundle.ACTIVE, bundle("mechos.kernel").getState());
            DriveBase base = awaitService(bc(), DriveBase.class, "(mechos.device.id=base)", START);
            assertEquals("the default robot is unaffected", HealthState.ONLINE, base.health().state());
        } finally {
            world.delete();
        }
    }

    /** @return the failure messages of every SimWorld configuration that failed to activate */
    private static String worldFailures(ServiceComponentRuntime scr) {
        StringBuilder out = new StringBuilder();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle("mechos.hal.sim"))) {
            if (d.name.endsWith(".SimWorld")) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION && c.failure != null) {
                        out.append(c.failure).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }
}
