package mechos.fleet.internal.market;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskPhase;
import mechos.fleet.api.TaskView;

/**
 * One robot's side of the task market: applies the ordered market log to its {@link MarketReplica} and, driven by
 * {@link #tick()} and a clock, publishes its bids, round closes, lease renewals, completions and expiries.
 *
 * <p><b>At most one executor.</b> This robot executes a task only while (a) its replica says it holds the epoch in
 * force and (b) its lease is valid: a lease is valid until {@code sentAt + lease} of its newest renewal that came
 * back through the broker in log order. Any other robot may expire the epoch only after seeing no renewal for
 * {@code lease + grace} since it received the newest one, and the expiry counts only if no newer renewal is in the
 * log before it. A renewal is received after it was sent, so the holder's lease has run out (by its own clock)
 * before anyone can take the task away; a partitioned holder stops on its own. This assumes the robots' clocks run
 * at the same rate within {@code grace} per lease, and one broker ordering the market topic.
 *
 * <p>Thread-safe (one lock); the {@link Listener} and {@link Bidder} are called under it and must be quick.
 */
public final class MarketAgent {
    private static final Logger LOG = LoggerFactory.getLogger(MarketAgent.class);

    /**
     * Timing of the market.
     *
     * @param bidWindowMillis how long a round takes bids before a close is sent
     * @param leaseMillis     lease duration of a won task
     * @param graceMillis     extra wait before others expire a lease (clock-rate and scheduling slack)
     * @param renewMillis     renewal interval, at most a third of the lease
     */
    public record Settings(long bidWindowMillis, long leaseMillis, long graceMillis, long renewMillis) {
        public Settings {
            check(bidWindowMillis, leaseMillis, graceMillis, renewMillis);
        }

        /** The timing check of the constructor, for the bundle's configuration validator. */
        public static void check(long bidWindowMillis, long leaseMillis, long graceMillis, long renewMillis) {
            if (bidWindowMillis <= 0 || leaseMillis <= 0 || graceMillis < 0 || renewMillis <= 0
                    || renewMillis * 3 > leaseMillis) {
                throw new IllegalArgumentException("market timing: need bid window > 0, lease > 0, grace >= 0 and"
                        + " 0 < renew <= lease/3; got bid window " + bidWindowMillis + " ms, lease " + leaseMillis
                        + " ms, grace " + graceMillis + " ms, renew " + renewMillis + " ms");
            }
        }
    }

    /** Estimates this robot's cost for a task; empty = refuse. */
    @FunctionalInterface
    public interface Bidder {
        OptionalDouble estimate(MarketTask task);
    }

    /** Told when this robot starts and stops executing a task. */
    public interface Listener {
        void started(MarketTask task, int epoch);

        void stopped(MarketTask task, int epoch);
    }

    private static final class Local {
        long openedAt;
        int bidRound;
        int closeRound;
        long watchSince;
        String expireSentFor = "";
        long renewSeq;
        long lastRenewSent = Long.MIN_VALUE;
        final Map<Long, Long> renewSentAt = new HashMap<>();
        long validUntil = Long.MIN_VALUE;
        int runningEpoch;
        int doneSentEpoch;
        long doneSentAt;
        long closeSentAt;
    }

    /** market events kept after this robot's sync request, for replay onto the tasks the answers install */
    static final int SYNC_BUFFER = 10_000;

    private record Requested(String nonce, boolean replaceKnown) {
    }

    private static final class Syncing {
        final String nonce;
        final long until;
        final List<MarketEvent> buffer = new ArrayList<>();
        final java.util.Set<String> installed = new java.util.HashSet<>();
        final java.util.Set<String> postedAfter = new java.util.HashSet<>();

        Syncing(String nonce, long until) {
            this.nonce = nonce;
            this.until = until;
        }
    }

    private final String self;
    private final LongSupplier clock;
    private final Settings settings;
    private final Bidder bidder;
    private final Consumer<MarketEvent> publish;
    private final Listener listener;
    private final MarketReplica replica = new MarketReplica();
    private final Map<String, Local> locals = new HashMap<>();
    /** this robot's newest sync request, until it comes back through the broker */
    private Requested requested;
    /** answers to this robot's sync request are taken while this is set */
    private Syncing syncing;
    /** tasks known before this robot's broker session was lost: not acted on until a peer's state replaces them */
    private final java.util.Set<String> unsure = new java.util.HashSet<>();
    private long auctions;
    private long leaseExpiries;

    /**
     * @param clock   monotonic milliseconds
     * @param publish hands an event to the broker (store-and-forward while offline); must not block
     */
    public MarketAgent(String self, LongSupplier clock, Settings settings, Bidder bidder,
            Consumer<MarketEvent> publish, Listener listener) {
        this.self = self;
        this.clock = clock;
        this.settings = settings;
        this.bidder = bidder;
        this.publish = publish;
        this.listener = listener;
    }

    /** Offers a task on the market (this robot is its poster). */
    public synchronized void post(MarketTask task) {
        publish.accept(new MarketEvent.Post(task));
    }

    /**
     * Asks the peers for the open tasks (publishes a {@link MarketEvent.Sync}): call when this robot's replica may
     * lack tasks, i.e. on its first connection and on every connection whose broker session was not kept. Answers
     * ({@link MarketEvent.State}) describe the tasks as they stood at the Sync's position in the log; the events
     * after that position are kept and replayed onto each installed task, so the result equals the replica of a
     * robot that saw the whole log. Answers are taken for {@code lease + grace} after the Sync came back.
     *
     * @param replaceKnown also replace the tasks this replica knows (it may have missed events of them: its
     *                     session was lost); until an answer replaces such a task or the window ends, this robot
     *                     neither acts on it nor executes it
     */
    public synchronized void sync(boolean replaceKnown) {
        requested = new Requested(java.util.UUID.randomUUID().toString(), replaceKnown);
        List<String> ask = new ArrayList<>();
        if (replaceKnown) {
            for (MarketReplica.Entry e : replica.entries()) {
                if (e.phase() != TaskPhase.DONE) {
                    ask.add(e.task().taskId());
                }
            }
            // from now on (also for the events still arriving before the Sync's position): not acted on
            unsure.addAll(ask);
            reconcile(clock.getAsLong());
        }
        publish.accept(new MarketEvent.Sync(self, requested.nonce(), ask));
    }

    /** Applies one event of the market log, in the order the broker delivered it. */
    public synchronized void onEvent(MarketEvent event) {
        long now = clock.getAsLong();
        if (event instanceof MarketEvent.Sync s) {
            onSync(s, now);
            return;
        }
        if (event instanceof MarketEvent.State st) {
            onState(st, now);
            return;
        }
        if (syncing != null) {
            if (syncing.buffer.size() >= SYNC_BUFFER) {
                LOG.warn("fleet market: {} market events since this robot's sync request without the answers"
                        + " that need them; tasks not learned by now stay unknown here", SYNC_BUFFER);
                syncing = null;
                unsure.clear();
            } else {
                syncing.buffer.add(event);
                if (event instanceof MarketEvent.Post && replica.entry(event.taskId()).isEmpty()) {
                    syncing.postedAfter.add(event.taskId());
                }
            }
        }
        applyLogged(event, now);
        reconcile(now);
    }

    private void onSync(MarketEvent.Sync s, long now) {
        if (s.from().equals(self)) {
            Requested r = requested;
            if (r != null && r.nonce().equals(s.nonce())) {
                syncing = new Syncing(r.nonce(), now + settings.leaseMillis() + settings.graceMillis());
            }
            return;
        }
        // answer with the open and the asked tasks as they stand at this position of the log (none that this
        // robot itself is unsure of): every up-to-date replica holds the same state here
        Map<String, TaskState> answer = new java.util.TreeMap<>();
        for (TaskState t : replica.openTasks()) {
            answer.put(t.task().taskId(), t);
        }
        for (String id : s.ask() == null ? List.<String>of() : s.ask()) {
            replica.state(id == null ? "" : id).ifPresent(t -> answer.put(id, t));
        }
        List<TaskState> open = new ArrayList<>();
        for (TaskState t : answer.values()) {
            if (!unsure(t.task().taskId())) {
                open.add(t);
            }
        }
        if (!open.isEmpty()) {
            publish.accept(new MarketEvent.State(self, s.from(), s.nonce(), open));
        }
    }

    private void onState(MarketEvent.State st, long now) {
        Syncing sy = syncing;
        if (sy == null || !self.equals(st.to()) || !sy.nonce.equals(st.nonce()) || st.tasks() == null) {
            return;
        }
        for (TaskState t : st.tasks()) {
            String id = t == null || t.task() == null ? null : t.task().taskId();
            if (id == null || sy.installed.contains(id) || (replica.entry(id).isPresent() && !unsure.contains(id)
                    && !sy.postedAfter.contains(id))) {
                continue;
            }
            Optional<String> bad = replica.install(t);
            if (bad.isPresent()) {
                LOG.warn("fleet market: state of task {} from {} refused: {}", id, st.from(), bad.get());
                continue;
            }
            sy.installed.add(id);
            unsure.remove(id);
            Local l = locals.computeIfAbsent(id, k -> new Local());
            l.openedAt = now;
            l.watchSince = now;
            l.expireSentFor = "";
            l.renewSentAt.clear();
            l.validUntil = Long.MIN_VALUE;
            l.lastRenewSent = Long.MIN_VALUE;
            // a holder that restarted renews after the newest renewal in the log (an older sequence is ignored)
            l.renewSeq = Math.max(l.renewSeq, t.lastSeq());
            if (t.bids() != null && t.bids().stream().anyMatch(b -> b != null && self.equals(b.from()))) {
                l.bidRound = Math.max(l.bidRound, t.round());
            }
            for (MarketEvent e : sy.buffer) {
                if (e.taskId().equals(id)) {
                    applyLogged(e, now);
                }
            }
            LOG.info("fleet market: learned task {} from {}: {} round {} holder {}", id, st.from(), t.phase(),
                    t.round(), t.holder().isEmpty() ? "-" : t.holder());
        }
        reconcile(now);
    }

    private void applyLogged(MarketEvent event, long now) {
        MarketReplica.Change change = replica.apply(event);
        if (change == MarketReplica.Change.NONE) {
            return;
        }
        Local l = locals.computeIfAbsent(event.taskId(), k -> new Local());
        switch (change) {
            case POSTED, REOPENED, EXPIRED -> {
                l.openedAt = now;
                l.renewSentAt.clear();
                l.validUntil = Long.MIN_VALUE;
                l.lastRenewSent = Long.MIN_VALUE;
                if (change != MarketReplica.Change.POSTED) {
                    auctions += change == MarketReplica.Change.REOPENED ? 1 : 0;
                    leaseExpiries += change == MarketReplica.Change.EXPIRED ? 1 : 0;
                }
            }
            case AWARDED -> {
                auctions++;
                l.watchSince = now;
                l.renewSeq = 0;
            }
            case RENEWED -> {
                l.watchSince = now;
                if (event.from().equals(self)) {
                    Long sent = l.renewSentAt.remove(((MarketEvent.Renew) event).seq());
                    if (sent != null) {
                        l.validUntil = Math.max(l.validUntil, sent + settings.leaseMillis());
                    }
                }
            }
            default -> {
            }
        }
    }

    private boolean unsure(String taskId) {
        return unsure.contains(taskId);
    }

    /** Publishes what the timers call for and starts/stops execution. Call often (e.g. every renew/4). */
    public synchronized void tick() {
        long now = clock.getAsLong();
        if (syncing != null && now >= syncing.until) {
            if (!unsure.isEmpty()) {
                LOG.info("fleet market: no peer reported tasks {}: keeping this robot's own state of them",
                        unsure);
            }
            syncing = null;
            unsure.clear();
        }
        for (MarketReplica.Entry e : replica.entries()) {
            if (unsure(e.task().taskId())) {
                continue;
            }
            Local l = locals.computeIfAbsent(e.task().taskId(), k -> new Local());
            if (e.phase() == TaskPhase.BIDDING) {
                if (l.bidRound < e.round()) {
                    l.bidRound = e.round();
                    OptionalDouble cost = estimate(e.task());
                    publish.accept(new MarketEvent.Bid(e.task().taskId(), e.round(), self,
                            cost.isPresent() ? cost.getAsDouble() : 0, cost.isEmpty()));
                }
                if (l.closeRound < e.round() && now - l.openedAt >= settings.bidWindowMillis()) {
                    l.closeRound = e.round();
                    l.closeSentAt = now;
                    publish.accept(new MarketEvent.Close(e.task().taskId(), e.round(), self));
                } else if (l.closeRound == e.round() && now - l.closeSentAt >= settings.leaseMillis()) {
                    // the round has not ended a lease after our close (e.g. it was logged while our session was
                    // lost and no peer knew the task to tell us): close it again. Only the first close of a round
                    // in the log counts; later ones are ignored by every replica that saw it.
                    l.closeSentAt = now;
                    LOG.info("fleet market: round {} of task {} still open a lease after its close: closing again",
                            e.round(), e.task().taskId());
                    publish.accept(new MarketEvent.Close(e.task().taskId(), e.round(), self));
                }
            } else if (e.phase() == TaskPhase.AWARDED && e.holder().equals(self)) {
                if (l.doneSentEpoch == e.epoch() && now - l.doneSentAt >= settings.leaseMillis()) {
                    // our completion has not come back through the broker within a lease (e.g. the session was
                    // lost with it in flight and no peer knew the task): publish it again. Replicas accept at most
                    // one completion per epoch and ignore one of an epoch no longer in force, so this is safe.
                    l.doneSentAt = now;
                    LOG.info("fleet market: completion of task {} epoch {} not seen back for a lease: publishing "
                            + "it again", e.task().taskId(), e.epoch());
                    publish.accept(new MarketEvent.Done(e.task().taskId(), e.epoch(), self));
                } else if (l.doneSentEpoch != e.epoch() && (l.lastRenewSent == Long.MIN_VALUE
                        || now - l.lastRenewSent >= settings.renewMillis())) {
                    l.lastRenewSent = now;
                    long seq = ++l.renewSeq;
                    l.renewSentAt.put(seq, now);
                    publish.accept(new MarketEvent.Renew(e.task().taskId(), e.epoch(), self, seq));
                }
            } else if (e.phase() == TaskPhase.AWARDED) {
                String key = e.epoch() + "/" + e.lastSeq();
                if (!key.equals(l.expireSentFor)
                        && now - l.watchSince >= settings.leaseMillis() + settings.graceMillis()) {
                    l.expireSentFor = key;
                    LOG.info("fleet market: task {} holder {} sent no renewal for {} ms: expiring epoch {}",
                            e.task().taskId(), e.holder(), now - l.watchSince, e.epoch());
                    publish.accept(new MarketEvent.Expire(e.task().taskId(), e.epoch(), self, e.lastSeq()));
                }
            }
        }
        reconcile(now);
    }

    private OptionalDouble estimate(MarketTask task) {
        if (!task.assignee().isEmpty() && !task.assignee().equals(self)) {
            return OptionalDouble.empty();
        }
        try {
            OptionalDouble c = bidder.estimate(task);
            if (c.isPresent() && !(c.getAsDouble() >= 0 && c.getAsDouble() < Double.POSITIVE_INFINITY)) {
                LOG.warn("fleet market: cost estimate {} for task {} is not a finite non-negative number: refusing",
                        c.getAsDouble(), task.taskId());
                return OptionalDouble.empty();
            }
            return c;
        } catch (RuntimeException ex) {
            LOG.warn("fleet market: cost estimate for task {} failed: refusing", task.taskId(), ex);
            return OptionalDouble.empty();
        }
    }

    /**
     * Reports this robot's task as completed: publishes the completion fenced by the epoch in force.
     *
     * @return false when this robot does not hold a valid lease on it
     */
    public synchronized boolean complete(String taskId) {
        long now = clock.getAsLong();
        MarketReplica.Entry e = replica.entry(taskId).orElse(null);
        Local l = locals.get(taskId);
        if (e == null || l == null || !holdsValidLease(e, l, now)) {
            return false;
        }
        l.doneSentEpoch = e.epoch();
        l.doneSentAt = now;
        publish.accept(new MarketEvent.Done(taskId, e.epoch(), self));
        reconcile(now);
        return true;
    }

    private boolean holdsValidLease(MarketReplica.Entry e, Local l, long now) {
        return e.phase() == TaskPhase.AWARDED && e.holder().equals(self) && now < l.validUntil
                && l.doneSentEpoch != e.epoch() && !unsure(e.task().taskId());
    }

    private void reconcile(long now) {
        for (MarketReplica.Entry e : replica.entries()) {
            Local l = locals.get(e.task().taskId());
            if (l == null) {
                continue;
            }
            boolean run = holdsValidLease(e, l, now);
            if (l.runningEpoch != 0 && (!run || l.runningEpoch != e.epoch())) {
                int was = l.runningEpoch;
                l.runningEpoch = 0;
                notify(false, e.task(), was);
            }
            if (run && l.runningEpoch == 0) {
                l.runningEpoch = e.epoch();
                notify(true, e.task(), e.epoch());
            }
        }
    }

    private void notify(boolean start, MarketTask task, int epoch) {
        try {
            if (start) {
                listener.started(task, epoch);
            } else {
                listener.stopped(task, epoch);
            }
        } catch (RuntimeException ex) {
            LOG.warn("fleet market: executor failed on {} of task {} epoch {}", start ? "start" : "stop",
                    task.taskId(), epoch, ex);
        }
    }

    /** @return true while this robot executes the task (valid lease of the epoch in force) */
    public synchronized boolean executing(String taskId) {
        Local l = locals.get(taskId);
        return l != null && l.runningEpoch != 0;
    }

    /** @return every task as this robot sees it, sorted by id */
    public synchronized List<TaskView> view() {
        List<TaskView> out = new ArrayList<>();
        for (MarketReplica.Entry e : replica.entries()) {
            Local l = locals.get(e.task().taskId());
            out.add(new TaskView(e.task(), e.phase(), e.round(), e.holder(), e.epoch(),
                    l != null && l.runningEpoch != 0));
        }
        return out;
    }

    /** @return the id of the task this robot executes now, or empty */
    public synchronized String currentTask() {
        for (Map.Entry<String, Local> l : locals.entrySet()) {
            if (l.getValue().runningEpoch != 0) {
                return l.getKey();
            }
        }
        return "";
    }

    public synchronized long auctions() {
        return auctions;
    }

    public synchronized long leaseExpiries() {
        return leaseExpiries;
    }
}
