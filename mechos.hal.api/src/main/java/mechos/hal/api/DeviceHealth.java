package mechos.hal.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A device's health: a state, a human-readable reason and when the state was entered.
 *
 * @param state  never null
 * @param reason never null; empty only for ONLINE
 * @param since  wall-clock time the state was entered, never null
 */
public record DeviceHealth(HealthState state, String reason, Instant since) {
    public DeviceHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }

    public static DeviceHealth online() {
        return new DeviceHealth(HealthState.ONLINE, "", Instant.now());
    }

    public static DeviceHealth degraded(String reason) {
        return new DeviceHealth(HealthState.DEGRADED, reason, Instant.now());
    }

    public static DeviceHealth offline(String reason) {
        return new DeviceHealth(HealthState.OFFLINE, reason, Instant.now());
    }

    public static DeviceHealth fault(String reason) {
        return new DeviceHealth(HealthState.FAULT, reason, Instant.now());
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? state.name() : state + " (" + reason + ")";
    }
}
