package mechos.runtime.internal.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskMarket;
import mechos.fleet.api.TaskView;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.Stop;
import mechos.kernel.api.Violation;
import mechos.memory.api.PoseList;
import mechos.runtime.internal.behaviours.GoalPublisher;
import mechos.runtime.internal.behaviours.GoalSink;
import mechos.runtime.internal.behaviours.IntentSink;
import mechos.runtime.internal.behaviours.MotionLimits;
import mechos.runtime.internal.behaviours.WorldView;

/**
 * The fleet's goto executor on a fake clock with a fake kernel sink: a unicycle world that integrates every
 * approved Drive for one tick (0.2 s), a market that counts completions.
 */
class GotoTasksTest {
    private static final long TICK = 200_000_000L;

    /** The fake kernel gate and world: approved Drives move the pose. */
    static final class FakeRobot implements IntentSink, WorldView {
        Pose2D pose = new Pose2D(0, 0, 0);
        final List<Intent> submitted = new ArrayList<>();
        boolean rejectDrives;

        @Override
        public synchronized Decision submit(Intent intent, String rationale) {
            submitted.add(intent);
            if (intent instanceof Drive d) {
                if (rejectDrives) {
                    return new Decision("i", "brain", intent, false,
                            List.of(Violation.reject("clearance", "peer ahead")), 0);
                }
                double th = pose.theta() + d.angular() * 0.2;
                pose = new Pose2D(pose.x() + d.linear() * Math.cos(th) * 0.2,
                        pose.y() + d.linear() * Math.sin(th) * 0.2, Pose2D.wrap(th));
            }
            return new Decision("i", "brain", intent, true, List.of(), 0);
        }

        @Override
        public Optional<Pose2D> pose() {
            return Optional.ofNullable(pose);
        }

        @Override
        public Clearance clearance(double linear, double angular) {
            return new Clearance(Double.POSITIVE_INFINITY, 10, 0, true);
        }

        synchronized long drives() {
            return submitted.stream().filter(i -> i instanceof Drive d && d.linear() != 0).count();
        }

        synchronized Intent last() {
            return submitted.get(submitted.size() - 1);
        }
    }

    /** Counts completions; accepts them while {@code leaseValid}. */
    static final class FakeMarket implements TaskMarket {
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        volatile boolean leaseValid = true;
        /** Runs inside {@link #complete}, as the real market ends the lease (stops the executor) while completing. */
        volatile Runnable duringComplete = () -> { };

        @Override
        public List<TaskView> tasks() {
            return List.of();
        }

        @Override
        public boolean complete(String taskId) {
            completions.incrementAndGet();
            if (leaseValid) {
                accepted.incrementAndGet();
            }
            duringComplete.run();
            return leaseValid;
        }
    }

    private final AtomicLong clock = new AtomicLong();
    private final FakeRobot robot = new FakeRobot();
    private final FakeMarket market = new FakeMarket();
    private final AtomicReference<SafetyState> safety = new AtomicReference<>(SafetyState.NOMINAL);
    private final AtomicReference<Boolean> awaitingResume = new AtomicReference<>(false);
    private final AtomicReference<Double> battery = new AtomicReference<>(0.9);
    private final GotoOptions options = new GotoOptions("brain", 0.3,
            new MotionLimits(0.3, 0.8, 0.1, 0.2, 1.5, 30_000_000_000L), 0.2, 0.2, false, TICK);
    private final List<PoseList> goals = new ArrayList<>();
    private final GotoTasks tasks = new GotoTasks(options, robot, robot, this::status, () -> battery.get(),
            () -> market, () -> null, clock::get, new GoalPublisher(goals::add, "fleet", clock::get, clock::get));

    private SafetyStatus status() {
        SafetyState s = safety.get();
        return s == null ? null : new SafetyStatus(s, "", 0, 0, false, awaitingResume.get());
    }

    private static MarketTask task(String id, double x, double y) {
        return new MarketTask(id, "goto", "to " + x + "," + y, "", x, y, "", 0, "robot9");
    }

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            tasks.tick();
            clock.addAndGet(TICK);
        }
    }

    @Test
    void estimateIsStraightLineDistanceOverCruiseSpeed() {
        robot.pose = new Pose2D(1, 1, 0);
        OptionalDouble cost = tasks.estimate(task("t1", 4, 5)); // 5 m away
        assertTrue(cost.isPresent());
        assertEquals(5 / 0.3, cost.getAsDouble(), 1e-9);
    }

    @Test
    void refusesWithoutPoseWithNonFinitePoseOutsideNominalAwaitingResumeOnLowBatteryAndWithoutGoal() {
        robot.pose = null;
        assertTrue(tasks.estimate(task("t", 1, 1)).isEmpty(), "no pose");
        robot.pose = new Pose2D(Double.NaN, 0, 0);
        assertTrue(tasks.estimate(task("t", 1, 1)).isEmpty(), "NaN pose");
        robot.pose = new Pose2D(0, 0, 0);
        safety.set(SafetyState.SAFE_STOP);
        assertTrue(tasks.estimate(task("t", 1, 1)).isEmpty(), "SAFE_STOP");
        safety.set(SafetyState.OVERRIDE);
        assertTrue(tasks.estimate(task("t", 1, 1)).isEmpty(), "OVERRIDE");
        safety.set(null);
        assertTrue(tasks.estimate(task("t", 1, 1)).isEmpty(), "safety unknown");
        safety.set(SafetyState.NOMINAL);
        awaitingResume.set(true);
        assertTrue(tasks.estimate(task("t", 1, 1)).isEmpty(), "autonomy awaits a resume");
        awaitingResume.set(false);
        battery.set(0.1);
        assertTrue(tasks.estimate(task("t", 1, 1)).isEmpty(), "battery 0.1 < 0.2");
        battery.set(Double.NaN);
        assertTrue(tasks.estimate(task("t", 1, 1)).isPresent(), "no battery reading and none required");
        battery.set(0.5);
        assertTrue(tasks.estimate(task("t", Double.NaN, 1)).isEmpty(), "no goal");
        assertTrue(tasks.estimate(task("t", 1, 1)).isPresent(), "all fine");
    }

    @Test
    void refusesOtherTasksWhileBusyButStillBidsOnItsOwn() {
        tasks.start(task("t1", 3, 0), 1);
        assertTrue(tasks.estimate(task("t2", 1, 0)).isEmpty(), "busy with t1");
        assertTrue(tasks.estimate(task("t1", 3, 0)).isPresent(), "its own task");
    }

    @Test
    void startDrivesThroughTheSinkOnTicksOnlyAndCompletesExactlyOnce() {
        tasks.start(task("t1", 2, 0), 1);
        assertTrue(robot.submitted.isEmpty(), "start returns at once: nothing submitted on the caller's thread");
        assertTrue(tasks.active());
        ticks(200);
        assertTrue(robot.drives() > 0, "drove through the sink");
        assertEquals(2.0, robot.pose.x(), 0.25, "at the goal: " + robot.pose);
        assertTrue(robot.last() instanceof Stop, "stopped at the goal");
        assertEquals(1, market.completions.get(), "completion reported exactly once");
        assertFalse(tasks.active());
        tasks.stop(task("t1", 2, 0), 1); // the market's stop after DONE: nothing more
        ticks(20);
        assertEquals(1, market.completions.get());
        assertTrue(tasks.estimate(task("t2", 5, 0)).isPresent(), "free for the next task");
    }

    /** Old code: where a fleet task drove the robot was nowhere on the bus. */
    @Test
    void theTaskGoalIsPublishedWhileDrivenAndClearedWhenReachedOrWhenTheLeaseEnds() {
        robot.pose = new Pose2D(0, 0, 0);
        tasks.start(task("t1", 2, 0), 1);
        assertTrue(goals.isEmpty(), "nothing before the first step");
        ticks(1);
        assertEquals(1, goals.size());
        PoseList first = goals.get(0);
        assertEquals("odom", first.frameId());
        assertEquals("fleet/fleet goto t1", first.source());
        assertEquals(List.of(new PoseList.Pose(0, 0, 0), new PoseList.Pose(2, 0, 0)), first.poses());
        ticks(200);
        PoseList last = goals.get(goals.size() - 1);
        assertEquals(List.of(), last.poses(), "cleared when reached");
        assertEquals("fleet/fleet goto t1", last.source());
        assertTrue(goals.size() >= 4, "refreshed while driving: " + goals.size());
        for (int i = 1; i < goals.size() - 1; i++) {
            long gap = goals.get(i).timestampNanos() - goals.get(i - 1).timestampNanos();
            assertTrue(gap >= 500_000_000L, "at most 2 Hz while the goal is unchanged (ticks of 0.2 s): " + gap);
        }

        goals.clear();
        tasks.start(task("t2", 5, 0), 1);
        ticks(3);
        assertEquals(5.0, goals.get(goals.size() - 1).poses().get(1).x());
        tasks.stop(task("t2", 5, 0), 1);
        assertEquals(List.of(), goals.get(goals.size() - 1).poses(), "cleared at once when the lease ends");
    }

    @Test
    void aRefusedCompletionIsAskedAgainUntilAccepted() {
        market.leaseValid = false;
        tasks.start(task("t1", 0.5, 0), 1);
        ticks(60);
        assertTrue(market.completions.get() > 1, "asked again");
        assertEquals(0, market.accepted.get());
        market.leaseValid = true;
        ticks(10);
        assertEquals(1, market.accepted.get(), "accepted once");
        int calls = market.completions.get();
        ticks(10);
        assertEquals(calls, market.completions.get(), "no call after it was accepted");
    }

    @Test
    void stopSubmitsAStopAtOnceAndNoMoreDrives() {
        tasks.start(task("t1", 5, 0), 1);
        ticks(5);
        long drives = robot.drives();
        assertTrue(drives > 0);
        tasks.stop(task("t1", 5, 0), 1);
        assertTrue(robot.last() instanceof Stop, "a Stop right away");
        assertFalse(tasks.active());
        ticks(20);
        assertEquals(drives, robot.drives(), "no drive after the stop");
        assertEquals(0, market.completions.get());
    }

    @Test
    void aStaleEpochsStartAndStopAreIgnored() {
        MarketTask t = task("t1", 5, 0);
        tasks.start(t, 2);
        ticks(3);
        tasks.stop(t, 1); // an older lease's stop must not stop the holder of epoch 2
        assertTrue(tasks.active(), "stop of epoch 1 ignored");
        ticks(3);
        tasks.stop(t, 2);
        assertFalse(tasks.active());
        int before = robot.submitted.size();
        tasks.start(t, 1); // a late start of the older epoch
        assertFalse(tasks.active(), "start of epoch 1 ignored after epoch 2");
        ticks(5);
        assertEquals(before, robot.submitted.size(), "nothing submitted for the stale start");
        tasks.start(t, 3); // a newer lease: executes again
        assertTrue(tasks.active());
    }

    @Test
    void rejectedDrivesAreNotForced() {
        robot.rejectDrives = true;
        tasks.start(task("t1", 5, 0), 1);
        ticks(25); // 5 s
        long attempts = robot.submitted.stream().filter(i -> i instanceof Drive).count();
        assertTrue(attempts >= 1 && attempts <= 6, "backs off after each rejection (1 s): " + attempts);
        assertEquals(0, robot.pose.x(), 1e-9, "did not move");
        assertEquals(0, market.completions.get());
    }

    @Test
    void aLeaseGrantedWhileBusyWaitsForTheCurrentTask() {
        tasks.start(task("t1", 1, 0), 1);
        tasks.start(task("t2", 1, 1), 1);
        ticks(200);
        assertEquals(2, market.accepted.get(), "both done, one after the other");
        assertEquals(1.0, robot.pose.y(), 0.25, "ended at t2's goal: " + robot.pose);
    }

    @Test
    void withoutTheFleetTheTaskIsNotReportedAndCloseStopsTheRobot() {
        GotoTasks lone = new GotoTasks(options, robot, robot, this::status, () -> 0.9, () -> null, () -> null,
                clock::get, GoalSink.NONE);
        lone.start(task("t1", 3, 0), 1);
        for (int i = 0; i < 3; i++) {
            lone.tick();
            clock.addAndGet(TICK);
        }
        lone.close();
        assertTrue(robot.last() instanceof Stop);
        assertFalse(lone.active());
    }

    @Test
    void theMarketIsToldOfTheGoalWithoutTheExecutorsLockHeld() throws Exception {
        // The fleet's market calls start/stop/estimate under its own lock, and complete() takes that lock: here
        // complete() waits for another thread's call into the executor, which deadlocked while tick() held its lock.
        AtomicInteger answered = new AtomicInteger();
        TaskMarket locking = new TaskMarket() {
            @Override
            public List<TaskView> tasks() {
                return List.of();
            }

            @Override
            public boolean complete(String taskId) {
                Thread fleet = new Thread(() -> {
                    tasks.estimate(task("other", 1, 1));
                    answered.incrementAndGet();
                });
                fleet.start();
                try {
                    fleet.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return answered.get() == 1;
            }
        };
        GotoTasks t = new GotoTasks(options, robot, robot, this::status, () -> 0.9, () -> locking, () -> null,
                clock::get, GoalSink.NONE);
        t.start(task("t1", 0.5, 0), 1);
        for (int i = 0; i < 40 && answered.get() == 0; i++) {
            t.tick();
            clock.addAndGet(TICK);
        }
        assertEquals(1, answered.get(), "the market's thread got into the executor while complete() ran");
        assertFalse(t.active());
    }
}
