package mechos.runtime.internal.behaviours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.Stop;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;
import mechos.runtime.internal.bt.MapBlackboard;

/** Built-in behaviours against a tiny unicycle world with one round obstacle. */
class NavigationTest {
    /** Integrates approved Drives for 0.2 s per tick; clearance from the distance to a disc obstacle. */
    static class TinyWorld implements WorldView, IntentSink {
        Pose2D pose = new Pose2D(0, 0, 0);
        final double ox;
        final double oy;
        final double or;
        final List<Intent> submitted = new ArrayList<>();
        double minDistance = Double.POSITIVE_INFINITY;

        TinyWorld(double ox, double oy, double or) {
            this.ox = ox;
            this.oy = oy;
            this.or = or;
        }

        @Override
        public Optional<Pose2D> pose() {
            return Optional.of(pose);
        }

        @Override
        public Clearance clearance(double v, double w) {
            double x = pose.x();
            double y = pose.y();
            double th = pose.theta();
            for (int i = 1; i <= 30; i++) {
                th += w * 0.1;
                x += v * Math.cos(th) * 0.1;
                y += v * Math.sin(th) * 0.1;
                if (Math.hypot(x - ox, y - oy) < or + 0.2) {
                    return new Clearance(i * 0.1, Math.hypot(pose.x() - ox, pose.y() - oy) - or, 0, true);
                }
            }
            return new Clearance(Double.POSITIVE_INFINITY, Math.hypot(pose.x() - ox, pose.y() - oy) - or, 0, true);
        }

        @Override
        public Decision submit(Intent intent, String rationale) {
            submitted.add(intent);
            if (intent instanceof Drive d) {
                double th = pose.theta() + d.angular() * 0.2;
                pose = new Pose2D(pose.x() + d.linear() * Math.cos(th) * 0.2,
                        pose.y() + d.linear() * Math.sin(th) * 0.2, Pose2D.wrap(th));
                minDistance = Math.min(minDistance, Math.hypot(pose.x() - ox, pose.y() - oy) - or);
            }
            return new Decision("i", "brain", intent, true, List.of(), 0);
        }
    }

    private final AtomicLong clock = new AtomicLong();
    private final MotionLimits limits = new MotionLimits(0.3, 0.8, 0.1, 0.2, 1.5, 30_000_000_000L);

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1.5,0.0,0.3", "1.5,-0.1,0.4", "1.2,0.15,0.25", "2.0,0.0,0.6"})
    void goToReachesTheGoalAroundAnObstacleWithoutTouchingIt(double ox, double oy, double or) {
        TinyWorld w = new TinyWorld(ox, oy, or); // a pillar on (or near) the straight line
        GoTo go = new GoTo("goto", 3.0, 0.0, w, w, limits, clock::get, GoalSink.NONE);
        MapBlackboard bb = new MapBlackboard();
        Status s = Status.RUNNING;
        for (int i = 0; i < 600 && s == Status.RUNNING; i++) {
            s = go.tick(bb);
            clock.addAndGet(200_000_000L);
        }
        assertEquals(Status.SUCCESS, s, "reached; pose " + w.pose);
        assertTrue(w.minDistance > 0.15, "kept clear of the obstacle: " + w.minDistance);
        assertTrue(w.submitted.get(w.submitted.size() - 1) instanceof Stop, "stops at the goal");
    }

    @Test
    void patrolCyclesThroughWaypoints() {
        TinyWorld w = new TinyWorld(10, 10, 0.1);
        List<double[]> wps = List.of(new double[] {1, 0}, new double[] {1, 1}, new double[] {0, 1});
        Node patrol = BuiltinBehaviours.leaves(w, w, limits, new Pose2D(0, 0, 0), wps, clock::get, GoalSink.NONE)
                .get("patrol")
                .create(java.util.Map.of());
        MapBlackboard bb = new MapBlackboard();
        java.util.Set<Integer> visited = new java.util.HashSet<>();
        for (int i = 0; i < 1500; i++) {
            assertEquals(Status.RUNNING, patrol.tick(bb));
            bb.get("waypoint", Integer.class).ifPresent(visited::add);
            clock.addAndGet(200_000_000L);
        }
        assertEquals(3, visited.size(), "all waypoints were targeted in turn");
    }

    @Test
    void rejectedCommandsBackOffInsteadOfFloodingTheKernel() {
        TinyWorld w = new TinyWorld(10, 10, 0.1) {
            @Override
            public Decision submit(Intent intent, String rationale) {
                submitted.add(intent);
                return new Decision("i", "brain", intent, false,
                        List.of(mechos.kernel.api.Violation.reject("interlock", "SAFE_STOP")), 0);
            }
        };
        GoTo go = new GoTo("goto", 3.0, 0.0, w, w, limits, clock::get, GoalSink.NONE);
        MapBlackboard bb = new MapBlackboard();
        for (int i = 0; i < 10; i++) { // 2 s at 5 Hz
            assertEquals(Status.RUNNING, go.tick(bb));
            clock.addAndGet(200_000_000L);
        }
        assertEquals(2, w.submitted.size(), "one attempt per second while the kernel rejects");
    }

    @Test
    void holdStopsOnceAndWaits() {
        TinyWorld w = new TinyWorld(10, 10, 0.1);
        Hold hold = new Hold(w);
        MapBlackboard bb = new MapBlackboard();
        for (int i = 0; i < 5; i++) {
            assertEquals(Status.RUNNING, hold.tick(bb));
        }
        assertEquals(1, w.submitted.size());
        assertTrue(w.submitted.get(0) instanceof Stop);
    }

    @Test
    void waypointParsing() {
        assertEquals(4, BuiltinBehaviours.parseWaypoints("3.5,0.0; 3.5,-2.3; -1.5,-2.3; -1.5,0.5").size());
        assertEquals(new Pose2D(1, 2, 0.5), BuiltinBehaviours.parsePose("1, 2, 0.5"));
    }
}
