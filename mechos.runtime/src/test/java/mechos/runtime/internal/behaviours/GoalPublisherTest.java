package mechos.runtime.internal.behaviours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import mechos.hal.api.Pose2D;
import mechos.memory.api.PoseList;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;
import mechos.runtime.internal.bt.MapBlackboard;

/**
 * The goal the goto behaviours follow, as published for {@code plan/goal}: set when a behaviour steers, changed at
 * once, refreshed at most at 2 Hz, cleared (an empty list) when reached, stuck or halted. Old code: no goal was
 * published at all, so every test here failed for want of a {@link GoalSink}.
 */
class GoalPublisherTest {
    private static final long TICK = 200_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<PoseList> out = new ArrayList<>();
    private final GoalPublisher goals = new GoalPublisher(out::add, "mechos.runtime.agent", clock::get, clock::get);
    private final MotionLimits limits = new MotionLimits(0.3, 0.8, 0.1, 0.2, 1.5, 30_000_000_000L);

    private PoseList last() {
        return out.get(out.size() - 1);
    }

    @Test
    void goToPublishesPoseAndGoalInOdomAtMostTwiceASecondAndClearsWhenReached() {
        NavigationTest.TinyWorld w = new NavigationTest.TinyWorld(10, 10, 0.1);
        w.pose = new Pose2D(0, 0, 0.3);
        GoTo go = new GoTo("goto", 1.0, 1.0, w, w, limits, clock::get, goals);
        MapBlackboard bb = new MapBlackboard();
        assertEquals(Status.RUNNING, go.tick(bb));
        assertEquals(1, out.size(), "published on the first steering tick");
        PoseList first = out.get(0);
        assertEquals("odom", first.frameId());
        assertEquals("mechos.runtime.agent/goto", first.source());
        assertEquals(new PoseList.Pose(0, 0, 0.3), first.poses().get(0), "the robot's pose and heading");
        assertEquals(new PoseList.Pose(1, 1, Math.PI / 4), first.poses().get(1), "the goal, facing along the segment");

        Status s = Status.RUNNING;
        for (int i = 0; i < 300 && s == Status.RUNNING; i++) {
            clock.addAndGet(TICK);
            s = go.tick(bb);
        }
        assertEquals(Status.SUCCESS, s);
        assertEquals(List.of(), last().poses(), "an empty list: no goal any more");
        assertEquals("mechos.runtime.agent/goto", last().source(), "names the goal that ended");
        for (int i = 1; i < out.size() - 1; i++) {
            long gap = out.get(i).timestampNanos() - out.get(i - 1).timestampNanos();
            assertTrue(gap >= GoalPublisher.PERIOD_NANOS, "unchanged goal at most at 2 Hz, gap " + gap);
        }
        assertTrue(out.size() >= 4, "refreshed while driving: " + out.size());
        int n = out.size();
        go.halt();
        assertEquals(n, out.size(), "nothing more to clear");
    }

    @Test
    void patrolPublishesItsCurrentWaypointAndAHaltClearsIt() {
        NavigationTest.TinyWorld w = new NavigationTest.TinyWorld(10, 10, 0.1);
        List<double[]> wps = List.of(new double[] {1, 0}, new double[] {1, 1});
        Node patrol = BuiltinBehaviours.leaves(w, w, limits, new Pose2D(0, 0, 0), wps, clock::get, goals)
                .get("patrol").create(Map.of());
        MapBlackboard bb = new MapBlackboard();
        patrol.tick(bb);
        assertEquals("mechos.runtime.agent/patrol[0]", last().source());
        assertEquals(1.0, last().poses().get(1).x());
        assertEquals(0.0, last().poses().get(1).y());
        boolean cleared = false;
        for (int i = 0; i < 200 && !last().source().endsWith("patrol[1]"); i++) {
            clock.addAndGet(TICK);
            patrol.tick(bb);
            cleared |= last().poses().isEmpty();
        }
        assertTrue(cleared, "waypoint 0 reached: cleared");
        assertEquals(2, last().poses().size(), "the next waypoint at once: " + last());
        assertEquals(1.0, last().poses().get(1).y(), "waypoint 1");
        patrol.halt();
        assertEquals(List.of(), last().poses(), "halted (e.g. the LLM took over): cleared");
        assertEquals("mechos.runtime.agent/patrol[1]", last().source());
    }

    @Test
    void aChangedGoalIsPublishedAtOnceAndOnlyTheActiveBehaviourClearsIt() {
        Object a = new Object();
        Object b = new Object();
        Pose2D here = new Pose2D(0, 0, 0);
        goals.following(a, "a", here, 1, 0);
        goals.following(a, "a", new Pose2D(0.1, 0, 0), 1, 0);
        assertEquals(1, out.size(), "same goal within 0.5 s: not again");
        goals.following(a, "a", here, 2, 0);
        assertEquals(2, out.size(), "moved goal: at once");
        goals.following(b, "b", here, 2, 0);
        assertEquals(3, out.size(), "another behaviour's goal: at once");
        goals.cleared(a);
        assertEquals(3, out.size(), "a halted behaviour that no longer steers clears nothing");
        clock.addAndGet(GoalPublisher.PERIOD_NANOS);
        goals.following(b, "b", new Pose2D(0.5, 0, 0), 2, 0);
        assertEquals(4, out.size(), "refreshed after 0.5 s");
        assertEquals(0.5, last().poses().get(0).x());
        goals.cleared(b);
        assertEquals(5, out.size());
        assertEquals(List.of(), last().poses());
        goals.cleared(b);
        assertEquals(5, out.size(), "cleared once");
    }
}
