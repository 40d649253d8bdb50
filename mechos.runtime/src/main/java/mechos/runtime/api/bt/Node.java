package mechos.runtime.api.bt;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A behaviour-tree node.
 *
 * <p><b>Threading.</b> A tree is ticked by one thread at a time (the agent loop); nodes need no locking.
 * {@link #tick} must return quickly: long work returns {@link Status#RUNNING} and continues on the next tick.
 * A node that throws is treated as {@link Status#FAILURE} by its parent.
 */
@ConsumerType
public interface Node {
    /** @return a short name for status displays and logs */
    String name();

    /**
     * Advances the node by one step.
     *
     * @param blackboard shared state of the tree, never null
     * @return SUCCESS or FAILURE when done, RUNNING when it needs more ticks
     */
    Status tick(Blackboard blackboard);

    /**
     * Stops a RUNNING node (its parent chose another branch or the tree was stopped) and resets it, so the next
     * tick starts afresh. Halting an idle node does nothing.
     */
    void halt();
}
