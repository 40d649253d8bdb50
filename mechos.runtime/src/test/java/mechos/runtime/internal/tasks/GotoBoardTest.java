package mechos.runtime.internal.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import mechos.fleet.api.MarketTask;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.memory.api.NewTask;
import mechos.memory.api.StoreHealth;
import mechos.memory.api.Task;
import mechos.memory.api.TaskBoard;
import mechos.memory.api.TaskState;
import mechos.runtime.internal.behaviours.GoalSink;
import mechos.runtime.internal.behaviours.MotionLimits;

/** The goto executor records each lease on the local task board: posted, claimed, completed with the outcome. */
class GotoBoardTest {
    /** An in-memory board answering at once. */
    static final class FakeBoard implements TaskBoard {
        final Map<String, Task> tasks = new ConcurrentHashMap<>();
        final List<String> calls = new ArrayList<>();
        private final AtomicLong ids = new AtomicLong();

        private Task with(Task t, TaskState s, String claimant, long token, String result) {
            return new Task(t.id(), t.title(), t.payload(), t.priority(), s, claimant, token, Instant.EPOCH,
                    t.created(), Instant.EPOCH, result);
        }

        @Override
        public synchronized CompletableFuture<Task> post(NewTask n) {
            calls.add("post");
            Task t = new Task("b" + ids.incrementAndGet(), n.title(), n.payload(), n.priority(), TaskState.OPEN,
                    null, 0, null, Instant.EPOCH, Instant.EPOCH, "");
            tasks.put(t.id(), t);
            return CompletableFuture.completedFuture(t);
        }

        @Override
        public synchronized CompletableFuture<Optional<Task>> claim(String id, String claimant, Duration lease) {
            calls.add("claim " + claimant);
            Task t = with(tasks.get(id), TaskState.CLAIMED, claimant, 7, "");
            tasks.put(id, t);
            return CompletableFuture.completedFuture(Optional.of(t));
        }

        @Override
        public CompletableFuture<Optional<Task>> claimNext(String claimant, Duration lease) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public synchronized CompletableFuture<Boolean> renew(String id, String claimant, long token, Duration lease) {
            calls.add("renew");
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public synchronized CompletableFuture<Boolean> complete(String id, String claimant, long token,
                String result) {
            calls.add("complete " + token + " " + result);
            tasks.put(id, with(tasks.get(id), TaskState.DONE, claimant, token, result));
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> release(String id, String claimant, long token) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Optional<Task>> get(String id) {
            return CompletableFuture.completedFuture(Optional.ofNullable(tasks.get(id)));
        }

        @Override
        public CompletableFuture<List<Task>> list(TaskState state) {
            return CompletableFuture.completedFuture(List.copyOf(tasks.values()));
        }

        @Override
        public StoreHealth health() {
            return StoreHealth.ok(Instant.EPOCH);
        }
    }

    private final AtomicLong clock = new AtomicLong();
    private final GotoTasksTest.FakeRobot robot = new GotoTasksTest.FakeRobot();
    private final GotoTasksTest.FakeMarket market = new GotoTasksTest.FakeMarket();
    private final FakeBoard board = new FakeBoard();
    private final GotoTasks tasks = new GotoTasks(
            new GotoOptions("brain", 0.3, new MotionLimits(0.3, 0.8, 0.1, 0.2, 1.5, 30_000_000_000L), 0.2, 0.2, false,
                    200_000_000L),
            robot, robot, () -> new SafetyStatus(SafetyState.NOMINAL, "", 0, 0, false), () -> 0.9, () -> market,
            () -> board, clock::get, GoalSink.NONE);

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            tasks.tick();
            clock.addAndGet(200_000_000L);
        }
    }

    @Test
    void aReachedGoalIsPostedClaimedAndCompletedOnTheBoard() {
        tasks.start(new MarketTask("in-1", "goto", "fetch", "", 1, 0, "", 0, "robot9"), 2);
        ticks(100);
        assertEquals(1, market.accepted.get());
        Task t = board.tasks.values().iterator().next();
        assertEquals(TaskState.DONE, t.state());
        assertEquals(GotoTasks.CLAIMANT, t.claimant());
        assertTrue(t.payload().contains("\"fleetTask\":\"in-1\"") && t.payload().contains("\"epoch\":2"),
                t.payload());
        assertEquals("reached (1.00, 0.00)", t.result());
        assertEquals(List.of("post", "claim fleet-goto", "complete 7 reached (1.00, 0.00)"), board.calls);
    }

    /**
     * The real market ends the lease (stops this executor) inside its {@code complete} call, before the executor
     * hears that the completion was accepted: the board entry must say "reached", once (it said "the lease ended
     * before the fleet accepted the completion", and the accepted completion then found the claim gone).
     */
    @Test
    void aCompletionAcceptedWhileTheMarketEndsTheLeaseIsMarkedReachedOnce() {
        MarketTask task = new MarketTask("in-3", "goto", "fetch", "", 1, 0, "", 0, "robot9");
        market.duringComplete = () -> tasks.stop(task, 2);
        tasks.start(task, 2);
        ticks(100);
        assertEquals(1, market.accepted.get());
        Task t = board.tasks.values().iterator().next();
        assertEquals(TaskState.DONE, t.state());
        assertEquals("reached (1.00, 0.00)", t.result());
        assertEquals(1, board.calls.stream().filter(c -> c.startsWith("complete")).count(), board.calls.toString());
    }

    @Test
    void aLostLeaseIsMarkedOnTheBoardAndTheClaimIsRenewedWhileItRuns() {
        robot.pose = new Pose2D(0, 0, 0);
        MarketTask far = new MarketTask("in-2", "goto", "far", "", 50, 0, "", 0, "robot9");
        tasks.start(far, 1);
        ticks(150); // 30 s: renewed every 20 s
        tasks.stop(far, 1);
        Task t = board.tasks.values().iterator().next();
        assertEquals(TaskState.DONE, t.state());
        assertTrue(t.result().startsWith("stopped on this robot: lease of epoch 1 ended"), t.result());
        assertTrue(board.calls.contains("renew"), board.calls.toString());
    }
}
