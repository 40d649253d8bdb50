package mechos.kernel.internal.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.ConfigChange;
import mechos.platform.api.ConfigurationJudge;

/**
 * Where safety-configuration changes and refusals go: one WARN line each, the current refusal per PID (for the
 * kernel status, {@code mechos:status}, the MechOS page and metrics) and the sinks (the kernel publishes them on
 * {@link mechos.kernel.api.KernelTopics#CONFIG}). One instance (a DS component of the kernel bundle) is referenced by the kernel and its rules.
 *
 * <p>A refused configuration is also set back in Config Admin to the values in force ({@link #restore}), so the
 * Web Console form, {@code mechos:param} and (with FileInstall's write-back) the {@code conf/} file show what the
 * robot really uses; the refused values stay in the WARN line and on the bus. The write happens on this
 * component's own thread, never in the SCR callback, and only while Config Admin still holds the refused values
 * (a newer configuration is judged on its own).
 *
 * <p>It is also the kernel's {@link ConfigurationJudge}: the platform writes a kernel PID's configuration to its
 * {@code conf/} file only once the kernel has accepted exactly those values, so a refused value never reaches the
 * file, not even before the set-back.
 */
@Component(service = { ConfigAudit.class, ConfigurationJudge.class })
public final class ConfigAudit implements ConfigurationJudge {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigAudit.class);

    private final List<Consumer<ConfigChange>> sinks = new CopyOnWriteArrayList<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong refusals = new java.util.concurrent.atomic.AtomicLong();
    /** PIDs whose in-force values were just written back: their next accepted configuration is that write */
    private final Set<String> restoring = ConcurrentHashMap.newKeySet();
    static final String RESTORED = " [Config Admin set back to the values in force]";
    /** PIDs a {@link ConfigGuard} guards. */
    private final Set<String> guarded = ConcurrentHashMap.newKeySet();
    /** pid → the newest configuration the kernel judged (its own keys) and whether it was accepted. */
    private final Map<String, Judged> judged = new ConcurrentHashMap<>();

    private record Judged(Map<String, Object> values, boolean accepted) {
    }
    private volatile ConfigurationAdmin configAdmin;
    private ExecutorService writer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setConfigurationAdmin(ConfigurationAdmin cm) {
        this.configAdmin = cm;
    }

    void unsetConfigurationAdmin(ConfigurationAdmin cm) {
        if (this.configAdmin == cm) {
            this.configAdmin = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (writer != null) {
            writer.shutdownNow();
            writer = null;
        }
    }

    /**
     * Sets Config Admin's configuration of {@code pid} back to the values in force, unless it changed since it was
     * refused. Asynchronous; a no-op outside OSGi.
     *
     * @param refused the raw properties that were refused (as the component received them)
     * @param inForce the values the component uses now
     */
    void restore(String pid, Map<String, ?> refused, Map<String, Object> inForce) {
        ConfigurationAdmin cm = configAdmin;
        if (cm == null || !pid.equals(refused.get("service.pid"))) {
            return;
        }
        Map<String, Object> values = Map.copyOf(inForce);
        Map<String, Object> seen = new java.util.HashMap<>(refused);
        try {
            executor().execute(() -> writeBack(cm, pid, seen, values));
        } catch (RejectedExecutionException e) {
            LOG.warn("configuration {}: not set back to the values in force (shutting down)", pid);
        }
    }

    private synchronized ExecutorService executor() {
        if (writer == null) {
            writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mechos-config-restore");
                t.setDaemon(true);
                return t;
            });
        }
        return writer;
    }

    private void writeBack(ConfigurationAdmin cm, String pid, Map<String, Object> refused,
            Map<String, Object> inForce) {
        try {
            Configuration c = cm.getConfiguration(pid, null);
            Dictionary<String, Object> now = c.getProperties();
            if (now == null || !stillRefused(now, refused)) {
                LOG.debug("configuration {} changed since it was refused; not set back", pid);
                return;
            }
            Hashtable<String, Object> next = new Hashtable<>();
            for (Enumeration<String> keys = now.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (ConfigGuard.framework(key)) {
                    next.put(key, now.get(key));
                }
            }
            inForce.forEach((key, v) -> {
                if (v != null) {
                    next.put(key, v);
                }
            });
            restoring.add(pid);
            if (c.updateIfDifferent(next)) {
                LOG.warn("configuration {}: Config Admin set back to the values in force (the refused values are "
                        + "named in the refusal above)", pid);
            } else {
                restoring.remove(pid);
            }
        } catch (IOException | RuntimeException e) {
            restoring.remove(pid);
            LOG.warn("configuration {}: setting Config Admin back to the values in force failed: {}", pid,
                    e.toString());
        }
    }

    /** @return true if Config Admin still holds exactly the refused values (framework keys aside) */
    private static boolean stillRefused(Dictionary<String, Object> now, Map<String, Object> refused) {
        for (Enumeration<String> keys = now.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!ConfigGuard.framework(key) && !ConfigValues.same(now.get(key), refused.get(key))) {
                return false;
            }
        }
        return true;
    }

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

    /** {@code pid} is guarded by a {@link ConfigGuard}: the kernel judges its configurations. */
    void guarding(String pid) {
        guarded.add(pid);
    }

    /**
     * Records the kernel's verdict on a configuration of {@code pid} (for {@link #verdict}).
     *
     * @param properties the raw component properties judged (null outside OSGi: nothing recorded)
     */
    void judged(String pid, Map<String, ?> properties, boolean accepted) {
        if (properties != null) {
            judged.put(pid, new Judged(own(properties), accepted));
        }
    }

    @Override
    public Verdict verdict(String pid, Map<String, Object> values) {
        Judged j = judged.get(pid);
        if (j == null) {
            return guarded.contains(pid) ? Verdict.PENDING : Verdict.NOT_MINE;
        }
        Map<String, Object> mine = own(values);
        if (!mine.keySet().equals(j.values().keySet())) {
            return Verdict.PENDING;
        }
        for (Map.Entry<String, Object> e : mine.entrySet()) {
            if (!java.util.Objects.deepEquals(e.getValue(), j.values().get(e.getKey()))) {
                return Verdict.PENDING;
            }
        }
        return j.accepted() ? Verdict.ACCEPTED : Verdict.REFUSED;
    }

    /** @return the configuration's own keys (framework, Config Admin and FileInstall keys left out) */
    private static Map<String, Object> own(Map<String, ?> properties) {
        Map<String, Object> out = new java.util.HashMap<>();
        properties.forEach((k, v) -> {
            if (!ConfigGuard.framework(k) && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * A configuration of {@code pid} was accepted as a whole: its earlier refusal is no longer current, unless the
     * accepted configuration changed nothing (the values in force written back, by the set-back or by FileInstall
     * re-reading the file that holds them): the refusal then stays, marked as set back.
     */
    void accepted(String pid, boolean changedNothing) {
        if (restoring.remove(pid) || changedNothing) {
            // the values in force written back by restore(): the refusal stays current, now marked as restored
            refused.computeIfPresent(pid, (k, line) -> line.endsWith(RESTORED) ? line : line + RESTORED);
            return;
        }
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
