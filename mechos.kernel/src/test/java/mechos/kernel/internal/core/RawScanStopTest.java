package mechos.kernel.internal.core;

import static mechos.kernel.internal.core.TestKernel.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.RobotScan;
import mechos.kernel.api.SafetyState;

/**
 * Issue 14: the kernel checks the current motion against the latest raw scan in the robot frame, so a map that
 * is wrong (smeared, or built with a corrupted map -> odom) cannot hide a real obstacle; and turning in place
 * near a wall does not flap between SAFE_STOP and NOMINAL.
 */
class RawScanStopTest {
    @TempDir
    Path home;
    private TestKernel k;

    @AfterEach
    void close() {
        if (k != null) {
            k.close();
        }
    }

    /** The map's answer when map -> odom is corrupted: it places the obstacle elsewhere and sees free space. */
    private static final ClearanceQuery CORRUPTED_MAP = (linear, angular, footprint, horizon) ->
            new Clearance(Double.POSITIVE_INFINITY, 5.0, 0, true);

    private static RobotScan scanWithObstacleAt(double x) {
        double[] xy = new double[2 * 21];
        for (int i = 0; i <= 20; i++) {
            xy[2 * i] = x;
            xy[2 * i + 1] = -0.5 + i * 0.05;
        }
        return new RobotScan(System.nanoTime(), xy, 360, 0);
    }

    @Test
    void anObstaclePlacedInFrontOfTheMovingRobotStopsItWhateverTheMapSays() {
        k = new TestKernel(home, Map.of("lease__ms", 60_000L));
        k.kernel.bindClearance(CORRUPTED_MAP);
        k.bus.publish(KernelTopics.ROBOT_SCAN, scanWithObstacleAt(4.0));
        Decision d = k.kernel.submit("operator", new Drive(0.3, 0));
        assertTrue(d.approved(), d::reason);
        await(() -> k.drive.commands.contains("v 0.3 0.0"), "driving");
        assertEquals(SafetyState.NOMINAL, k.kernel.status().state());
        // someone steps in front of the robot: 0.1 m from the footprint's edge (FakeDrive's radius 0.2 m; ttc 0.33 s
        // < stop_ttc 0.5 s; at 0.35 m the contact would be at exactly stop_ttc)
        k.bus.publish(KernelTopics.ROBOT_SCAN, scanWithObstacleAt(0.30));
        await(() -> k.kernel.status().state() == SafetyState.SAFE_STOP, "stop by the raw-scan zone");
        await(() -> k.transitions.stream().anyMatch(t -> t.to() == SafetyState.SAFE_STOP
                && t.reason().contains("time to collision")), "the transition names the obstacle");
        await(() -> k.drive.commands.contains("stop"), "the drive stopped");
    }

    @Test
    void turningInPlaceNearAWallDoesNotFlap() {
        k = new TestKernel(home, Map.of("lease__ms", 60_000L, "auto__resume__ms", 200L));
        k.kernel.bindClearance(CORRUPTED_MAP);
        // a wall 0.09 m from the footprint's edge (FakeDrive's footprint radius 0.2 m)
        k.bus.publish(KernelTopics.ROBOT_SCAN, scanWithObstacleAt(0.29));
        for (int i = 0; i < 20; i++) {
            double w = i % 2 == 0 ? 0.5 : -0.5;
            Decision d = k.kernel.submit("operator", new Drive(0, w));
            assertTrue(d.approved(), d::reason);
            k.bus.publish(KernelTopics.ROBOT_SCAN, scanWithObstacleAt(0.29));
            String expected = "v 0.0 " + w;
            await(() -> k.drive.commands.contains(expected), "turning " + w);
            k.drive.commands.clear();
        }
        // driving into the wall is refused by the gate (min_ttc 1.0 s > stop_ttc 0.5 s: the hysteresis band),
        // not approved and then stopped by the tick
        Decision into = k.kernel.submit("operator", new Drive(0.1, 0));
        assertFalse(into.approved(), into::toString);
        assertTrue(k.transitions.stream().noneMatch(t -> t.to() == SafetyState.SAFE_STOP), k.transitions::toString);
        assertEquals(SafetyState.NOMINAL, k.kernel.status().state());
    }

    /** Issue 14's rectangle footprint, 0.6 m long and 0.4 m wide (FakeDrive's circle is 0.2 m: its short radius). */
    private static final String RECTANGLE = "0.3,0.2; -0.3,0.2; -0.3,-0.2; 0.3,-0.2";

    /** A wall along x at {@code y}, points 2 cm apart from x = -0.4 to 0.4. */
    private static RobotScan wallBesideAt(double y) {
        double[] xy = new double[2 * 41];
        for (int i = 0; i <= 40; i++) {
            xy[2 * i] = -0.4 + i * 0.02;
            xy[2 * i + 1] = y;
        }
        return new RobotScan(System.nanoTime(), xy, 360, 0);
    }

    /**
     * Issue 14: with a rectangular footprint, a wall 4 cm beside the long side stops a turn in place (the corners
     * sweep into it) as soon as the scan shows it, and the gate then refuses to turn there again: no flapping. The
     * old circular zone (the drive's 0.2 m circle) let the robot turn into it.
     */
    @Test
    void aRectangleTurningInPlaceIsStoppedByAWallBesideItsLongSide() {
        k = new TestKernel(home, Map.of("lease__ms", 2000L, "footprint", RECTANGLE));
        k.kernel.bindClearance(CORRUPTED_MAP);
        k.bus.publish(KernelTopics.ROBOT_SCAN, wallBesideAt(1.0));
        Decision d = k.kernel.submit("operator", new Drive(0, 0.5));
        assertTrue(d.approved(), d::reason);
        await(() -> k.drive.commands.contains("v 0.0 0.5"), "turning");
        k.bus.publish(KernelTopics.ROBOT_SCAN, wallBesideAt(0.24));
        await(() -> k.kernel.status().state() == SafetyState.SAFE_STOP, "stop by the raw-scan stop polygon");
        await(() -> k.transitions.stream().anyMatch(t -> t.to() == SafetyState.SAFE_STOP
                && t.reason().contains("stop zone")), "the transition names the stop zone");
        await(() -> k.drive.commands.contains("stop"), "the drive stopped");
        Decision again = k.kernel.submit("operator", new Drive(0, -0.5));
        assertFalse(again.approved(), again::toString);
        assertTrue(again.violations().stream().anyMatch(v -> v.ruleId().equals("clearance.zone")), again::toString);
        Decision away = k.kernel.submit("operator", new Drive(0, 0));
        assertTrue(away.approved(), away::reason);
    }

    /**
     * The slow polygon scales the commanded speed once by slow_factor (not again at every tick, which would creep
     * towards zero): an obstacle 0.1 m ahead (inside slow_margin 0.15 m, outside stop_distance) at 0.05 m/s
     * (time to collision 2 s, above slow_ttc).
     */
    @Test
    void theSlowPolygonScalesTheCommandOnce() {
        k = new TestKernel(home, Map.of("lease__ms", 2000L));
        k.kernel.bindClearance(CORRUPTED_MAP);
        k.bus.publish(KernelTopics.ROBOT_SCAN, scanWithObstacleAt(0.30));
        Decision d = k.kernel.submit("operator", new Drive(0.05, 0));
        assertTrue(d.approved(), d::reason);
        await(() -> k.drive.commands.contains("v 0.025 0.0"), "slowed by the slow polygon");
        long ticks = k.kernel.tickStats().ticks();
        await(() -> k.kernel.tickStats().ticks() > ticks + 20, "20 more ticks");
        assertFalse(k.drive.commands.contains("v 0.0125 0.0"), k.drive.commands::toString);
        assertEquals(SafetyState.NOMINAL, k.kernel.status().state());
    }
}
