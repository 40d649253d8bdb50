package mechos.runtime.internal.behaviours;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import mechos.hal.api.Pose2D;
import mechos.memory.api.PoseList;

/**
 * Publishes the goal being followed as {@code [current pose, goal]} in the odom frame (for {@code plan/goal}): at
 * once when a goal becomes active or moves, otherwise at most once per {@link #PERIOD_NANOS} while it is followed,
 * and an empty list at once when the active goal is cleared. One publisher serves one brain (the agent's tree, or the
 * fleet's goto executor): only the behaviour that set the goal can clear it, so a halted behaviour that was not
 * steering cannot erase another's goal.
 *
 * <p>Thread-safe (the tree is ticked on one thread and may be halted from another); the publish function runs under
 * this object's lock and must not block (the bus only offers).
 */
public final class GoalPublisher implements GoalSink {
    /** Steady rate limit: 2 Hz. */
    static final long PERIOD_NANOS = 500_000_000L;
    static final String FRAME = "odom";

    private final Consumer<PoseList> publish;
    private final String source;
    private final LongSupplier clock;
    private final LongSupplier wallNanos;

    private Object owner;
    private String name;
    private double goalX;
    private double goalY;
    private long publishedAt;

    /**
     * @param publish   where each list goes (the bus's {@code plan/goal})
     * @param source    who publishes, prefixed to the behaviour's name in {@link PoseList#source()} (e.g. the PID)
     * @param clock     monotonic ns, for the rate limit
     * @param wallNanos wall clock, ns since the epoch, for {@link PoseList#timestampNanos()}
     */
    public GoalPublisher(Consumer<PoseList> publish, String source, LongSupplier clock, LongSupplier wallNanos) {
        this.publish = publish;
        this.source = source;
        this.clock = clock;
        this.wallNanos = wallNanos;
    }

    @Override
    public synchronized void following(Object owner, String name, Pose2D pose, double goalX, double goalY) {
        long now = clock.getAsLong();
        boolean changed = owner != this.owner || goalX != this.goalX || goalY != this.goalY;
        if (!changed && now - publishedAt < PERIOD_NANOS) {
            return;
        }
        this.owner = owner;
        this.name = name;
        this.goalX = goalX;
        this.goalY = goalY;
        this.publishedAt = now;
        double bearing = Math.atan2(goalY - pose.y(), goalX - pose.x());
        publish.accept(new PoseList(wallNanos.getAsLong(), FRAME, source + "/" + name,
                List.of(new PoseList.Pose(pose.x(), pose.y(), pose.theta()),
                        new PoseList.Pose(goalX, goalY, bearing))));
    }

    @Override
    public synchronized void cleared(Object owner) {
        if (owner != this.owner || owner == null) {
            return;
        }
        this.owner = null;
        this.publishedAt = clock.getAsLong();
        publish.accept(new PoseList(wallNanos.getAsLong(), FRAME, source + "/" + name, List.of()));
    }

    /** @return the wall clock in ns since the epoch (microsecond resolution on common JVMs) */
    public static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
