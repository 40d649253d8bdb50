package mechos.hal.pi4j.internal.platform;

import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.HealthState;

/** A device's current health: written by driver threads, read without blocking; logs every change of state. */
public final class HealthTracker {
    private static final Logger LOG = LoggerFactory.getLogger(HealthTracker.class);

    private final String deviceId;
    private volatile DeviceHealth health;

    public HealthTracker(String deviceId, String initialReason) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.health = DeviceHealth.offline(initialReason);
    }

    public DeviceHealth get() {
        return health;
    }

    public boolean acceptsCommands() {
        return health.state().acceptsCommands();
    }

    public void online() {
        set(HealthState.ONLINE, "");
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
        health = new DeviceHealth(state, reason, Instant.now());
        if (current.state() != state) {
            LOG.info("device '{}' is now {}", deviceId, health);
        }
    }
}
