package mechos.itest.perception;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import mechos.hal.api.Bumper;
import mechos.hal.api.DriveBase;
import mechos.hal.api.Odometry;
import mechos.hal.api.Point3;
import mechos.hal.api.WheelSpeeds;
import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.Stop;
import mechos.perception.api.Occupancy;
import mechos.perception.api.OccupancyMap;
import mechos.perception.api.PoseConfidence;
import mechos.perception.api.RejectReason;
import mechos.perception.api.PoseEstimator;
import mechos.perception.api.WorldModel;

/**
 * Perception in the real robot (run.jar's bundles, the simulator as hardware, no brain): the simulated LiDAR
 * builds the map, the kernel reads clearance from it, and driving straight at the default world's east wall
 * (inner face x = 4.9 m, robot starting at the origin facing +x, footprint radius 0.2 m) is slowed and then
 * stopped by the kernel before the bumper ever touches it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PerceptionKernelIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final double SPEED = 0.4;
    private static final double WALL_X = 4.9;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> !bsn.equals("mechos.runtime"));
    }

    private static BundleContext bc() {
        return MechosTestSupport.context(PerceptionKernelIT.class);
    }

    private static double speed(WheelSpeeds w) {
        return (w.left() + w.right()) / 2;
    }

    /** @return a supplier of the current service of that type (waiting up to START for one) */
    private static <T> Supplier<T> current(Class<T> type) {
        org.osgi.util.tracker.ServiceTracker<T, T> tracker = new org.osgi.util.tracker.ServiceTracker<>(bc(), type, null);
        tracker.open();
        return () -> {
            try {
                T service = tracker.waitForService(START.toMillis());
                if (service == null) {
                    throw new AssertionError(type.getSimpleName() + " did not appear within " + START);
                }
                return service;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + type.getSimpleName(), e);
            }
        };
    }

    private static void await(Supplier<String> context, String what, Duration timeout, BooleanSupplier condition) {
        try {
            awaitCondition(what, timeout, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + context.get(), e);
        }
    }

    @Test
    public void drivingAtAWallIsSlowedThenStoppedByTheKernelBeforeContact() throws Exception {
        Kernel kernel = awaitService(bc(), Kernel.class, null, START);
        // Perception's components are replaced once on first start, when FileInstall applies conf/mechos.perception.*
        // a moment after the defaults: always use the current service, never an instance held from before.
        Supplier<ClearanceQuery> clearance = current(ClearanceQuery.class);
        Supplier<OccupancyMap> map = current(OccupancyMap.class);
        Supplier<PoseEstimator> pose = current(PoseEstimator.class);
        Supplier<WorldModel> world = current(WorldModel.class);
        DriveBase base = awaitService(bc(), DriveBase.class, "(mechos.device.id=base)", START);
        Odometry odom = awaitService(bc(), Odometry.class, "(mechos.device.id=odom)", START);
        Bumper bumper = awaitService(bc(), Bumper.class, "(mechos.device.id=bumper)", START);

        awaitCondition("fused pose with odometry and IMU", Duration.ofSeconds(20),
                () -> pose.get().latest().map(p -> p.confidence() == PoseConfidence.FULL).orElse(false));
        awaitCondition("the east wall is in the map", Duration.ofSeconds(20),
                () -> map.get().occupancyAt(new Point3(WALL_X + 0.01, 0, 0.2)) == Occupancy.OCCUPIED);
        assertEquals("free floor between robot and wall", Occupancy.FREE, map.get().occupancyAt(new Point3(2.5, 0, 0.2)));
        Clearance c = clearance.get().clearance(SPEED, 0, 0.2, 20);
        assertTrue("clearance valid: " + c, c.valid());
        assertEquals("time to collision at the start", (WALL_X - 0.2) / SPEED, c.timeToCollision(), 0.3);
        var scans = world.get().snapshot().scans();
        // the simulator's scans are clean; only start-up scans may be set aside: those before the first fused pose,
        // and those before localisation published its first map -> odom (no static map -> odom any more)
        assertEquals("rejected scans other than start-up: " + scans.rejected(), scans.totalRejected(),
                scans.rejected(RejectReason.NO_POSE_YET) + scans.rejected(RejectReason.UNKNOWN_FRAME));
        awaitCondition("kernel NOMINAL (is " + kernel.status() + ")", Duration.ofSeconds(20),
                () -> kernel.status().state() == SafetyState.NOMINAL);

        AtomicBoolean touched = new AtomicBoolean();
        AtomicReference<Decision> last = new AtomicReference<>();
        ScheduledExecutorService lease = Executors.newSingleThreadScheduledExecutor();
        long t0 = System.nanoTime();
        // renews the Drive like an operator's joystick would (ramping up within the kernel's acceleration cap);
        // the kernel alone must decide to slow and stop
        lease.scheduleAtFixedRate(() -> {
            double v = Math.min(SPEED, 0.1 + 0.4 * (System.nanoTime() - t0) / 1e9);
            last.set(kernel.submit("operator", new Drive(v, 0)));
            if (bumper.latest() != null && bumper.latest().pressed()) {
                touched.set(true);
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        try {
            Supplier<String> context = () -> "; last decision " + last.get() + ", kernel " + kernel.status()
                    + ", odometry " + odom.latest() + ", wheels " + base.measuredWheelSpeeds();
            await(context, "the robot drives at full speed", Duration.ofSeconds(15),
                    () -> speed(base.measuredWheelSpeeds()) > SPEED * 0.9);
            await(context, "the kernel slows the robot near the wall", Duration.ofSeconds(20), () -> {
                double v = speed(base.measuredWheelSpeeds());
                return odom.latest().x() > 3.0 && v > 0.05 && v < SPEED * 0.8;
            });
            await(context, "the kernel stops the robot", Duration.ofSeconds(20),
                    () -> Math.abs(speed(base.measuredWheelSpeeds())) < 0.01 && !touched.get());
            // stays stopped although the Drive keeps being renewed
            double x = odom.latest().x();
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < until) {
                assertTrue("still stopped", Math.abs(speed(base.measuredWheelSpeeds())) < 0.02);
                Thread.onSpinWait();
            }
            assertEquals("did not creep on", x, odom.latest().x(), 0.02);
            assertTrue("stopped short of the wall: x=" + x, x < WALL_X - 0.2);
            assertFalse("the bumper never touched", touched.get() || bumper.latest().pressed());
        } finally {
            lease.shutdownNow();
            lease.awaitTermination(5, TimeUnit.SECONDS);
            kernel.submit("operator", new Stop("itest done"));
        }
    }
}
