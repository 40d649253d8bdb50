package mechos.fleet.internal.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskPhase;

/**
 * The market's state, derived only from the ordered log of {@link MarketEvent}s: deterministic, no clock, no I/O.
 * Two replicas that applied the same events hold the same state. Not thread-safe (one owner thread).
 */
public final class MarketReplica {
    /** What applying one event changed. */
    public enum Change {
        /** Nothing (duplicate, stale epoch, late bid, ...). */
        NONE,
        /** A task is new: round 1 bidding. */
        POSTED,
        /** A bid counted. */
        BID,
        /** A round closed without an acceptable bid: the next round opens. */
        REOPENED,
        /** A round closed with a winner. */
        AWARDED,
        /** The holder renewed its lease. */
        RENEWED,
        /** The lease of the epoch in force was taken away: the next round opens. */
        EXPIRED,
        /** Completed. */
        DONE
    }

    /** One task's replicated state. */
    public static final class Entry {
        private final MarketTask task;
        private TaskPhase phase = TaskPhase.BIDDING;
        private int round = 1;
        private String holder = "";
        private int epoch;
        private long lastSeq;
        private final Map<String, MarketEvent.Bid> bids = new TreeMap<>();

        Entry(MarketTask task) {
            this.task = task;
        }

        public MarketTask task() {
            return task;
        }

        public TaskPhase phase() {
            return phase;
        }

        public int round() {
            return round;
        }

        public String holder() {
            return holder;
        }

        public int epoch() {
            return epoch;
        }

        /** @return the newest renewal sequence of the epoch in force, 0 before the first */
        public long lastSeq() {
            return lastSeq;
        }
    }

    private final Map<String, Entry> tasks = new TreeMap<>();

    /** Applies one event in log order. Never throws for a well-formed event. */
    public Change apply(MarketEvent event) {
        if (event instanceof MarketEvent.Post p) {
            if (tasks.containsKey(p.taskId())) {
                return Change.NONE;
            }
            tasks.put(p.taskId(), new Entry(p.task()));
            return Change.POSTED;
        }
        Entry e = tasks.get(event.taskId());
        if (e == null) {
            return Change.NONE;
        }
        if (event instanceof MarketEvent.Bid b) {
            if (e.phase != TaskPhase.BIDDING || b.round() != e.round || e.bids.containsKey(b.from())
                    || (!b.refuse() && !(b.cost() >= 0 && b.cost() < Double.POSITIVE_INFINITY))) {
                return Change.NONE;
            }
            e.bids.put(b.from(), b);
            return Change.BID;
        }
        if (event instanceof MarketEvent.Close c) {
            if (e.phase != TaskPhase.BIDDING || c.round() != e.round) {
                return Change.NONE;
            }
            Optional<MarketEvent.Bid> best = winner(e);
            if (best.isEmpty()) {
                openNextRound(e);
                return Change.REOPENED;
            }
            e.phase = TaskPhase.AWARDED;
            e.holder = best.get().from();
            e.epoch = e.round;
            e.lastSeq = 0;
            return Change.AWARDED;
        }
        if (event instanceof MarketEvent.Renew r) {
            if (e.phase != TaskPhase.AWARDED || r.epoch() != e.epoch || !r.from().equals(e.holder)
                    || r.seq() <= e.lastSeq) {
                return Change.NONE;
            }
            e.lastSeq = r.seq();
            return Change.RENEWED;
        }
        if (event instanceof MarketEvent.Done d) {
            if (e.phase != TaskPhase.AWARDED || d.epoch() != e.epoch || !d.from().equals(e.holder)) {
                return Change.NONE;
            }
            e.phase = TaskPhase.DONE;
            return Change.DONE;
        }
        if (event instanceof MarketEvent.Expire x) {
            if (e.phase != TaskPhase.AWARDED || x.epoch() != e.epoch || x.lastSeq() != e.lastSeq) {
                return Change.NONE;
            }
            openNextRound(e);
            return Change.EXPIRED;
        }
        return Change.NONE;
    }

    /** Lowest cost wins; equal costs go to the smaller robot id (bids are kept sorted by id). */
    private static Optional<MarketEvent.Bid> winner(Entry e) {
        MarketEvent.Bid best = null;
        for (MarketEvent.Bid b : e.bids.values()) {
            if (!b.refuse() && (best == null || b.cost() < best.cost())) {
                best = b;
            }
        }
        return Optional.ofNullable(best);
    }

    private static void openNextRound(Entry e) {
        e.phase = TaskPhase.BIDDING;
        e.round++;
        e.holder = "";
        e.epoch = 0;
        e.lastSeq = 0;
        e.bids.clear();
    }

    /** @return the task's state, if known */
    public Optional<Entry> entry(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    /** @return every task, sorted by id */
    public List<Entry> entries() {
        return new ArrayList<>(tasks.values());
    }
}
