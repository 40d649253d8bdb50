package mechos.fleet.internal.market;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    }

    private final String self;
    private final LongSupplier clock;
    private final Settings settings;
    private final Bidder bidder;
    private final Consumer<MarketEvent> publish;
    private final Listener listener;
    private final MarketReplica replica = new MarketReplica();
    private final Map<String, Local> locals = new HashMap<>();
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

    /** Applies one event of the market log, in the order the broker delivered it. */
    public synchronized void onEvent(MarketEvent event) {
        long now = clock.getAsLong();
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
        reconcile(now);
    }

    /** Publishes what the timers call for and starts/stops execution. Call often (e.g. every renew/4). */
    public synchronized void tick() {
        long now = clock.getAsLong();
        for (MarketReplica.Entry e : replica.entries()) {
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
                    publish.accept(new MarketEvent.Close(e.task().taskId(), e.round(), self));
                }
            } else if (e.phase() == TaskPhase.AWARDED && e.holder().equals(self)) {
                if (l.doneSentEpoch != e.epoch() && (l.lastRenewSent == Long.MIN_VALUE
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
        publish.accept(new MarketEvent.Done(taskId, e.epoch(), self));
        reconcile(now);
        return true;
    }

    private boolean holdsValidLease(MarketReplica.Entry e, Local l, long now) {
        return e.phase() == TaskPhase.AWARDED && e.holder().equals(self) && now < l.validUntil
                && l.doneSentEpoch != e.epoch();
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
