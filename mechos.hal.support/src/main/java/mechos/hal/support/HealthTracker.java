package mechos.hal.support;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.HealthState;

/**
 * A device's current health: written by its I/O thread, read from any thread without blocking. Logs every
 * change of state (or of reason) once, at info for state changes and debug for a new reason.
 *
 * <p>Health reflects the last <em>successful exchange</em> with the device, not the last open: the I/O thread
 * calls {@link #exchanged()} after each one, and with {@link #staleAfter(long)} set, {@link #get()} reports
 * OFFLINE ("no successful exchange for … ms") once the last one is older than that, whatever the I/O thread is
 * doing (computed on read, so a stuck thread cannot keep a stale ONLINE alive).
 *
 * <p>One per device, shared by every driver bundle (serial, Pi4J, simulator): state and reason are what the
 * kernel and the operator see; {@link #rejected(String)} is the one way a driver reports unusable configuration.
 */
public final class HealthTracker {
    private static final Logger LOG = LoggerFactory.getLogger(HealthTracker.class);

    private final String deviceId;
    private final LongSupplier nanoClock;
    private volatile DeviceHealth health;
    private volatile long lastExchangeNanos;
    private volatile long lastOnlineNanos;
    private volatile boolean everOnline;
    private volatile long staleAfterNanos;

    public HealthTracker(String deviceId, String initialReason) {
        this(deviceId, initialReason, System::nanoTime);
    }

    /** @param nanoClock monotonic clock in nanoseconds ({@link System#nanoTime()} in production) */
    public HealthTracker(String deviceId, String initialReason, LongSupplier nanoClock) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.health = DeviceHealth.offline(initialReason);
    }

    /** @param ms after this long without {@link #exchanged()}, ONLINE/DEGRADED read as OFFLINE; 0 turns it off */
    public void staleAfter(long ms) {
        staleAfterNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, ms));
    }

    /** @return the current health; never null, never blocks */
    public DeviceHealth get() {
        DeviceHealth h = health;
        long stale = staleAfterNanos;
        if (stale > 0 && h.state().acceptsCommands()) {
            long age = nanoClock.getAsLong() - lastExchangeNanos;
            if (age > stale) {
                return new DeviceHealth(HealthState.OFFLINE,
                        "no successful exchange for " + TimeUnit.NANOSECONDS.toMillis(age) + " ms", h.since());
            }
        }
        return h;
    }

    public HealthState state() {
        return get().state();
    }

    /** @return whether the current health lets the device take commands (ONLINE or DEGRADED, not stale) */
    public boolean acceptsCommands() {
        return get().state().acceptsCommands();
    }

    /** The I/O thread completed an exchange with the device (a valid reply, an acknowledged command, scan data). */
    public void exchanged() {
        lastExchangeNanos = nanoClock.getAsLong();
    }

    /** @return {@link #nanoClock} time of the last {@link #online()}, valid once {@link #everOnline()} */
    public long lastOnlineNanos() {
        return lastOnlineNanos;
    }

    public boolean everOnline() {
        return everOnline;
    }

    public long nanoTime() {
        return nanoClock.getAsLong();
    }

    /** ONLINE: also counts as a successful exchange. */
    public void online() {
        long now = nanoClock.getAsLong();
        lastExchangeNanos = now;
        lastOnlineNanos = now;
        everOnline = true;
        set(HealthState.ONLINE, "");
    }

    public void degraded(String reason) {
        set(HealthState.DEGRADED, reason);
    }

    public void offline(String reason) {
        set(HealthState.OFFLINE, reason);
    }

    public void fault(String reason) {
        set(HealthState.FAULT, reason);
    }

    /** FAULT "configuration rejected: {@code why}" ({@code why} names key, value and reason; see {@link ConfigCheck}). */
    public void rejected(String why) {
        set(HealthState.FAULT, ConfigCheck.REJECTED_PREFIX + why);
    }

    /** Sets state and reason from a computed health (e.g. a battery model's DEGRADED "battery low"). */
    public void set(DeviceHealth next) {
        if (next.state() == HealthState.ONLINE) {
            online();
        } else {
            set(next.state(), next.reason());
        }
    }

    private synchronized void set(HealthState state, String reason) {
        DeviceHealth current = health;
        if (current.state() == state && current.reason().equals(reason)) {
            return;
        }
        health = new DeviceHealth(state, reason, Instant.now());
        if (current.state() != state) {
            LOG.info("device '{}' is now {}", deviceId, health);
        } else {
            LOG.debug("device '{}' is still {}", deviceId, health);
        }
    }
}
