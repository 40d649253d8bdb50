package mechos.runtime.internal.behaviours;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/**
 * Visits the configured waypoints in a loop, avoiding obstacles; a waypoint it cannot reach (stuck) is skipped.
 * Always RUNNING while it has a pose; FAILURE without one. The current waypoint survives a halt, so a patrol
 * interrupted by the LLM resumes where it left off.
 */
final class Patrol implements Node {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Patrol.class);
    private final List<GoTo> legs = new ArrayList<>();
    private final WorldView world;
    private int index;

    Patrol(List<double[]> waypoints, IntentSink sink, WorldView world, MotionLimits limits, LongSupplier clock,
            GoalSink goals) {
        this.world = world;
        if (waypoints.isEmpty()) {
            throw new IllegalArgumentException("patrol needs at least one waypoint (waypoints)");
        }
        for (int i = 0; i < waypoints.size(); i++) {
            double[] w = waypoints.get(i);
            legs.add(new GoTo("patrol[" + i + "]", w[0], w[1], sink, world, limits, clock, goals));
        }
    }

    @Override
    public String name() {
        return "patrol";
    }

    int index() {
        return index;
    }

    @Override
    public Status tick(Blackboard bb) {
        if (world.pose().isEmpty()) {
            return Status.FAILURE;
        }
        Status s = legs.get(index).tick(bb);
        if (s != Status.RUNNING) {
            // Reached (SUCCESS) or stuck (FAILURE): either way on to the next waypoint.
            LOG.info("patrol: waypoint {} {}; next is {}", index, s == Status.SUCCESS ? "reached" : "skipped (stuck)",
                    (index + 1) % legs.size());
            index = (index + 1) % legs.size();
        }
        bb.put("waypoint", index);
        return Status.RUNNING;
    }

    @Override
    public void halt() {
        legs.get(index).halt();
    }
}
