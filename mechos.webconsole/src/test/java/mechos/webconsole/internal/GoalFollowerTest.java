package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.SafetyState;
import mechos.webconsole.internal.Fakes.FakeControl;
import mechos.webconsole.internal.Fakes.FakeKernel;
import mechos.webconsole.internal.Fakes.FakePose;

class GoalFollowerTest {
    private final FakeKernel kernel = new FakeKernel();
    private final FakeControl control = new FakeControl();
    private final FakePose pose = new FakePose();
    private final AtomicLong clock = new AtomicLong();
    private GoalFollower goals;

    @BeforeEach
    void bind() {
        RobotServices s = new RobotServices();
        s.bindKernel(kernel);
        s.bindOperatorControl(control);
        s.bindPoseEstimator(pose);
        goals = new GoalFollower(s, clock::get);
    }

    private Map start(double x, double y) {
        return new Map(goals.start("admin", x, y, 0.5, 1.0, 0.1, 0.4));
    }

    private record Map(java.util.Map<String, Object> m) {
        boolean ok() {
            return (Boolean) m.get("ok");
        }
    }

    @Test
    void aGoalAheadIsDrivenThroughTheKernelAsTheOperatorRampingWithinTheAccelerationStep() {
        pose.pose = new Pose2D(0, 0, 0);
        assertTrue(start(3, 0).ok());
        assertEquals(List.of("renew operator (admin)", "engage operator (admin)"), control.calls,
                "no override active: engaged once");
        for (int i = 0; i < 8; i++) {
            goals.step();
        }
        assertEquals("operator:admin:Drive[linear=0.1, angular=0.0]", kernel.submitted.get(0));
        assertEquals("operator:admin:Drive[linear=0.2, angular=0.0]", kernel.submitted.get(1));
        assertEquals("operator:admin:Drive[linear=0.5, angular=0.0]", kernel.submitted.get(7), "capped at max linear");
        assertEquals(1, control.calls.stream().filter(c -> c.startsWith("engage")).count(), "no re-engage (it stops)");
        assertTrue(control.calls.contains("deadman"));
        assertTrue(goals.active());
    }

    @Test
    void aGoalBehindTurnsOnTheSpotFirst() {
        pose.pose = new Pose2D(0, 0, 0);
        assertTrue(start(-2, 0.01).ok());
        goals.step();
        goals.step();
        assertEquals("operator:admin:Drive[linear=0.0, angular=0.4]", kernel.submitted.get(0));
        assertEquals("operator:admin:Drive[linear=0.0, angular=0.8]", kernel.submitted.get(1));
    }

    @Test
    void reachingTheGoalSendsAStopAndEndsIt() {
        pose.pose = new Pose2D(0, 0, 0);
        start(1, 0);
        goals.step();
        pose.pose = new Pose2D(0.9, 0.02, 0);
        goals.step();
        assertFalse(goals.active());
        assertTrue(kernel.submitted.get(kernel.submitted.size() - 1).startsWith("operator:admin:Stop["));
        assertEquals("goal (1.00, 0.00) reached", goals.status().get("message"));
    }

    @Test
    void aRejectionFallsBackToTheLastApprovedCommandAndPersistentRejectionsEndTheGoal() {
        pose.pose = new Pose2D(0, 0, 0);
        start(2, 0);
        goals.step();
        goals.step();
        kernel.approve = false;
        goals.step(); // 0.3 rejected
        kernel.approve = true;
        goals.step(); // renews the approved 0.2
        goals.step(); // steps up again
        assertEquals(List.of("operator:admin:Drive[linear=0.1, angular=0.0]", "operator:admin:Drive[linear=0.2, angular=0.0]",
                "operator:admin:Drive[linear=0.3, angular=0.0]", "operator:admin:Drive[linear=0.2, angular=0.0]",
                "operator:admin:Drive[linear=0.3, angular=0.0]"), kernel.submitted);
        kernel.approve = false;
        for (int i = 0; i < GoalFollower.MAX_REJECTIONS - 1; i++) {
            goals.step();
        }
        assertTrue(goals.active(), "a passing rejection does not end the goal");
        goals.step();
        assertFalse(goals.active());
        assertEquals("goal stopped, drive rejected: [estop] e-stop latched", goals.status().get("message"));
    }

    @Test
    void aGoalNotReachedInTimeIsAbandonedWithAStop() {
        pose.pose = new Pose2D(0, 0, 0);
        start(2, 0);
        goals.step();
        clock.addAndGet(GoalFollower.TIMEOUT_NANOS + TimeUnit.SECONDS.toNanos(1));
        goals.step();
        assertFalse(goals.active());
        assertTrue(kernel.submitted.get(kernel.submitted.size() - 1).startsWith("operator:admin:Stop["));
    }

    @Test
    void withoutAPoseNoGoalIsAccepted() {
        assertFalse(start(1, 1).ok());
        assertFalse(goals.active());
        assertEquals(List.of(), kernel.submitted);
    }

    @Test
    void theOverrideIsRenewedWithoutAStopAndEngagedAgainOnlyWhenItEnded() {
        pose.pose = new Pose2D(0, 0, 0);
        start(3, 0);
        for (int i = 0; i < 5; i++) {
            goals.step();
        }
        kernel.state = SafetyState.OVERRIDE;
        kernel.overrideRemainingMillis = 1000;
        goals.step();
        assertEquals(1, control.calls.stream().filter(c -> c.startsWith("engage")).count(),
                "shortly before it runs out the override is renewed, not engaged again (that stops the drive)");
        assertEquals("operator:admin:Drive[linear=0.5, angular=0.0]", kernel.submitted.get(kernel.submitted.size() - 1),
                "the ramp continues");
        control.overrideOn = false; // its time ran out
        goals.step();
        assertEquals(2, control.calls.stream().filter(c -> c.startsWith("engage")).count());
        assertEquals("operator:admin:Drive[linear=0.1, angular=0.0]", kernel.submitted.get(kernel.submitted.size() - 1),
                "the engagement stopped the drive: start again within one acceleration step");
    }

    @Test
    void cancelSendsAStopAndNonFiniteGoalsAreRefused() {
        pose.pose = new Pose2D(0, 0, 0);
        assertFalse(start(Double.NaN, 0).ok());
        start(1, 1);
        goals.cancel("cancelled");
        assertFalse(goals.active());
        assertTrue(kernel.submitted.get(0).startsWith("operator:admin:Stop["));
    }

    @Test
    void normaliseWrapsAngles() {
        assertEquals(Math.PI, GoalFollower.normalise(-Math.PI), 1e-12);
        assertEquals(-Math.PI / 2, GoalFollower.normalise(3 * Math.PI / 2), 1e-12);
    }
}
