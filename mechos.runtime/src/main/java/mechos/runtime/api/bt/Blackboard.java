package mechos.runtime.api.bt;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Key-value state shared by the nodes of one tree (e.g. {@code pose}, {@code waypointIndex}); the agent loop
 * writes observations into it before each tick. Only the tree's ticking thread uses it.
 */
@ProviderType
public interface Blackboard {
    /** @return the value under {@code key} if present and of {@code type} */
    <T> Optional<T> get(String key, Class<T> type);

    /** Stores a value; null removes the key. */
    void put(String key, Object value);
}
