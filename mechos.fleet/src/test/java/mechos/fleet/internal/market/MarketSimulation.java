package mechos.fleet.internal.market;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;

import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskPhase;

/**
 * A deterministic, single-threaded simulation of N robots' {@link MarketAgent}s around one broker that orders the
 * market topic: random up- and downlink delays, crashes (a robot stops for good, its unsent messages are lost) and
 * partitions (nothing in or out for a while; its session keeps what it missed, as a persistent MQTT session does).
 * One fake clock for all robots. Used by the property tests and the bench.
 */
final class MarketSimulation {
    static final MarketAgent.Settings SETTINGS = new MarketAgent.Settings(300, 1000, 200, 250);
    static final long STEP = 5;

    private record Pending(long at, MarketEvent event) {
    }

    final class Robot {
        final String id;
        final int index;
        final MarketAgent agent;
        final Deque<Pending> uplink = new ArrayDeque<>();
        int cursor;
        long nextDeliveryAt = Long.MIN_VALUE;
        boolean crashed;
        long partitionFrom = Long.MAX_VALUE;
        long partitionUntil = Long.MIN_VALUE;
        final boolean willing;
        final Map<String, Long> workStartedAt = new HashMap<>();
        /** the partition ends with a new broker session: what it missed is gone, it asks for the market */
        boolean loseSession;

        Robot(int index, boolean willing) {
            this.index = index;
            this.id = "r" + index;
            this.willing = willing;
            this.agent = new MarketAgent(id, () -> now, SETTINGS,
                    t -> willing ? OptionalDouble.of(1 + random.nextInt(50)) : OptionalDouble.empty(),
                    e -> uplink.add(new Pending(now + random.nextInt(maxDelay + 1), e)), new MarketAgent.Listener() {
                        @Override
                        public void started(MarketTask task, int epoch) {
                            workStartedAt.put(task.taskId(), now);
                            executionsStarted++;
                        }

                        @Override
                        public void stopped(MarketTask task, int epoch) {
                            workStartedAt.remove(task.taskId());
                        }
                    });
        }

        boolean partitioned() {
            return now >= partitionFrom && now < partitionUntil;
        }
    }

    final Random random;
    final int maxDelay;
    final long workMillis;
    long now;
    final List<Robot> robots = new ArrayList<>();
    final List<MarketEvent> log = new ArrayList<>();
    final List<Long> logTimes = new ArrayList<>();
    int executionsStarted;
    int completionsSent;
    int maxConcurrent;
    final Map<String, Long> awardedAt = new HashMap<>();

    MarketSimulation(long seed, int robots, int willing, int maxDelay, long workMillis) {
        this.random = new Random(seed);
        this.maxDelay = maxDelay;
        this.workMillis = workMillis;
        for (int i = 0; i < robots; i++) {
            this.robots.add(new Robot(i, i < willing));
        }
    }

    void post(int robot, String taskId) {
        robots.get(robot).agent.post(new MarketTask(taskId, "goto", "task " + taskId, "", 1, 2, "", 0,
                robots.get(robot).id));
    }

    void step() {
        now += STEP;
        for (Robot r : robots) {
            if (r.loseSession && !r.crashed && now >= r.partitionUntil) {
                r.loseSession = false;
                r.cursor = log.size(); // the broker forgot its session: nothing it missed is delivered
                r.nextDeliveryAt = Long.MIN_VALUE;
                r.agent.sync(true);
            }
        }
        // uplink: arrivals at the broker are appended to the one log, in arrival order
        List<Pending> arrivals = new ArrayList<>();
        for (Robot r : robots) {
            if (r.crashed || r.partitioned()) {
                continue;
            }
            while (!r.uplink.isEmpty() && r.uplink.peek().at() <= now) {
                arrivals.add(r.uplink.poll());
            }
        }
        arrivals.sort((a, b) -> Long.compare(a.at(), b.at()));
        for (Pending p : arrivals) {
            log.add(p.event());
            logTimes.add(now);
        }
        // downlink in log order, each robot with its own delays
        for (Robot r : robots) {
            if (r.crashed || r.partitioned()) {
                continue;
            }
            while (r.cursor < log.size()) {
                if (r.nextDeliveryAt == Long.MIN_VALUE) {
                    r.nextDeliveryAt = Math.max(now, logTimes.get(r.cursor)) + random.nextInt(maxDelay + 1);
                }
                if (r.nextDeliveryAt > now) {
                    break;
                }
                r.agent.onEvent(log.get(r.cursor++));
                r.nextDeliveryAt = Long.MIN_VALUE;
            }
        }
        for (Robot r : robots) {
            if (r.crashed) {
                continue;
            }
            r.agent.tick();
            for (Map.Entry<String, Long> w : new ArrayList<>(r.workStartedAt.entrySet())) {
                if (now - w.getValue() >= workMillis && r.agent.complete(w.getKey())) {
                    completionsSent++;
                }
            }
        }
        Map<String, Integer> running = new HashMap<>();
        for (Robot r : robots) {
            if (r.crashed) {
                continue;
            }
            for (String t : r.workStartedAt.keySet()) {
                if (r.agent.executing(t)) {
                    running.merge(t, 1, Integer::sum);
                }
            }
        }
        for (int n : running.values()) {
            maxConcurrent = Math.max(maxConcurrent, n);
        }
    }

    /**
     * A robot joins now: it subscribes (sees the log from here on) and asks for the open tasks, as
     * {@code FleetNode} does on its first connection.
     *
     * @return its index
     */
    int join(boolean willing) {
        Robot r = new Robot(robots.size(), willing);
        r.cursor = log.size();
        robots.add(r);
        r.agent.sync(false);
        return r.index;
    }

    /** Like {@link #partition}, but the robot comes back with a new session: it missed the log in between. */
    void partitionLosingSession(int robot, long from, long until) {
        partition(robot, from, until);
        robots.get(robot).loseSession = true;
    }

    void crash(int robot) {
        Robot r = robots.get(robot);
        r.crashed = true;
        r.uplink.clear();
        r.workStartedAt.clear();
    }

    void partition(int robot, long from, long until) {
        robots.get(robot).partitionFrom = from;
        robots.get(robot).partitionUntil = until;
    }

    /** @return the holder currently executing the task, or -1 */
    int executor(String taskId) {
        for (Robot r : robots) {
            if (!r.crashed && r.agent.executing(taskId)) {
                return r.index;
            }
        }
        return -1;
    }

    /** @return true when every live robot's replica has the task DONE */
    boolean doneEverywhere(String taskId) {
        for (Robot r : robots) {
            if (r.crashed) {
                continue;
            }
            boolean done = r.agent.view().stream()
                    .anyMatch(v -> v.task().taskId().equals(taskId) && v.phase() == TaskPhase.DONE);
            if (!done) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return true when a completion was accepted in the log and every live robot that knows the task has it DONE
     *         (a robot that joined after a task was completed never learns it: only open tasks are handed over)
     */
    boolean doneWhereKnown(String taskId) {
        boolean any = acceptedCompletions(taskId) > 0;
        for (Robot r : robots) {
            if (r.crashed) {
                continue;
            }
            for (mechos.fleet.api.TaskView v : r.agent.view()) {
                if (v.task().taskId().equals(taskId)) {
                    if (v.phase() != TaskPhase.DONE) {
                        return false;
                    }
                }
            }
        }
        return any;
    }

    /** @return true when some live robot knows the task and every live robot that knows it has it DONE */
    boolean doneInViews(String taskId) {
        boolean known = false;
        for (Robot r : robots) {
            if (r.crashed) {
                continue;
            }
            for (mechos.fleet.api.TaskView v : r.agent.view()) {
                if (v.task().taskId().equals(taskId)) {
                    known = true;
                    if (v.phase() != TaskPhase.DONE) {
                        return false;
                    }
                }
            }
        }
        return known;
    }

    /** @return how many Done events the replicas accepted for the task (at most one can be) */
    long acceptedCompletions(String taskId) {
        MarketReplica check = new MarketReplica();
        long done = 0;
        for (MarketEvent e : log) {
            if (e.taskId().equals(taskId) && check.apply(e) == MarketReplica.Change.DONE) {
                done++;
            }
        }
        return done;
    }
}
