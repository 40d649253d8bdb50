package mechos.runtime.internal.tasks;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskMarket;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.Stop;
import mechos.memory.api.NewTask;
import mechos.memory.api.Task;
import mechos.memory.api.TaskBoard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;
import mechos.runtime.internal.behaviours.BuiltinBehaviours;
import mechos.runtime.internal.behaviours.GoalSink;
import mechos.runtime.internal.behaviours.IntentSink;
import mechos.runtime.internal.behaviours.WorldView;
import mechos.runtime.internal.bt.MapBlackboard;

/**
 * The fleet's {@code goto} tasks on this robot, without OSGi: bids (cost = straight-line distance / cruise speed from
 * the fused pose, or a refusal), and runs the runtime's {@code goto} behaviour for the task whose lease this robot
 * holds. Every command goes through {@link IntentSink} (the kernel gate, as the brain); a rejected command is not
 * forced (the behaviour computes a new one later).
 *
 * <p>Threads: {@link #estimate}, {@link #start} and {@link #stop} are called on the fleet's thread and return at
 * once ({@code stop} submits one Stop intent, which the kernel answers in microseconds); {@link #tick} runs on the
 * executor's own scheduled thread. Fencing: a start or stop of an older epoch than the newest seen for that task is
 * ignored. The task is recorded on the local task board (posted, claimed, completed) when one is bound.
 */
public final class GotoTasks {
    /** Claimant on the local task board. */
    static final String CLAIMANT = "fleet-goto";
    private static final Logger LOG = LoggerFactory.getLogger(GotoTasks.class);
    private static final Duration BOARD_LEASE = Duration.ofSeconds(60);
    private static final long BOARD_RENEW_NANOS = 20_000_000_000L;
    private static final long RETRY_NANOS = 2_000_000_000L;
    private static final int EPOCHS_KEPT = 256;

    private final GotoOptions options;
    private final IntentSink sink;
    private final WorldView world;
    private final Supplier<SafetyStatus> safety;
    private final DoubleSupplier battery;
    private final Supplier<TaskMarket> market;
    private final Supplier<TaskBoard> board;
    private final LongSupplier clock;
    private final GoalSink goals;

    /** Newest epoch seen per task id (start or stop), for fencing. Guarded by {@code this}. */
    private final Map<String, Integer> epochs = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > EPOCHS_KEPT;
        }
    };
    /** Leases granted while another task runs, in order. Guarded by {@code this}. */
    private final Deque<Run> waiting = new ArrayDeque<>();
    /** The task being executed, or null. Guarded by {@code this}. */
    private Run current;

    /**
     * @param safety  the kernel's safety status right now (null when unknown)
     * @param battery state of charge 0..1 right now, NaN when no battery reports one
     * @param market  the fleet's market as bound right now (null when the fleet is off)
     * @param board   the local task board as bound right now (null without memory)
     * @param goals   where the goal being driven to is reported ({@code plan/goal})
     */
    public GotoTasks(GotoOptions options, IntentSink sink, WorldView world, Supplier<SafetyStatus> safety,
            DoubleSupplier battery, Supplier<TaskMarket> market, Supplier<TaskBoard> board, LongSupplier clock,
            GoalSink goals) {
        this.options = options;
        this.sink = sink;
        this.world = world;
        this.safety = safety;
        this.battery = battery;
        this.market = market;
        this.board = board;
        this.clock = clock;
        this.goals = goals;
    }

    /** @return the cost in seconds, or empty to refuse (the reason is logged at DEBUG) */
    public synchronized OptionalDouble estimate(MarketTask task) {
        Optional<String> refusal = refusal(task);
        if (refusal.isPresent()) {
            LOG.debug("goto task {}: refusing to bid: {}", task.taskId(), refusal.get());
            return OptionalDouble.empty();
        }
        Pose2D p = world.pose().orElseThrow();
        return OptionalDouble.of(Math.hypot(task.goalX() - p.x(), task.goalY() - p.y()) / options.cruiseSpeed());
    }

    /** @return why this robot would not take the task now, or empty */
    synchronized Optional<String> refusal(MarketTask task) {
        if (!Double.isFinite(task.goalX()) || !Double.isFinite(task.goalY())) {
            return Optional.of("no finite goal");
        }
        if (current != null && !current.task.taskId().equals(task.taskId())) {
            return Optional.of("busy with task " + current.task.taskId());
        }
        Optional<Pose2D> pose = world.pose();
        if (pose.isEmpty() || !pose.get().isFinite()) {
            return Optional.of("no valid pose");
        }
        SafetyStatus s = safety.get();
        if (s == null || s.state() != SafetyState.NOMINAL) {
            return Optional.of("safety state " + (s == null ? "unknown" : s.state()));
        }
        if (s.awaitingResume()) {
            return Optional.of("autonomy awaits an operator's resume after an e-stop reset");
        }
        double soc = battery.getAsDouble();
        if (Double.isNaN(soc) && options.requireBattery()) {
            return Optional.of("no battery reading");
        }
        if (!Double.isNaN(soc) && !(soc >= options.batteryMin())) {
            return Optional.of(String.format(Locale.ROOT, "battery %.2f below %.2f", soc, options.batteryMin()));
        }
        return Optional.empty();
    }

    /** This robot holds the lease of {@code epoch}: execute the task (from the next tick). Idempotent. */
    public synchronized void start(MarketTask task, int epoch) {
        if (!fresh(task.taskId(), epoch)) {
            LOG.info("goto task {}: start of epoch {} ignored (epoch {} seen)", task.taskId(), epoch,
                    epochs.get(task.taskId()));
            return;
        }
        if (current != null && current.task.taskId().equals(task.taskId())) {
            if (current.epoch != epoch) {
                LOG.info("goto task {}: lease renewed under epoch {} (was {})", task.taskId(), epoch, current.epoch);
                current.epoch = epoch;
            }
            return;
        }
        waiting.removeIf(r -> r.task.taskId().equals(task.taskId()));
        Run run = new Run(task, epoch);
        if (current != null) {
            LOG.warn("goto task {} (epoch {}) waits: this robot is executing task {}", task.taskId(), epoch,
                    current.task.taskId());
            waiting.add(run);
            return;
        }
        begin(run);
    }

    /** The lease of {@code epoch} is gone: stop now (one Stop intent) unless that epoch is older than the one held. */
    public synchronized void stop(MarketTask task, int epoch) {
        if (!fresh(task.taskId(), epoch)) {
            LOG.info("goto task {}: stop of epoch {} ignored (epoch {} seen)", task.taskId(), epoch,
                    epochs.get(task.taskId()));
            return;
        }
        waiting.removeIf(r -> r.task.taskId().equals(task.taskId()) && r.epoch <= epoch);
        Run run = current;
        if (run == null || !run.task.taskId().equals(task.taskId()) || run.epoch > epoch) {
            return;
        }
        current = null;
        run.node.halt();
        if (!run.reached) {
            sink.submit(new Stop("fleet goto task " + task.taskId() + ": lease of epoch " + epoch + " ended"),
                    "fleet goto");
            LOG.info("goto task {}: stopped, lease of epoch {} ended", task.taskId(), epoch);
            finishOnBoard(run, "stopped on this robot: lease of epoch " + epoch + " ended (the fleet re-auctions it)");
        } else if (!run.completionSent && !run.completing) {
            // (while the completion is being reported, the market ends the lease inside that call: its answer,
            // in completed(), says what the board records)
            finishOnBoard(run, "reached here, but the lease of epoch " + epoch
                    + " ended before the fleet accepted the completion");
        }
        next();
    }

    /** @return true while a task is executed here (the agent's fallback behaviours leave the motion to it) */
    public synchronized boolean active() {
        return current != null && !current.reached;
    }

    /** @return the task being executed, if any */
    public synchronized Optional<MarketTask> currentTask() {
        return current == null ? Optional.empty() : Optional.of(current.task);
    }

    /**
     * One step of the task being executed; on the executor's thread. Never throws. The market is told of a reached
     * goal outside this object's lock: the market calls {@link #start}/{@link #stop} under its own lock, so holding
     * ours while calling it could deadlock.
     */
    public void tick() {
        Run done = step();
        if (done == null) {
            return;
        }
        TaskMarket m = market.get();
        if (m == null) {
            notReporting(done);
            return; // the fleet is gone (and with it the lease): its stop ends this run
        }
        boolean accepted;
        try {
            accepted = m.complete(done.task.taskId());
        } catch (RuntimeException e) {
            notReporting(done);
            LOG.warn("goto task {}: reporting the completion failed; asking again", done.task.taskId(), e);
            return;
        }
        completed(done, accepted);
    }

    private synchronized void notReporting(Run run) {
        run.completing = false;
    }

    /** @return the run whose reached goal is to be reported now, or null */
    private synchronized Run step() {
        Run run = current;
        if (run == null) {
            return null;
        }
        long now = clock.getAsLong();
        try {
            renewOnBoard(run, now);
            if (run.reached) {
                run.completing = !run.completionSent;
                return run.completionSent ? null : run;
            }
            if (now - run.retryAt < 0) {
                return null;
            }
            Status s = run.node.tick(run.blackboard);
            if (s == Status.SUCCESS) {
                run.reached = true;
                run.completing = true;
                LOG.info("goto task {}: goal ({}, {}) reached (epoch {})", run.task.taskId(), run.task.goalX(),
                        run.task.goalY(), run.epoch);
                return run;
            } else if (s == Status.FAILURE) {
                // No pose or stuck: keep the lease and try again (the market has no "give up"), not in a hot loop.
                run.failures++;
                if (Long.bitCount(run.failures) == 1) {
                    LOG.warn("goto task {}: could not reach ({}, {}) ({} attempts failed); trying again in {} ms",
                            run.task.taskId(), run.task.goalX(), run.task.goalY(), run.failures, RETRY_NANOS / 1_000_000);
                }
                run.node.halt();
                run.retryAt = now + RETRY_NANOS;
            }
        } catch (RuntimeException e) {
            LOG.warn("goto task {}: step failed; trying again in {} ms", run.task.taskId(), RETRY_NANOS / 1_000_000, e);
            run.retryAt = now + RETRY_NANOS;
        }
        return null;
    }

    private synchronized void completed(Run run, boolean accepted) {
        run.completing = false;
        if (run.completionSent) {
            return;
        }
        if (!accepted && current != run) {
            // the lease ended while the completion was being reported (stop() left the board to this answer)
            finishOnBoard(run, "reached here, but the lease of epoch " + run.epoch
                    + " ended before the fleet accepted the completion");
            return;
        }
        if (accepted) {
            run.completionSent = true;
            LOG.info("goto task {}: completion reported (epoch {})", run.task.taskId(), run.epoch);
            finishOnBoard(run, String.format(Locale.ROOT, "reached (%.2f, %.2f)", run.task.goalX(),
                    run.task.goalY()));
            if (current == run) {
                current = null; // free for the next task; the market's stop for this one is then a no-op
                next();
            }
        } else if (!run.completionRefused) {
            run.completionRefused = true;
            LOG.warn("goto task {}: the market did not accept the completion (no valid lease of epoch {}); "
                    + "asking again while the lease lasts", run.task.taskId(), run.epoch);
        }
    }

    /** Deactivation: stops the robot if a task was executed and forgets everything. */
    public synchronized void close() {
        Run run = current;
        current = null;
        waiting.clear();
        if (run != null && !run.reached) {
            run.node.halt();
            sink.submit(new Stop("fleet goto executor stopping"), "fleet goto");
            finishOnBoard(run, "stopped on this robot: the executor stopped");
        }
    }

    /** @return true unless {@code epoch} is older than the newest seen for the task (then records it) */
    private boolean fresh(String taskId, int epoch) {
        Integer seen = epochs.get(taskId);
        if (seen != null && epoch < seen) {
            return false;
        }
        epochs.put(taskId, seen == null ? epoch : Math.max(seen, epoch));
        return true;
    }

    private void next() {
        Run n = waiting.poll();
        if (n != null) {
            begin(n);
        }
    }

    private void begin(Run run) {
        current = run;
        LOG.info("goto task {}: started, driving to ({}, {}) under lease epoch {}", run.task.taskId(),
                run.task.goalX(), run.task.goalY(), run.epoch);
        postOnBoard(run);
    }

    // ---- the local task board (asynchronous; failures are logged, never block the task) ----------------------

    private void postOnBoard(Run run) {
        TaskBoard b = board.get();
        if (b == null) {
            return;
        }
        String title = String.format(Locale.ROOT, "fleet goto (%.2f, %.2f): %s", run.task.goalX(), run.task.goalY(),
                run.task.title());
        String payload = String.format(Locale.ROOT,
                "{\"fleetTask\":\"%s\",\"epoch\":%d,\"poster\":\"%s\",\"goal\":[%s,%s]}", json(run.task.taskId()),
                run.epoch, json(run.task.poster()), run.task.goalX(), run.task.goalY());
        run.boardRenewedAt = clock.getAsLong();
        CompletableFuture<Optional<Task>> claimed = b.post(new NewTask(title, payload, 0))
                .thenCompose(t -> b.claim(t.id(), CLAIMANT, BOARD_LEASE));
        claimed.whenComplete((t, e) -> {
            if (e != null) {
                LOG.warn("goto task {}: recording on the task board failed: {}", run.task.taskId(), e.toString());
            } else if (t.isEmpty()) {
                LOG.warn("goto task {}: the task board entry could not be claimed", run.task.taskId());
            } else {
                run.boardTask.set(t.get());
            }
        });
    }

    private void renewOnBoard(Run run, long now) {
        Task t = run.boardTask.get();
        TaskBoard b = board.get();
        if (t == null || b == null || now - run.boardRenewedAt < BOARD_RENEW_NANOS) {
            return;
        }
        run.boardRenewedAt = now;
        b.renew(t.id(), CLAIMANT, t.claimToken(), BOARD_LEASE).whenComplete((ok, e) -> {
            if (e != null || !Boolean.TRUE.equals(ok)) {
                LOG.warn("goto task {}: task board entry {} not renewed: {}", run.task.taskId(), t.id(),
                        e != null ? e.toString() : "claim lost");
            }
        });
    }

    private void finishOnBoard(Run run, String result) {
        Task t = run.boardTask.get();
        TaskBoard b = board.get();
        if (t == null || b == null) {
            return;
        }
        b.complete(t.id(), CLAIMANT, t.claimToken(), result).whenComplete((ok, e) -> {
            if (e != null || !Boolean.TRUE.equals(ok)) {
                LOG.warn("goto task {}: task board entry {} not marked: {}", run.task.taskId(), t.id(),
                        e != null ? e.toString() : "claim lost");
            }
        });
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : (s == null ? "" : s).toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** One lease of one task being executed. */
    private final class Run {
        final MarketTask task;
        final Node node;
        final MapBlackboard blackboard = new MapBlackboard();
        final AtomicReference<Task> boardTask = new AtomicReference<>();
        int epoch;
        boolean reached;
        boolean completionSent;
        boolean completionRefused;
        long failures;
        long retryAt = Long.MIN_VALUE / 2;
        long boardRenewedAt;
        /** a reached goal is being reported to the market (from step() until completed()) */
        boolean completing;
        boolean moved;

        Run(MarketTask task, int epoch) {
            this.task = task;
            this.epoch = epoch;
            this.node = BuiltinBehaviours.goTo("fleet goto " + task.taskId(), task.goalX(), task.goalY(),
                    this::submit, world, options.motion(), clock, goals);
        }

        private Decision submit(Intent intent, String why) {
            Decision d = sink.submit(intent, why);
            if (!moved && d.approved() && intent instanceof Drive drive
                    && (drive.linear() != 0 || drive.angular() != 0)) {
                moved = true;
                LOG.info("goto task {}: first approved motion (epoch {})", task.taskId(), epoch);
            }
            return d;
        }
    }
}
