package mechos.hal.support;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The I/O thread of one device, owned by the support layer: connects lazily (never on the SCR thread), runs the
 * protocol {@link DeviceSession} while the link is open, and reconnects with exponential {@link Backoff} when the
 * link disappears, fails, or the device goes silent. Reconnects when {@code settings} supplies different settings
 * (a {@code @Modified} configuration). Nothing thrown by the session escapes the thread.
 *
 * <p><b>I/O watchdog.</b> Every call into the link (open, and whatever the driver's {@link Watcher} wraps: read,
 * write, …) is timed by a second thread through an {@link IoWatchdog}, independent of the link's own settings. A
 * call that takes longer than {@link LinkSettings#watchdogMs()} makes the device FAULT ("I/O watchdog: …"), closes
 * the link under the stuck call and interrupts the I/O thread; if the thread still does not come back within
 * another {@value #ABANDON_FACTOR} watchdog periods it is abandoned and a fresh I/O thread reconnects.
 *
 * <p><b>Backoff.</b> The reconnect delay is reset only after a connection reached ONLINE (a successful exchange),
 * never merely because the link opened: a silent device is retried at the backoff maximum. State changes are
 * logged by the {@link HealthTracker}; single attempts at debug.
 *
 * @param <S> how to connect (compared with {@code equals} to notice a configuration change)
 * @param <L> the open link
 */
public final class DeviceWorker<S extends LinkSettings, L extends DeviceLink> {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceWorker.class);
    /** MDC key of the device id, the same key the kernel uses around driver calls. */
    public static final String MDC_DEVICE_ID = "deviceId";
    /** How long {@link #stop} lets a running session finish in order (its final stop) before interrupting it. */
    public static final long GRACE_MS = 500;
    /** A stuck I/O thread is abandoned after this many watchdog periods past the watchdog's FAULT. */
    public static final int ABANDON_FACTOR = 4;

    /** Wraps an open link so that every blocking call on it goes through {@link Guard#enter}/{@link Guard#exit}. */
    @FunctionalInterface
    public interface Watcher<L extends DeviceLink> {
        L watch(L link, Guard guard);
    }

    /** The watchdog's view of one open link, given to the driver's {@link Watcher}. */
    public interface Guard {
        /**
         * Announces a blocking call on the link.
         *
         * @throws IOException when the watchdog already closed this link
         */
        IoWatchdog.Call enter(String what) throws IOException;

        /** Ends a call. @throws IOException when the watchdog fired on it (its result must not be used) */
        void exit(IoWatchdog.Call c) throws IOException;
    }

    private final class LinkGuard implements Guard {
        private final L link;
        private final int gen;
        private final S settings;
        private volatile boolean fired;

        LinkGuard(L link, int gen, S settings) {
            this.link = link;
            this.gen = gen;
            this.settings = settings;
        }

        @Override
        public IoWatchdog.Call enter(String what) throws IOException {
            if (fired) {
                throw new IOException("closed by the I/O watchdog");
            }
            callGeneration = gen;
            return watchdog.begin(what + " on " + settings.address(), settings.watchdogMs(), link::close);
        }

        @Override
        public void exit(IoWatchdog.Call c) throws IOException {
            if (watchdog.end(c)) {
                fired = true;
                throw new IOException("closed by the I/O watchdog after " + c.what() + " blocked");
            }
        }

        boolean fired() {
            return fired;
        }
    }

    private final String deviceId;
    private final Supplier<S> settings;
    private final Connector<S, L> connector;
    private final Supplier<Backoff> backoff;
    private final HealthTracker health;
    private final DeviceSession<L> session;
    private final Watcher<L> watcher;
    private final IoWatchdog watchdog;

    private volatile boolean running;
    private volatile boolean inSession;
    private volatile Thread thread;
    private volatile Thread watchThread;
    private volatile String threadName;
    /** Incremented when a stuck I/O thread is abandoned; a thread whose generation is old ends quietly. */
    private volatile int generation;
    /** Generation of the thread that made the call in progress. */
    private volatile int callGeneration;
    private volatile long attempts;

    /**
     * @param settings current settings (read on every connect and compared while connected)
     * @param backoff  current reconnect policy
     * @param watcher  wraps each open link so the watchdog sees its blocking calls
     */
    public DeviceWorker(String deviceId, Supplier<S> settings, Supplier<Backoff> backoff, Connector<S, L> connector,
            HealthTracker health, DeviceSession<L> session, Watcher<L> watcher) {
        this.deviceId = Objects.requireNonNull(deviceId);
        this.settings = Objects.requireNonNull(settings);
        this.backoff = Objects.requireNonNull(backoff);
        this.connector = Objects.requireNonNull(connector);
        this.health = Objects.requireNonNull(health);
        this.session = Objects.requireNonNull(session);
        this.watcher = Objects.requireNonNull(watcher);
        this.watchdog = new IoWatchdog(health::nanoTime, ABANDON_FACTOR);
    }

    /** Starts the I/O thread and its watchdog; returns at once. */
    public synchronized void start(String name) {
        if (thread != null) {
            return;
        }
        running = true;
        this.threadName = name;
        startIoThread(generation);
        Thread w = new Thread(this::watch, name + "-watchdog");
        w.setDaemon(true);
        watchThread = w;
        w.start();
    }

    private void startIoThread(int gen) {
        Thread t = new Thread(() -> loop(gen), threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** @return how many times the link was opened or an open was tried (for measurements) */
    public long attempts() {
        return attempts;
    }

    /**
     * Stops the thread and closes the link, waiting at most {@code timeoutMs}. A running session is first asked to
     * finish in order (it sees {@code keepGoing} turn false and sends its final stop over the still-open link); it
     * is interrupted only when that takes longer than {@value #GRACE_MS} ms. A worker waiting to reconnect is
     * interrupted at once. Never throws.
     */
    public void stop(long timeoutMs) {
        Thread t;
        Thread w;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
            w = watchThread;
            watchThread = null;
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

    private boolean reachedOnlineSince(long openedAt) {
        return health.everOnline() && health.lastOnlineNanos() - openedAt >= 0;
    }

    private void loop(int gen) {
        MDC.put(MDC_DEVICE_ID, deviceId);
        try {
            while (alive(gen)) {
                S s = settings.get();
                attempts++;
                L link;
                callGeneration = gen;
                IoWatchdog.Call opening = watchdog.begin("open " + s.address(), s.watchdogMs(), null);
                try {
                    link = connector.open(s);
                } catch (IOException | RuntimeException | LinkageError e) {
                    if (!opening.fired() && alive(gen)) {
                        health.offline("cannot open " + s.address() + ": " + e.getMessage());
                    }
                    LOG.debug("opening {} failed", s, e);
                    pause(backoff.get().next(), gen);
                    continue;
                } finally {
                    watchdog.end(opening);
                }
                if (!alive(gen)) {
                    link.close();
                    return;
                }
                LOG.debug("device '{}': opened {}", deviceId, s);
                long openedAt = health.nanoTime();
                LinkGuard guard = new LinkGuard(link, gen, s);
                boolean retryAtOnce = false;
                inSession = true;
                try {
                    session.run(watcher.watch(link, guard), () -> alive(gen) && settings.get().equals(s));
                    retryAtOnce = alive(gen);
                    if (retryAtOnce) {
                        LOG.info("device '{}': settings changed, reconnecting", deviceId);
                    }
                } catch (IOException e) {
                    if (!guard.fired() && alive(gen)) {
                        health.offline(e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                    if (reachedOnlineSince(openedAt)) {
                        LOG.warn("device '{}' lost on {}: {}", deviceId, s.address(), e.getMessage());
                    } else {
                        LOG.debug("device '{}' did not come up on {}: {}", deviceId, s.address(), e.getMessage());
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
                    LOG.warn("device '{}': protocol session failed on {}", deviceId, s.address(), e);
                } finally {
                    inSession = false;
                    if (generation == gen) {
                        watchdog.clear();
                    }
                    link.close();
                    try {
                        session.disconnected();
                    } catch (RuntimeException e) {
                        LOG.warn("device '{}': cleanup after disconnect failed", deviceId, e);
                    }
                }
                boolean wasWorking = reachedOnlineSince(openedAt);
                // Only a connection that reached ONLINE (a successful exchange) resets the reconnect delay.
                if (wasWorking) {
                    backoff.get().reset();
                }
                if (running) {
                    Thread.interrupted(); // a watchdog interrupt was for the stuck call, not a stop
                }
                // A link the watchdog had to close under a device that was working is reopened at once: an actuator
                // gets its safe command as soon as possible (the next wedge costs another watchdog period).
                if (alive(gen) && !retryAtOnce && !(guard.fired() && wasWorking)) {
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
        IoWatchdog.Call c = watchdog.current();
        if (c == null || !running || callGeneration != generation) {
            return;
        }
        switch (watchdog.check()) {
            case FIRED -> {
                String reason = "I/O watchdog: " + c.what() + " blocked for " + watchdog.lastBusyMs() + " ms (limit "
                        + c.limitMs() + " ms); link closed, reconnecting";
                health.fault(reason);
                LOG.warn("device '{}': {}", deviceId, reason);
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
            }
            case ABANDON -> {
                synchronized (this) {
                    if (!running) {
                        return;
                    }
                    Thread stuck = thread;
                    generation++;
                    LOG.warn("device '{}': I/O thread {} still stuck in {} after {} ms; abandoning it and starting a "
                            + "new one", deviceId, stuck == null ? "?" : stuck.getName(), c.what(),
                            watchdog.lastBusyMs());
                    startIoThread(generation);
                }
            }
            case NONE -> {
                // within its limit, or nothing in progress
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
}
