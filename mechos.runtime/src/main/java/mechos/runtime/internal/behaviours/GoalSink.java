package mechos.runtime.internal.behaviours;

import mechos.hal.api.Pose2D;

/**
 * Where goto behaviours say which goal they follow ({@link GoalPublisher} puts it on {@code plan/goal}). Called on
 * the thread that ticks or halts the behaviour; implementations never block and never throw.
 */
public interface GoalSink {
    /** Says nothing to anyone (tests, callers without a bus). */
    GoalSink NONE = new GoalSink() {
        @Override
        public void following(Object owner, String name, Pose2D pose, double goalX, double goalY) {
            // nobody listens
        }

        @Override
        public void cleared(Object owner) {
            // nobody listens
        }
    };

    /**
     * The behaviour {@code owner} steers from {@code pose} (odom frame) toward {@code (goalX, goalY)}; called on
     * every tick that steers.
     *
     * @param name the behaviour's name as shown in decisions (e.g. {@code patrol[2]})
     */
    void following(Object owner, String name, Pose2D pose, double goalX, double goalY);

    /** The behaviour {@code owner} follows no goal any more (reached, stuck, halted); ignored unless it was active. */
    void cleared(Object owner);
}
