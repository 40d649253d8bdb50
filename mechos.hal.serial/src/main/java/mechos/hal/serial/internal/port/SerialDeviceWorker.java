package mechos.hal.serial.internal.port;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The I/O thread of one serial device: opens the port lazily (never on the SCR thread), runs the protocol
 * {@link Session} while the port is open, and reconnects with exponential backoff when the port disappears,
 * fails, or the device goes silent. Reopens when {@link #settings} supplies a different {@link PortSettings}
 * (a {@code @Modified} configuration). Nothing thrown by the session escapes the thread.
 */
public final class SerialDeviceWorker {
    private static final Logger LOG = LoggerFactory.getLogger(SerialDeviceWorker.class);
    /** MDC key of the device id, the same key the kernel uses around driver calls. */
    public static final String MDC_DEVICE_ID = "deviceId";

    private final String deviceId;
    private final Supplier<PortSettings> settings;
    private final SerialLinkFactory factory;
    private final Supplier<Backoff> backoff;
    private final HealthTracker health;
    private final Session session;
    /** How long {@link #stop} lets a running session finish in order (its final stop) before interrupting it. */
    static final long GRACE_MS = 500;

    private volatile boolean running;
    private volatile boolean inSession;
    private volatile Thread thread;

    /**
     * @param settings current port settings (read on every connect and compared while connected)
     * @param backoff  current reconnect policy
     */
    public SerialDeviceWorker(String deviceId, Supplier<PortSettings> settings, Supplier<Backoff> backoff,
            SerialLinkFactory factory, HealthTracker health, Session session) {
        this.deviceId = Objects.requireNonNull(deviceId);
        this.settings = Objects.requireNonNull(settings);
        this.backoff = Objects.requireNonNull(backoff);
        this.factory = Objects.requireNonNull(factory);
        this.health = Objects.requireNonNull(health);
        this.session = Objects.requireNonNull(session);
    }

    /** Starts the I/O thread; returns at once. */
    public synchronized void start(String threadName) {
        if (thread != null) {
            return;
        }
        running = true;
        Thread t = new Thread(this::loop, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Stops the thread and closes the port, waiting at most {@code timeoutMs}. A running session is first asked to
     * finish in order (it sees {@code keepGoing} turn false and sends its final stop over the still-open port, e.g.
     * the RoboClaw's acknowledged zero speed); it is interrupted only when that takes longer than
     * {@value #GRACE_MS} ms. A worker waiting to reconnect is interrupted at once. Never throws.
     */
    public void stop(long timeoutMs) {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            if (inSession) {
                t.join(Math.min(timeoutMs, GRACE_MS));
            }
            if (t.isAlive()) {
                t.interrupt();
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("I/O thread of device '{}' did not stop within {} ms", deviceId, timeoutMs);
        }
    }

    private void loop() {
        MDC.put(MDC_DEVICE_ID, deviceId);
        try {
            while (running) {
                PortSettings s = settings.get();
                SerialLink link;
                try {
                    link = factory.open(s);
                } catch (IOException | RuntimeException | LinkageError e) {
                    health.offline("cannot open " + s.path() + ": " + e.getMessage());
                    LOG.debug("opening {} failed", s, e);
                    pause(backoff.get().next());
                    continue;
                }
                LOG.info("device '{}': opened serial port {}", deviceId, s);
                backoff.get().reset();
                boolean retryAtOnce = false;
                inSession = true;
                try {
                    session.run(link, () -> running && settings.get().equals(s));
                    retryAtOnce = running;
                    if (running) {
                        LOG.info("device '{}': port settings changed, reopening", deviceId);
                    }
                } catch (IOException e) {
                    health.offline(e.getMessage() == null ? e.toString() : e.getMessage());
                    LOG.warn("device '{}' lost on {}: {}", deviceId, s.path(), e.getMessage());
                } catch (DeviceFaultException e) {
                    health.fault(e.getMessage());
                    LOG.warn("device '{}' reports a fault: {}", deviceId, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                } catch (RuntimeException | LinkageError e) {
                    health.fault("driver error: " + e);
                    LOG.warn("device '{}': protocol session failed on {}", deviceId, s.path(), e);
                } finally {
                    inSession = false;
                    link.close();
                    try {
                        session.disconnected();
                    } catch (RuntimeException e) {
                        LOG.warn("device '{}': cleanup after disconnect failed", deviceId, e);
                    }
                }
                if (running && !retryAtOnce) {
                    pause(backoff.get().next());
                }
            }
        } finally {
            health.offline("driver stopped");
            MDC.remove(MDC_DEVICE_ID);
        }
    }

    private void pause(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
