package mechos.itest.sim;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
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

        DriveLease(Kernel kernel, double linear, double angular) {
            timer.scheduleAtFixedRate(() -> last.set(kernel.submit(AGENT, new Drive(linear, angular))), 0, 100,
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            assertTrue("lease renewal stopped", timer.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    private static boolean stopped(WheelSpeeds w) {
        return Math.abs(w.left()) < 0.01 && Math.abs(w.right()) < 0.01;
    }

    @Test
    public void a_approvedDriveMovesTheSimulatedRobotAndStopBringsItToZero() throws Exception {
        Kernel kernel = awaitService(bc(), Kernel.class, null, START);
        DriveBase base = awaitService(bc(), DriveBase.class, "(mechos.device.id=base)", START);
        Odometry odom = awaitService(bc(), Odometry.class, "(mechos.device.id=odom)", START);
        awaitCondition("odometry publishes", Duration.ofSeconds(10), () -> odom.latest() != null);
        awaitCondition("kernel NOMINAL (is " + kernel.status() + ")", Duration.ofSeconds(20),
                () -> kernel.status().state() == SafetyState.NOMINAL);
        OdometryReading start = odom.latest();

        Decision first = kernel.submit(AGENT, new Drive(SPEED, 0));
        assertTrue("Drive must be approved: " + first.reason(), first.approved());
        try (DriveLease lease = new DriveLease(kernel, SPEED, 0)) {
            awaitCondition("the simulated robot moves 0.2 m forward (odometry)", Duration.ofSeconds(15),
                    () -> odom.latest().x() - start.x() > 0.2);
            assertTrue("renewals approved: " + lease.last.get().reason(), lease.last.get().approved());
            WheelSpeeds w = base.measuredWheelSpeeds();
            assertEquals("left wheel (right is " + w.right() + ")", SPEED, w.left(), 0.02);
            assertEquals("right wheel (left is " + w.left() + ")", SPEED, w.right(), 0.02);
        }
        Decision stop = kernel.submit(AGENT, new Stop("itest"));
        assertTrue("Stop must be approved: " + stop.reason(), stop.approved());
        awaitCondition("wheels at zero after Stop", Duration.ofSeconds(5), () -> stopped(base.measuredWheelSpeeds()));
        OdometryReading halted = odom.latest();
        assertEquals(0, halted.linear(), 0.02);
    }

    @Test
    public void b_stoppingTheSimulatorMidMotionLeavesTheKernelActiveAndTheDevicesOffline() throws Exception {
        Kernel kernel = awaitService(bc(), Kernel.class, null, START);
        DeviceRegistry registry = awaitService(bc(), DeviceRegistry.class, null, START);
        DriveBase base = awaitService(bc(), DriveBase.class, "(mechos.device.id=base)", START);
        awaitService(bc(), Lidar.class, "(mechos.device.id=lidar)", START);
        for (String id : SIM_DEVICES) {
            awaitCondition("kernel sees " + id + " ONLINE", START, () -> registry.device(id)
                    .map(d -> d.present() && d.health().state() == HealthState.ONLINE).orElse(false));
        }
        Bundle sim = bundle("mechos.hal.sim");
        Bundle kernelBundle = bundle("mechos.kernel");
        try (DriveLease lease = new DriveLease(kernel, SPEED, 0)) {
            awaitCondition("robot moving", Duration.ofSeconds(15),
                    () -> base.measuredWheelSpeeds().left() > SPEED * 0.8);
            sim.stop();
        }
        try {
            assertEquals("kernel bundle stays ACTIVE", Bundle.ACTIVE, kernelBundle.getState());
            assertNotNull("kernel still answers", kernel.status());
            for (String id : SIM_DEVICES) {
                awaitCondition(id + " reported OFFLINE", Duration.ofSeconds(10), () -> registry.device(id)
                        .map(d -> !d.present() && d.health().state() == HealthState.OFFLINE).orElse(false));
            }
            Decision drive = kernel.submit(AGENT, new Drive(SPEED, 0));
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
                () -> kernel.status().state() == SafetyState.NOMINAL);
        Decision again = kernel.submit(AGENT, new Drive(SPEED, 0));
        assertTrue("the returned drive base is used again: " + again.reason(), again.approved());
        kernel.submit(AGENT, new Stop("itest done"));
    }
}
