package mechos.kernel.internal.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.ConfigChange;

/**
 * Where safety-configuration changes and refusals go: one WARN line each, the current refusal per PID (for the
 * kernel status, {@code mechos:status}, the MechOS page and metrics) and the sinks (the kernel publishes them on
 * {@link mechos.kernel.api.KernelTopics#CONFIG}). One instance (a DS component of the kernel bundle) is referenced by the kernel and its rules.
 */
@Component(service = ConfigAudit.class)
public final class ConfigAudit {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigAudit.class);

    private final List<Consumer<ConfigChange>> sinks = new CopyOnWriteArrayList<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong refusals = new java.util.concurrent.atomic.AtomicLong();

    /** @return a handle that removes the sink again */
    public AutoCloseable addSink(Consumer<ConfigChange> sink) {
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    void refused(ConfigRefusal r, String source, String keeping) {
        String line = "configuration refused: " + r.message() + "; " + keeping + " (from " + source + ")";
        LOG.warn(line);
        refused.put(r.pid(), line);
        refusals.incrementAndGet();
        emit(new ConfigChange(r.pid(), r.key(), "", r.value(), true, r.bound(), source, System.currentTimeMillis()));
    }

    void changed(String pid, String key, String oldValue, String newValue, String source) {
        LOG.warn("safety configuration {} changed by {}: {} {} -> {}", pid, source, key, oldValue, newValue);
        emit(new ConfigChange(pid, key, oldValue, newValue, false, "", source, System.currentTimeMillis()));
    }

    /** A configuration of {@code pid} was accepted as a whole: its earlier refusal is no longer current. */
    void accepted(String pid) {
        refused.remove(pid);
    }

    void leftover(String pid, String key, String hint, String source) {
        LOG.warn("configuration {} (from {}): key '{}' is no longer read and is ignored; {}", pid, source, key, hint);
    }

    /** @return one line per PID whose newest configuration was refused, sorted */
    public List<String> current() {
        List<String> l = new ArrayList<>(refused.values());
        l.sort(null);
        return l;
    }

    /** @return refusals since the bundle started */
    public long refusalCount() {
        return refusals.get();
    }

    /** For tests: forgets the current refusals. */
    public void clear() {
        refused.clear();
    }

    private void emit(ConfigChange c) {
        for (Consumer<ConfigChange> s : sinks) {
            try {
                s.accept(c);
            } catch (RuntimeException e) {
                LOG.warn("a configuration-change listener failed", e);
            }
        }
    }
}
