package mechos.runtime.internal.bt;

import java.util.function.Function;
import java.util.function.Predicate;

import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/** Leaf nodes built from functions. */
public final class Leaves {
    private Leaves() {
    }

    /** SUCCESS when the predicate holds, else FAILURE; never RUNNING. */
    public static Node condition(String name, Predicate<Blackboard> test) {
        return new Node() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status tick(Blackboard bb) {
                return test.test(bb) ? Status.SUCCESS : Status.FAILURE;
            }

            @Override
            public void halt() {
                // stateless
            }
        };
    }

    /** A stateless action: each tick applies the function. */
    public static Node action(String name, Function<Blackboard, Status> step) {
        return new Node() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status tick(Blackboard bb) {
                return step.apply(bb);
            }

            @Override
            public void halt() {
                // stateless
            }
        };
    }
}
