package mechos.hal.serial.internal.port;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The I/O thread of one serial device: opens the port lazily (never on the SCR thread), runs the protocol
 * {@link Session} while the port is open, and reconnects with exponential backoff when the port disappears,
 * fails, or the device goes silent. Reopens when {@link #settings} supplies a different {@link PortSettings}
 * (a {@code @Modified} configuration). Nothing thrown by the session escapes the thread.
 *
 * <p><b>I/O watchdog.</b> Every call into the port (open, read, write, discard) is timed by a second thread,
 * independent of the port's own settings. A call that takes longer than {@link PortSettings#watchdogMs()} makes
 * the device FAULT ("I/O watchdog: …"), closes the port under the stuck call (which makes jSerialComm's native
 * call return) and interrupts the I/O thread; if the thread still does not come back within another
 * {@value #ABANDON_FACTOR} watchdog periods it is abandoned and a fresh I/O thread reconnects.
 *
 * <p><b>Backoff.</b> The reconnect delay is reset only after a connection reached ONLINE (a successful exchange),
 * never merely because the port opened: a silent device is retried at the backoff maximum, not every
 * {@code reconnect.min.ms}. State changes are logged by the {@link HealthTracker}; single attempts at debug.
 */
public final class SerialDeviceWorker {
    private static final Logger LOG = LoggerFactory.getLogger(SerialDeviceWorker.class);
    /** MDC key of the device id, the same key the kernel uses around driver calls. */
    public static final String MDC_DEVICE_ID = "deviceId";
    /** How long {@link #stop} lets a running session finish in order (its final stop) before interrupting it. */
    static final long GRACE_MS = 500;
    /** A stuck I/O thread is abandoned after this many watchdog periods past the watchdog's FAULT. */
    static final int ABANDON_FACTOR = 4;

    private final String deviceId;
    private final Supplier<PortSettings> settings;
    private final SerialLinkFactory factory;
    private final Supplier<Backoff> backoff;
    private final HealthTracker health;
    private final Session session;

    private volatile boolean running;
    private volatile boolean inSession;
    private volatile Thread thread;
    private volatile Thread watchdog;
    private volatile String threadName;
    /** Incremented when a stuck I/O thread is abandoned; a thread whose generation is old ends quietly. */
    private volatile int generation;
    /** The call in progress on the I/O thread, null when none (written by the I/O thread, read by the watchdog). */
    private volatile Call current;
    private volatile long attempts;

    /** One call into the port, as seen by the watchdog. */
    private static final class Call {
        final String what;
        final long startNanos;
        final int generation;
        final SerialLink link; // null while opening
        final long limitNanos;
        volatile boolean fired;

        Call(String what, long startNanos, int generation, SerialLink link, long limitNanos) {
            this.what = what;
            this.startNanos = startNanos;
            this.generation = generation;
            this.link = link;
            this.limitNanos = limitNanos;
        }
    }

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

    /** Starts the I/O thread and its watchdog; returns at once. */
    public synchronized void start(String threadName) {
        if (thread != null) {
            return;
        }
        running = true;
        this.threadName = threadName;
        startIoThread(generation);
        Thread w = new Thread(this::watch, threadName + "-watchdog");
        w.setDaemon(true);
        watchdog = w;
        w.start();
    }

    private void startIoThread(int gen) {
        Thread t = new Thread(() -> loop(gen), threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** @return how many times the port was opened or an open was tried (for measurements) */
    public long attempts() {
        return attempts;
    }

    /**
     * Stops the thread and closes the port, waiting at most {@code timeoutMs}. A running session is first asked to
     * finish in order (it sees {@code keepGoing} turn false and sends its final stop over the still-open port, e.g.
     * the RoboClaw's acknowledged zero speed); it is interrupted only when that takes longer than
     * {@value #GRACE_MS} ms. A worker waiting to reconnect is interrupted at once. Never throws.
     */
    public void stop(long timeoutMs) {
        Thread t;
        Thread w;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
            w = watchdog;
            watchdog = null;
        }
        if (w != null) {
            w.interrupt();
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

    private boolean alive(int gen) {
        return running && generation == gen;
    }

    private void loop(int gen) {
        MDC.put(MDC_DEVICE_ID, deviceId);
        try {
            while (alive(gen)) {
                PortSettings s = settings.get();
                attempts++;
                SerialLink link;
                Call opening = enter("open " + s.path(), gen, null, s);
                try {
                    link = factory.open(s);
                } catch (IOException | RuntimeException | LinkageError e) {
                    if (!opening.fired && alive(gen)) {
                        health.offline("cannot open " + s.path() + ": " + e.getMessage());
                    }
                    LOG.debug("opening {} failed", s, e);
                    pause(backoff.get().next(), gen);
                    continue;
                } finally {
                    current = null;
                }
                if (!alive(gen)) {
                    link.close();
                    return;
                }
                LOG.debug("device '{}': opened serial port {}", deviceId, s);
                long openedAt = health.nanoTime();
                WatchedLink watched = new WatchedLink(link, gen, s);
                boolean retryAtOnce = false;
                inSession = true;
                try {
                    session.run(watched, () -> alive(gen) && settings.get().equals(s));
                    retryAtOnce = alive(gen);
                    if (retryAtOnce) {
                        LOG.info("device '{}': port settings changed, reopening", deviceId);
                    }
                } catch (IOException e) {
                    if (!watched.fired() && alive(gen)) {
                        health.offline(e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                    boolean hadExchanged = health.everOnline() && health.lastOnlineNanos() - openedAt >= 0;
                    if (hadExchanged) {
                        LOG.warn("device '{}' lost on {}: {}", deviceId, s.path(), e.getMessage());
                    } else {
                        LOG.debug("device '{}' did not come up on {}: {}", deviceId, s.path(), e.getMessage());
                    }
                } catch (DeviceFaultException e) {
                    health.fault(e.getMessage());
                    LOG.warn("device '{}' reports a fault: {}", deviceId, e.getMessage());
                } catch (InterruptedException e) {
                    // stop() clears running before it interrupts; otherwise the interrupt was the watchdog's
                    if (running) {
                        LOG.debug("device '{}': session interrupted by the I/O watchdog", deviceId);
                    } else {
                        Thread.currentThread().interrupt();
                    }
                } catch (RuntimeException | LinkageError e) {
                    health.fault("driver error: " + e);
                    LOG.warn("device '{}': protocol session failed on {}", deviceId, s.path(), e);
                } finally {
                    inSession = false;
                    current = null;
                    link.close();
                    try {
                        session.disconnected();
                    } catch (RuntimeException e) {
                        LOG.warn("device '{}': cleanup after disconnect failed", deviceId, e);
                    }
                }
                // Only a connection that reached ONLINE (a successful exchange) resets the reconnect delay.
                if (health.everOnline() && health.lastOnlineNanos() - openedAt >= 0) {
                    backoff.get().reset();
                }
                if (running) {
                    Thread.interrupted(); // a watchdog interrupt was for the stuck call, not a stop
                }
                // A port the watchdog had to close under a device that was working is reopened at once: the
                // controller gets its zero speed as soon as possible (the next wedge costs another watchdog period).
                boolean wasWorking = health.everOnline() && health.lastOnlineNanos() - openedAt >= 0;
                if (alive(gen) && !retryAtOnce && !(watched.fired() && wasWorking)) {
                    pause(backoff.get().next(), gen);
                }
            }
        } finally {
            if (generation == gen && !running) {
                health.offline("driver stopped");
            }
            MDC.remove(MDC_DEVICE_ID);
        }
    }

    private Call enter(String what, int gen, SerialLink link, PortSettings s) {
        Call c = new Call(what, System.nanoTime(), gen, link, TimeUnit.MILLISECONDS.toNanos(s.watchdogMs()));
        current = c;
        return c;
    }

    /** The watchdog thread: checks the call in progress every fifth of the watchdog period. */
    private void watch() {
        MDC.put(MDC_DEVICE_ID, deviceId);
        try {
            while (running) {
                long periodNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(5, settings.get().watchdogMs() / 5));
                LockSupport.parkNanos(periodNanos);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    check();
                } catch (RuntimeException e) {
                    LOG.warn("device '{}': I/O watchdog check failed", deviceId, e);
                }
            }
        } finally {
            MDC.remove(MDC_DEVICE_ID);
        }
    }

    private void check() {
        Call c = current;
        if (c == null || !running || c.generation != generation) {
            return;
        }
        long busy = System.nanoTime() - c.startNanos;
        if (!c.fired && busy > c.limitNanos) {
            c.fired = true;
            String reason = "I/O watchdog: " + c.what + " blocked for " + TimeUnit.NANOSECONDS.toMillis(busy)
                    + " ms (limit " + TimeUnit.NANOSECONDS.toMillis(c.limitNanos) + " ms); port closed, reopening";
            health.fault(reason);
            LOG.warn("device '{}': {}", deviceId, reason);
            if (c.link != null) {
                c.link.close();
            }
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        } else if (c.fired && busy > c.limitNanos * (1 + ABANDON_FACTOR)) {
            synchronized (this) {
                if (!running || current != c) {
                    return;
                }
                Thread stuck = thread;
                generation++;
                current = null;
                LOG.warn("device '{}': I/O thread {} still stuck in {} after {} ms; abandoning it and starting a "
                        + "new one", deviceId, stuck == null ? "?" : stuck.getName(), c.what,
                        TimeUnit.NANOSECONDS.toMillis(busy));
                startIoThread(generation);
            }
        }
    }

    private void pause(long ms, int gen) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        try {
            while (alive(gen)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.sleep(left);
            }
        } catch (InterruptedException e) {
            if (!running) {
                Thread.currentThread().interrupt();
            }
            // else: a late watchdog interrupt; the loop goes on to reconnect
        }
    }

    /** The session's view of the port: every call is visible to the watchdog. */
    private final class WatchedLink implements SerialLink {
        private final SerialLink link;
        private final int gen;
        private final PortSettings settings;
        private volatile boolean fired;

        WatchedLink(SerialLink link, int gen, PortSettings settings) {
            this.link = link;
            this.gen = gen;
            this.settings = settings;
        }

        boolean fired() {
            return fired;
        }

        private Call begin(String what) throws IOException {
            if (fired) {
                throw new IOException("closed by the I/O watchdog");
            }
            return enter(what + " on " + settings.path(), gen, link, settings);
        }

        private void end(Call c) throws IOException {
            current = null;
            if (c.fired) {
                fired = true;
                throw new IOException("closed by the I/O watchdog after " + c.what + " blocked");
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Call c = begin("read");
            int n;
            try {
                n = link.read(buffer, offset, length);
            } finally {
                end(c);
            }
            return n;
        }

        @Override
        public void write(byte[] data) throws IOException {
            Call c = begin("write");
            try {
                link.write(data);
            } finally {
                end(c);
            }
        }

        @Override
        public void discardInput() throws IOException {
            Call c = begin("discard");
            try {
                link.discardInput();
            } finally {
                end(c);
            }
        }

        @Override
        public boolean setDtr(boolean asserted) {
            return link.setDtr(asserted);
        }

        @Override
        public void close() {
            link.close();
        }

        @Override
        public String toString() {
            return link.toString();
        }
    }
}
