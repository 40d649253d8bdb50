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

    /**
     * @return every task not yet completed, as it stands now (what this replica answers a {@link MarketEvent.Sync}
     *         with), sorted by id
     */
    public List<TaskState> openTasks() {
        List<TaskState> out = new ArrayList<>();
        for (Entry e : tasks.values()) {
            if (e.phase != TaskPhase.DONE) {
                out.add(state(e));
            }
        }
        return out;
    }

    /** @return one task's state as it stands now, in any phase, if known */
    public Optional<TaskState> state(String taskId) {
        return entry(taskId).map(MarketReplica::state);
    }

    private static TaskState state(Entry e) {
        List<TaskState.BidState> bids = new ArrayList<>();
        if (e.phase == TaskPhase.BIDDING) {
            for (MarketEvent.Bid b : e.bids.values()) {
                bids.add(new TaskState.BidState(b.from(), b.cost(), b.refuse()));
            }
        }
        return new TaskState(e.task, e.phase, e.round, e.holder, e.epoch, e.lastSeq, List.copyOf(bids));
    }

    /**
     * Sets one task to a state a peer reported (replacing what this replica had for it). Deterministic: the same
     * state and the same later events give every replica the same result.
     *
     * @return empty when installed, else why the state is not acceptable (nothing changed)
     */
    public Optional<String> install(TaskState s) {
        Optional<String> bad = problem(s);
        if (bad.isPresent()) {
            return bad;
        }
        Entry e = new Entry(s.task());
        e.phase = s.phase();
        e.round = s.round();
        e.holder = s.holder();
        e.epoch = s.epoch();
        e.lastSeq = s.lastSeq();
        for (TaskState.BidState b : s.bids() == null ? List.<TaskState.BidState>of() : s.bids()) {
            e.bids.put(b.from(), new MarketEvent.Bid(s.task().taskId(), s.round(), b.from(), b.cost(), b.refuse()));
        }
        tasks.put(s.task().taskId(), e);
        return Optional.empty();
    }

    private static Optional<String> problem(TaskState s) {
        if (s.task() == null || s.task().taskId() == null || s.task().taskId().isEmpty() || s.phase() == null
                || s.holder() == null) {
            return Optional.of("task, task id, phase and holder are required");
        }
        if (s.round() < 1 || s.lastSeq() < 0) {
            return Optional.of("round " + s.round() + " / renewal sequence " + s.lastSeq() + " out of range");
        }
        List<TaskState.BidState> bids = s.bids() == null ? List.of() : s.bids();
        switch (s.phase()) {
            case BIDDING -> {
                if (!s.holder().isEmpty() || s.epoch() != 0 || s.lastSeq() != 0) {
                    return Optional.of("a task in bidding has no holder, epoch or renewals");
                }
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (TaskState.BidState b : bids) {
                    if (b == null || b.from() == null || !seen.add(b.from())
                            || (!b.refuse() && !(b.cost() >= 0 && b.cost() < Double.POSITIVE_INFINITY))) {
                        return Optional.of("a bid is missing its robot, repeated or has a non-finite cost");
                    }
                }
            }
            case AWARDED, DONE -> {
                if (s.holder().isEmpty() || s.epoch() != s.round() || !bids.isEmpty()) {
                    return Optional.of("an awarded or completed task needs a holder, epoch = round and no bids");
                }
            }
            default -> {
                return Optional.of("unknown phase " + s.phase());
            }
        }
        return Optional.empty();
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
