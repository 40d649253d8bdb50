package mechos.runtime.internal.bt;

import java.util.List;

import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/**
 * A selector: tries children in order until one does not fail; fails when all fail.
 *
 * <p>Reactive (the default in configuration): every tick starts from the first child, so a higher-priority
 * child that becomes able to run pre-empts (halts) a lower one that was running.
 */
public final class Fallback implements Node {
    private final String name;
    private final List<Node> children;
    private final boolean reactive;
    private int current;
    private int running = -1;

    public Fallback(String name, boolean reactive, List<Node> children) {
        this.name = name;
        this.reactive = reactive;
        this.children = List.copyOf(children);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Status tick(Blackboard bb) {
        int i = reactive ? 0 : current;
        for (; i < children.size(); i++) {
            Status s = Nodes.tick(children.get(i), bb);
            if (s == Status.FAILURE) {
                continue;
            }
            if (running >= 0 && running != i) {
                Nodes.halt(children.get(running));
            }
            if (s == Status.RUNNING) {
                running = i;
                current = i;
                return Status.RUNNING;
            }
            reset();
            return Status.SUCCESS;
        }
        reset();
        return Status.FAILURE;
    }

    private void reset() {
        running = -1;
        current = 0;
    }

    @Override
    public void halt() {
        if (running >= 0) {
            Nodes.halt(children.get(running));
        }
        reset();
    }
}
