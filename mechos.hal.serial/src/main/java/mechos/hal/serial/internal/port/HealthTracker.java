package mechos.hal.serial.internal.port;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.HealthState;

/**
 * A device's current health: written by its I/O thread, read from any thread without blocking. Logs every
 * change of state (or of reason) once, at info for state changes and debug for a new reason.
 */
public final class HealthTracker {
    private static final Logger LOG = LoggerFactory.getLogger(HealthTracker.class);

    private final String deviceId;
    private volatile DeviceHealth health;

    public HealthTracker(String deviceId, String initialReason) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.health = DeviceHealth.offline(initialReason);
    }

    /** @return the current health; never null, never blocks */
    public DeviceHealth get() {
        return health;
    }

    public HealthState state() {
        return health.state();
    }

    public void online() {
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

    private synchronized void set(HealthState state, String reason) {
        DeviceHealth current = health;
        if (current.state() == state && current.reason().equals(reason)) {
            return;
        }
        health = new DeviceHealth(state, reason, java.time.Instant.now());
        if (current.state() != state) {
            LOG.info("device '{}' is now {}", deviceId, health);
        } else {
            LOG.debug("device '{}' is still {}", deviceId, health);
        }
    }
}
