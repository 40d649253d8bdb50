package mechos.runtime.internal.bt;

import java.util.List;

import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/**
 * Ticks children in order while they return {@code pass}; the first child that returns anything else decides the
 * tick, and when every child passes the result is {@code pass}. A sequence passes on SUCCESS, a fallback on FAILURE.
 *
 * <p>Reactive: every tick starts again from the first child, so a child in front of a running one is re-evaluated
 * each tick and, when it decides differently, the running child is halted. With memory: a tick resumes at the child
 * that was running.
 */
abstract class Composite implements Node {
    private final String name;
    private final List<Node> children;
    private final boolean reactive;
    private final Status pass;
    private int current;
    private int running = -1;

    Composite(String name, boolean reactive, List<Node> children, Status pass) {
        this.name = name;
        this.reactive = reactive;
        this.children = List.copyOf(children);
        this.pass = pass;
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
            if (s == pass) {
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
            return s;
        }
        reset();
        return pass;
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
