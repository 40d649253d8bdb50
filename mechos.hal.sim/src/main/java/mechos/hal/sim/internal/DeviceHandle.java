package mechos.hal.sim.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.DeviceHealth;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.engine.StepListener;
import mechos.hal.support.HealthTracker;

/**
 * What every simulated device component keeps: its validated id, its health (the support layer's
 * {@link HealthTracker}), and its attachment to the robot's simulation (removed on {@link #close()}, after which
 * the device reports OFFLINE).
 */
final class DeviceHandle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceHandle.class);

    private final String id;
    private final String robot;
    private final HealthTracker health;
    private volatile Runnable detach;

    /**
     * @param pid for messages
     * @throws IllegalArgumentException if the id is empty, naming the property
     */
    DeviceHandle(String pid, String id, SimRobot robot) {
        checkId(pid, id);
        this.id = id;
        this.robot = robot.name();
        this.health = new HealthTracker(id, "simulated device starting");
        health.online();
    }

    /** @throws IllegalArgumentException if the id is empty, naming the property (also the bundle's validator) */
    static void checkId(String pid, String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(pid + ": property mechos.device.id must not be empty");
        }
    }

    String id() {
        return id;
    }

    DeviceHealth health() {
        return health.get();
    }

    /** @return the device's health tracker (for the support layer's helpers, e.g. {@code RelayState}) */
    HealthTracker tracker() {
        return health;
    }

    void setHealth(DeviceHealth next) {
        health.set(next);
    }

    boolean online() {
        return health.acceptsCommands();
    }

    /** Attaches a sensor model to the simulation's steps. */
    void attach(Simulation simulation, StepListener model) {
        this.detach = simulation.attach(model);
        LOG.debug("Simulated device '{}' attached to robot '{}'", id, robot);
    }

    @Override
    public void close() {
        Runnable d = detach;
        if (d != null) {
            d.run();
        }
        health.offline("simulated device stopped");
        LOG.debug("Simulated device '{}' detached from robot '{}'", id, robot);
    }
}
