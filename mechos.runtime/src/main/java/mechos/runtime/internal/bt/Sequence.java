package mechos.runtime.internal.bt;

import java.util.List;

import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/**
 * Succeeds when every child succeeds, in order; fails at the first failure.
 *
 * <p>Reactive (the default in configuration): every tick starts again from the first child, so conditions in
 * front of a running action are re-checked each tick and a failing condition halts the running action. With
 * memory: a tick resumes at the child that was running.
 */
public final class Sequence implements Node {
    private final String name;
    private final List<Node> children;
    private final boolean reactive;
    private int current;
    private int running = -1;

    public Sequence(String name, boolean reactive, List<Node> children) {
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
            if (s == Status.SUCCESS) {
                continue;
            }
            if (running >= 0 && running != i) {
                // A different child decided this tick: the one running before must stop.
                Nodes.halt(children.get(running));
            }
            if (s == Status.RUNNING) {
                running = i;
                current = i;
                return Status.RUNNING;
            }
            reset();
            return Status.FAILURE;
        }
        reset();
        return Status.SUCCESS;
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
