package mechos.runtime.internal.bt;

import java.util.List;

import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/**
 * Ticks every unfinished child each tick. Succeeds when {@code successThreshold} children have succeeded, fails
 * as soon as that can no longer happen; either way the children still running are halted.
 */
public final class Parallel implements Node {
    private final String name;
    private final List<Node> children;
    private final int successThreshold;
    private final Status[] done;

    public Parallel(String name, int successThreshold, List<Node> children) {
        if (successThreshold < 1 || successThreshold > children.size()) {
            throw new IllegalArgumentException("parallel '" + name + "': success threshold " + successThreshold
                    + " must be between 1 and the number of children (" + children.size() + ")");
        }
        this.name = name;
        this.successThreshold = successThreshold;
        this.children = List.copyOf(children);
        this.done = new Status[children.size()];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Status tick(Blackboard bb) {
        int successes = 0;
        int failures = 0;
        for (int i = 0; i < children.size(); i++) {
            if (done[i] == null) {
                Status s = Nodes.tick(children.get(i), bb);
                if (s != Status.RUNNING) {
                    done[i] = s;
                }
            }
            if (done[i] == Status.SUCCESS) {
                successes++;
            } else if (done[i] == Status.FAILURE) {
                failures++;
            }
        }
        if (successes >= successThreshold) {
            halt();
            return Status.SUCCESS;
        }
        if (failures > children.size() - successThreshold) {
            halt();
            return Status.FAILURE;
        }
        return Status.RUNNING;
    }

    @Override
    public void halt() {
        for (int i = 0; i < children.size(); i++) {
            if (done[i] == null) {
                Nodes.halt(children.get(i));
            }
            done[i] = null;
        }
    }
}
