package mechos.kernel.internal.hw;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import mechos.hal.api.DeviceKind;

/**
 * All devices the kernel knows, at one moment: an immutable value. A change replaces one entry and yields a new
 * table ({@link #with}); readers keep the snapshot they hold, so the safety tick sees every device as of the same
 * instant. Per-kind lists are computed once per snapshot, on first use.
 */
public final class DeviceTable {
    private static final DeviceKind[] KINDS = DeviceKind.values();
    public static final DeviceTable EMPTY = new DeviceTable(Map.of());

    private final Map<String, DeviceEntry> byId;
    /** Lazily filled; a race computes the same list twice, which is harmless. */
    private final List<DeviceEntry>[] byKind;

    @SuppressWarnings("unchecked")
    private DeviceTable(Map<String, DeviceEntry> byId) {
        this.byId = byId;
        this.byKind = new List[KINDS.length];
    }

    /** @return the entry under {@code id}, or null */
    public DeviceEntry get(String id) {
        return id == null ? null : byId.get(id);
    }

    /** @return every entry, ordered by id; unmodifiable */
    public Collection<DeviceEntry> entries() {
        return byId.values();
    }

    /** @return the entries of one kind, present or not, ordered by id; unmodifiable */
    public List<DeviceEntry> ofKind(DeviceKind kind) {
        List<DeviceEntry> l = byKind[kind.ordinal()];
        if (l == null) {
            List<DeviceEntry> found = new ArrayList<>(2);
            for (DeviceEntry e : byId.values()) {
                if (e.kind() == kind) {
                    found.add(e);
                }
            }
            l = Collections.unmodifiableList(found);
            byKind[kind.ordinal()] = l;
        }
        return l;
    }

    /** @return a table with {@code entry} under its id (replacing any earlier entry) */
    public DeviceTable with(DeviceEntry entry) {
        TreeMap<String, DeviceEntry> m = new TreeMap<>(byId);
        m.put(entry.id(), entry);
        return new DeviceTable(Collections.unmodifiableMap(m));
    }

    /** @return a table without the entry under {@code id} */
    public DeviceTable without(String id) {
        if (!byId.containsKey(id)) {
            return this;
        }
        TreeMap<String, DeviceEntry> m = new TreeMap<>(byId);
        m.remove(id);
        return new DeviceTable(Collections.unmodifiableMap(m));
    }

    public int size() {
        return byId.size();
    }

    @Override
    public String toString() {
        return byId.values().toString();
    }
}
