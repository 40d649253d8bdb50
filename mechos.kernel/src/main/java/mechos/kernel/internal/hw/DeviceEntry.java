package mechos.kernel.internal.hw;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.HealthState;
import mechos.hal.api.Subscription;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.EffectorLimits;

/**
 * What the kernel knows about one device id. Written by the registry (bind/unbind, dispatch results, health
 * polls, sensor samples) and read lock-free by the gate and the safety monitor.
 */
public final class DeviceEntry {
    private final String id;
    volatile DeviceKind kind;
    volatile Device service;
    volatile String bundle = "";
    volatile boolean present;
    /** Set by the kernel from what it observed (a throw, a hang); cleared on re-registration or operator reset. */
    volatile DeviceHealth kernelHealth;
    volatile DeviceHealth driverHealth = DeviceHealth.online();
    /**
     * True after a call did not return by its deadline: only safety calls (stop, safe state) are sent until it
     * returns late or re-registers, and at most one of those at a time ({@link #safetyCallInFlight}).
     */
    volatile boolean hung;
    /** A safety call to a hung device is running: a dead driver may hold at most one dispatch worker for stops. */
    final java.util.concurrent.atomic.AtomicBoolean safetyCallInFlight = new java.util.concurrent.atomic.AtomicBoolean();
    volatile Subscription sensorSubscription;
    volatile Object latestSample;
    volatile long lastSampleNanos;
    volatile DriveGeometry geometry;
    volatile EffectorLimits effector;
    volatile DeviceHealth removedHealth;

    DeviceEntry(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public DeviceKind kind() {
        return kind;
    }

    public boolean present() {
        return present;
    }

    /** @return the newest sensor sample received, or null */
    public Object latestSample() {
        return latestSample;
    }

    /** @return {@link System#nanoTime()} when the newest sample arrived, 0 when none has */
    public long lastSampleNanos() {
        return lastSampleNanos;
    }

    public DriveGeometry geometry() {
        return geometry;
    }

    public EffectorLimits effector() {
        return effector;
    }

    /** @return the worst of: removed, what the kernel observed, what the driver reports */
    public DeviceHealth health() {
        if (!present) {
            DeviceHealth r = removedHealth;
            return r != null ? r : DeviceHealth.offline("service unregistered");
        }
        DeviceHealth k = kernelHealth;
        DeviceHealth d = driverHealth;
        if (k == null) {
            return d;
        }
        return d.state().worse(k.state()) == k.state() ? k : d;
    }

    public boolean usable() {
        return present && !hung && health().state().acceptsCommands();
    }

    public boolean failed() {
        HealthState s = health().state();
        return s == HealthState.OFFLINE || s == HealthState.FAULT;
    }

    public DeviceInfo info() {
        return new DeviceInfo(id, kind, health(), bundle == null ? "" : bundle, present);
    }
}
