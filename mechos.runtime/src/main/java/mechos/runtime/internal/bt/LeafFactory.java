package mechos.runtime.internal.bt;

import java.util.Map;

import mechos.runtime.api.bt.Node;

/** Creates a named leaf (action or condition) for a tree definition, with its {@code key=value} parameters. */
@FunctionalInterface
public interface LeafFactory {
    /**
     * @throws IllegalArgumentException naming the parameter when a parameter is missing or malformed
     */
    Node create(Map<String, String> params);
}
