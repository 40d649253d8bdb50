package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import mechos.hal.api.LaserScan;
import mechos.hal.api.Pose2D;
import mechos.perception.api.RejectReason;
import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;

import org.junit.jupiter.api.Test;

/**
 * Issue 14 (robustness under load): {@code PerceptionKernelIT} saw scans rejected as {@code OUT_OF_HISTORY} —
 * later than the newest {@code map -> odom} — when the localisation thread was starved. A scan now waits, bounded
 * from its arrival by {@code transform.wait.ms}, for the pose at its own time, and is placed with exactly that pose;
 * it never takes another. The clock is stepped by the map's pause between retries, so nothing here depends on the
 * machine's speed.
 */
class PoseWaitTest {
    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;

    private final FrameService frames = new FrameService(Configs.of(FrameConfig.class, Map.of("static_transforms",
            new String[] {"odom base_link 0 0 0 0 0 0", "base_link laser 0 0 0.2 0 0 0"})));
    private final long[] now = {10 * S};
    private final TestWorld world = new TestWorld();

    PoseWaitTest() {
        world.box(1.0, -1, 1.2, 1);
        // localisation has published map -> odom up to t = 1 s (identity)
        frames.publish(new StampedTransform("map", "odom", S / 2, Transform.IDENTITY));
        frames.publish(new StampedTransform("map", "odom", S, Transform.IDENTITY));
    }

    private LaserScan scanAt(long t) {
        return world.scan(Pose2D.ORIGIN, "laser", t, 360, 8);
    }

    private OccupancyMapService map(double waitMs, TransformWait.Pause pause) {
        return new OccupancyMapService(Configs.of(MapConfig.class, Map.of("transform_wait_ms", waitMs)), frames,
                () -> now[0], pause);
    }

    @Test
    void aScanLaterThanTheNewestPoseWaitsForThePoseAtItsTime() {
        int[] pauses = {0};
        OccupancyMapService map = map(2000.0, nanos -> {
            now[0] += nanos;
            if (++pauses[0] == 40) { // 200 ms later localisation catches up with the scan
                frames.publish(new StampedTransform("map", "odom", 2 * S, Transform.IDENTITY));
            }
            return true;
        });
        // the scan at t = 2 s is 1 s newer than the newest map -> odom (tolerance 100 ms)
        map.integrate(scanAt(2 * S), now[0]);
        assertEquals(1, map.inputStats().accepted(), "placed: " + map.inputStats());
        assertEquals(0, map.inputStats().totalRejected(), map.inputStats().toString());
        assertEquals(1, map.poseWaits());
        assertEquals(1, map.poseWaitsFound());
        assertEquals(40, pauses[0], "it stops waiting as soon as the pose is there");
        map.deactivate();
    }

    @Test
    void withoutWaitingTheSameScanIsDroppedAsOutOfHistory() {
        // the behaviour before (and with transform.wait.ms = 0): the pose would arrive, the scan is gone already
        OccupancyMapService map = map(0.0, nanos -> {
            throw new AssertionError("no pause when waiting is off");
        });
        map.integrate(scanAt(S / 2), now[0]); // the first scan places (not start-up any more)
        map.integrate(scanAt(2 * S), now[0]);
        assertEquals(1, map.inputStats().rejected(RejectReason.OUT_OF_HISTORY), map.inputStats().toString());
        map.deactivate();
    }

    @Test
    void aPoseThatNeverComesEndsTheWaitAtItsBoundAndTheScanIsNotPlacedWithAnotherPose() {
        int[] pauses = {0};
        OccupancyMapService map = map(500.0, nanos -> {
            now[0] += nanos;
            pauses[0]++;
            return true;
        });
        map.integrate(scanAt(S / 2), now[0]);
        long start = now[0];
        map.integrate(scanAt(2 * S), now[0]);
        assertEquals(1, map.inputStats().rejected(RejectReason.OUT_OF_HISTORY), map.inputStats().toString());
        assertEquals(1, map.inputStats().accepted());
        assertEquals(500 * MS, now[0] - start, "waited exactly transform.wait.ms on the clock");
        assertEquals(100, pauses[0]);
        map.deactivate();
    }

    @Test
    void aClockThatDoesNotAdvanceStillEndsTheWait() {
        int[] pauses = {0};
        OccupancyMapService map = map(500.0, nanos -> {
            pauses[0]++;
            return true;
        });
        map.integrate(scanAt(2 * S), now[0]);
        assertEquals(1, map.inputStats().totalRejected(), map.inputStats().toString());
        assertEquals(101, pauses[0], "at most wait / poll + 1 retries");
        map.deactivate();
    }

    @Test
    void timeSpentInTheQueueCountsSoAStalledPoseSourceDoesNotStallTheMap() {
        int[] pauses = {0};
        OccupancyMapService map = map(500.0, nanos -> {
            now[0] += nanos;
            pauses[0]++;
            return true;
        });
        map.integrate(scanAt(S / 2), now[0]);
        // received 400 ms ago: waits the remaining 100 ms
        map.integrate(scanAt(2 * S), now[0] - 400 * MS);
        assertEquals(20, pauses[0]);
        // received 600 ms ago: its time is up, no wait at all
        map.integrate(scanAt(2 * S + S / 10), now[0] - 600 * MS);
        assertEquals(20, pauses[0]);
        assertEquals(2, map.inputStats().rejected(RejectReason.OUT_OF_HISTORY), map.inputStats().toString());
        map.deactivate();
    }

    @Test
    void anInterruptedWaitEndsAtOnce() {
        int[] pauses = {0};
        OccupancyMapService map = map(2000.0, nanos -> {
            pauses[0]++;
            return false; // the component is stopping
        });
        map.integrate(scanAt(2 * S), now[0]);
        assertEquals(1, pauses[0]);
        assertEquals(1, map.inputStats().totalRejected(), map.inputStats().toString());
        map.deactivate();
    }

    @Test
    void throughTheInsertionThreadAWaitingScanIsPlacedOnceItsPoseArrives() throws Exception {
        // the real pause (parking) and the component's own thread; the pose is published from this thread
        // the longest wait, so that a descheduled test thread on a loaded machine does not end it
        OccupancyMapService map = new OccupancyMapService(Configs.of(MapConfig.class,
                Map.of("transform_wait_ms", 10_000.0)), frames, System::nanoTime);
        map.onScan(scanAt(S / 2));
        map.onScan(scanAt(2 * S));
        long deadline = System.nanoTime() + 30 * S;
        while (map.poseWaits() == 0 && map.inputStats().totalRejected() == 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(MS); // polling with a deadline
        }
        frames.publish(new StampedTransform("map", "odom", 2 * S, Transform.IDENTITY));
        while (map.inputStats().accepted() < 2 && map.inputStats().totalRejected() == 0
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(MS); // polling with a deadline
        }
        assertEquals(2, map.inputStats().accepted(), map.inputStats().toString());
        assertTrue(map.poseWaitsFound() <= 1);
        map.deactivate();
    }
}
