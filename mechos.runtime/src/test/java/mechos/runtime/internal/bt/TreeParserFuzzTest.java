package mechos.runtime.internal.bt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/**
 * Coverage-guided fuzzing of the behaviour-tree definition parser (configuration text). Properties: only
 * IllegalArgumentException (with a reason) escapes — no StackOverflowError, no NumberFormatException, no
 * IndexOutOfBounds — and a parsed tree ticks without throwing.
 */
class TreeParserFuzzTest {
    private static final Node HOLD = new Node() {
        @Override
        public String name() {
            return "hold";
        }

        @Override
        public Status tick(Blackboard blackboard) {
            return Status.RUNNING;
        }

        @Override
        public void halt() {
            // nothing running to stop
        }
    };

    private final TreeParser parser = new TreeParser(Map.of("hold", p -> HOLD, "flag",
            p -> Leaves.condition("flag", b -> b.get(String.valueOf(p.get("key")), Boolean.class).orElse(false))),
            () -> 0L);

    @FuzzTest(maxDuration = "10s")
    void treeDefinition(String definition) {
        Node tree;
        try {
            tree = parser.parse(definition);
        } catch (IllegalArgumentException refused) {
            assertFalse(String.valueOf(refused.getMessage()).isBlank(), "a refusal must say why");
            return;
        }
        assertNotNull(tree.tick(new MapBlackboard()));
    }
}
