package mechos.runtime.internal.bt;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import mechos.runtime.api.bt.Blackboard;

/** A plain map; used by one ticking thread only. */
public final class MapBlackboard implements Blackboard {
    private final Map<String, Object> values = new HashMap<>();

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        Object v = values.get(key);
        return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
    }

    @Override
    public void put(String key, Object value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
    }
}
