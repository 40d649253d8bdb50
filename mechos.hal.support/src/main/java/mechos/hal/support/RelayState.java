package mechos.hal.support;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.DeviceException;

/**
 * The state of one relay (or any on/off actuator) with a safe state: commands are refused unless the device's
 * health accepts them, a failed write makes the device FAULT, and {@link #toSafeState} is best effort (never
 * throws). The driver supplies only how to drive its output.
 */
public final class RelayState {
    private static final Logger LOG = LoggerFactory.getLogger(RelayState.class);

    /** Drives the physical output; throws when it cannot. */
    @FunctionalInterface
    public interface Output {
        void apply(boolean on) throws Exception;
    }

    private final String id;
    private final boolean safeState;
    private final HealthTracker health;
    private volatile boolean state;

    public RelayState(String id, boolean safeState, HealthTracker health) {
        this.id = Objects.requireNonNull(id, "id");
        this.safeState = safeState;
        this.health = Objects.requireNonNull(health, "health");
        this.state = safeState;
    }

    /**
     * Switches the relay.
     *
     * @param out the output, or null when none is claimed (refused)
     * @throws DeviceException when the device does not accept commands or the write failed (then FAULT)
     */
    public synchronized void set(boolean on, Output out) throws DeviceException {
        if (out == null || !health.acceptsCommands()) {
            throw new DeviceException("relay '" + id + "' is " + health.get());
        }
        try {
            out.apply(on);
        } catch (Exception e) {
            health.fault("output write failed: " + e.getMessage());
            throw new DeviceException("relay '" + id + "': output write failed", e);
        }
        if (state != on) {
            state = on;
            LOG.info("relay '{}' switched {}", id, on ? "on" : "off");
        }
    }

    /** Applies the safe state; best effort: a failure is logged, never thrown. @param out null when none */
    public synchronized void toSafeState(Output out) {
        if (out != null) {
            try {
                out.apply(safeState);
            } catch (Exception e) {
                LOG.warn("relay '{}': could not apply the safe state", id, e);
                return;
            }
        }
        state = safeState;
    }

    /** The output was (re)claimed in its safe state. */
    public synchronized void claimedInSafeState() {
        state = safeState;
    }

    public boolean state() {
        return state;
    }

    public boolean safeState() {
        return safeState;
    }
}
