package mechos.hal.serial.internal.port;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fazecast.jSerialComm.SerialPort;

import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationChecks;
import mechos.platform.api.ConfigurationProblem;

/**
 * Keeps jSerialComm's own JVM shutdown hook from closing our ports while a motor may still be turning.
 *
 * <p>jSerialComm 2.11.4 registers a JVM shutdown hook in {@code SerialPort}'s static initializer that closes every
 * port ({@code uninitializeLibrary}); it has no switch to turn that off ({@code autoCleanupAtShutdown()} only adds
 * deletion of its extracted native library). What it does offer is {@link SerialPort#addShutdownHook(Thread)}:
 * those threads are started and <em>joined</em> by the library's hook before it closes anything. This component
 * registers one such thread (lazily, when the first device that moves something starts, so a robot without serial
 * hardware never loads the native library). On JVM shutdown it tells every registered {@link Participant} to refuse
 * further motion, command its safe state, and wait, bounded by {@code stop.wait.ms}, for the device to acknowledge
 * it and for the kernel's own safe-state call to have been acknowledged; only then does the library close the
 * ports. On a framework stop (no JVM exit) the drivers close their ports themselves in {@code @Deactivate}, after
 * the kernel's shutdown sequence ran on the framework-stopping event.
 *
 * <p>jSerialComm cannot unregister such a hook: after this component is deactivated its thread does nothing.
 */
@Component(service = SerialShutdown.class, configurationPid = SerialShutdown.PID)
@Designate(ocd = SerialShutdownConfig.class)
public final class SerialShutdown {
    public static final String PID = "mechos.hal.serial.shutdown";
    static final long MIN_WAIT_MS = 10;
    static final long MAX_WAIT_MS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(SerialShutdown.class);

    /** A device that must be left safe before the serial library closes its port. */
    public interface Participant {
        /** Refuses motion from now on and commands the safe state; returns at once. */
        void beginShutdown();

        /**
         * Waits until the device acknowledged its safe state (and the kernel's safe-state call, if one comes, was
         * acknowledged), at most until {@code deadlineNanos} ({@link System#nanoTime()}).
         *
         * @return a short description of the outcome for the log
         */
        String awaitSafe(long deadlineNanos) throws InterruptedException;
    }

    private final Set<Participant> participants = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean hookRegistered = new AtomicBoolean();
    private volatile boolean active = true;
    private volatile long waitMs;

    @Activate
    public SerialShutdown(SerialShutdownConfig config) {
        this.waitMs = bounded(config.stop_wait_ms());
    }

    @Modified
    void modified(SerialShutdownConfig config) {
        this.waitMs = bounded(config.stop_wait_ms());
    }

    /**
     * @return what the activation would not use as configured, naming the key: a stop wait outside
     *         {@value #MIN_WAIT_MS}..{@value #MAX_WAIT_MS} ms (the activation clamps it with a WARN)
     */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        SerialShutdownConfig c = ComponentProperties.as(SerialShutdownConfig.class, values);
        ConfigurationChecks rules = ConfigRules.typed(values, SerialShutdownConfig.class);
        if (rules.passed()) {
            rules.check(() -> checkWait(c.stop_wait_ms()), "stop.wait.ms");
        }
        return rules.problems();
    }

    private static void checkWait(long ms) {
        if (ms < MIN_WAIT_MS || ms > MAX_WAIT_MS) {
            throw new IllegalArgumentException(
                    "stop.wait.ms must be " + MIN_WAIT_MS + ".." + MAX_WAIT_MS + ", was " + ms);
        }
    }

    private static long bounded(long ms) {
        try {
            checkWait(ms);
            return ms;
        } catch (IllegalArgumentException e) {
            long b = Math.max(MIN_WAIT_MS, Math.min(MAX_WAIT_MS, ms));
            LOG.warn("{}: {}; using {}", PID, e.getMessage(), b);
            return b;
        }
    }

    /** Adds a device; the first one registers the hook with jSerialComm. */
    public void register(Participant p) {
        participants.add(p);
        if (hookRegistered.compareAndSet(false, true)) {
            try {
                SerialPort.addShutdownHook(new Thread(this::onJvmShutdown, "mechos-serial-safe-stop"));
            } catch (RuntimeException | LinkageError e) {
                LOG.error("cannot hook into jSerialComm's shutdown; on JVM exit it may close ports before the "
                        + "motors are stopped", e);
            }
        }
    }

    public void unregister(Participant p) {
        participants.remove(p);
    }

    @Deactivate
    void deactivate() {
        active = false;
        participants.clear();
    }

    /** Runs inside jSerialComm's shutdown hook, before it closes the ports. Never throws. */
    void onJvmShutdown() {
        if (!active) {
            return;
        }
        List<Participant> all = List.copyOf(participants);
        if (all.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(waitMs);
        for (Participant p : all) {
            try {
                p.beginShutdown();
            } catch (RuntimeException e) {
                LOG.warn("serial device failed to begin its shutdown stop", e);
            }
        }
        StringBuilder outcome = new StringBuilder();
        for (Participant p : all) {
            try {
                outcome.append(outcome.length() == 0 ? "" : "; ").append(p.awaitSafe(deadline));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome.append("interrupted");
                break;
            } catch (RuntimeException e) {
                LOG.warn("serial device failed while waiting for its safe state", e);
            }
        }
        LOG.info("JVM shutdown: serial devices safe before jSerialComm closes the ports ({} ms): {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), outcome);
    }
}
