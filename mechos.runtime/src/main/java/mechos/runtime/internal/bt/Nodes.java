package mechos.runtime.internal.bt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/** Helpers for composite nodes: isolated ticking and halting. */
final class Nodes {
    private static final Logger LOG = LoggerFactory.getLogger(Nodes.class);

    private Nodes() {
    }

    /** Ticks a child; a child that throws counts as FAILURE (and is halted) instead of breaking the tree. */
    static Status tick(Node child, Blackboard bb) {
        try {
            Status s = child.tick(bb);
            return s == null ? Status.FAILURE : s;
        } catch (RuntimeException e) {
            LOG.warn("behaviour node {} failed; treating it as FAILURE", child.name(), e);
            halt(child);
            return Status.FAILURE;
        }
    }

    static void halt(Node child) {
        try {
            child.halt();
        } catch (RuntimeException e) {
            LOG.warn("behaviour node {} failed to halt", child.name(), e);
        }
    }
}
