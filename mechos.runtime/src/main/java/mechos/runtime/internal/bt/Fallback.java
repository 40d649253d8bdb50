package mechos.runtime.internal.bt;

import java.util.List;

import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/**
 * A selector: tries children in order until one does not fail; fails when all fail. Reactive (the default in
 * configuration): a higher-priority child that becomes able to run pre-empts (halts) a lower one that was running.
 * See {@link Composite}.
 */
public final class Fallback extends Composite {
    public Fallback(String name, boolean reactive, List<Node> children) {
        super(name, reactive, children, Status.FAILURE);
    }
}
