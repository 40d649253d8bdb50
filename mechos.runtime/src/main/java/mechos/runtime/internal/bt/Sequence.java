package mechos.runtime.internal.bt;

import java.util.List;

import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/**
 * Succeeds when every child succeeds, in order; fails at the first failure. Reactive (the default in
 * configuration): conditions in front of a running action are re-checked each tick and a failing condition halts
 * the running action. See {@link Composite}.
 */
public final class Sequence extends Composite {
    public Sequence(String name, boolean reactive, List<Node> children) {
        super(name, reactive, children, Status.SUCCESS);
    }
}
