package mechos.hal.sim.internal;

import java.util.function.Function;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.SensorListener;
import mechos.hal.api.SensorSource;
import mechos.hal.api.Subscription;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.sensor.SensorModel;

/**
 * The body every simulated sensor component shares: validated id and health ({@link DeviceHandle}), one sensor
 * model attached to the robot's simulation, {@code latest}/{@code subscribe} from the model's fan-out, and
 * detaching on deactivation. A sensor component is its DS annotations, its configuration-to-model mapping and this.
 */
abstract class SimSensor<T, M extends SensorModel<T>> implements SensorSource<T> {
    private final DeviceHandle handle;
    private final M model;

    /**
     * @param model builds the model from the robot's simulation; an {@link IllegalArgumentException} it throws
     *              (naming the property) is rethrown with the PID and device id
     */
    SimSensor(String pid, String id, SimRobot robot, Function<Simulation, M> model) {
        this.handle = new DeviceHandle(pid, id, robot);
        try {
            this.model = model.apply(robot.simulation());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(pid + " '" + id + "': " + e.getMessage(), e);
        }
        handle.attach(robot.simulation(), this.model);
    }

    final DeviceHandle handle() {
        return handle;
    }

    final M model() {
        return model;
    }

    public final String id() {
        return handle.id();
    }

    public final DeviceHealth health() {
        return handle.health();
    }

    @Override
    public final T latest() {
        return model.samples().latest();
    }

    @Override
    public final Subscription subscribe(SensorListener<? super T> listener) {
        return model.samples().subscribe(listener);
    }

    /** Detaches from the simulation: OFFLINE, listeners dropped. */
    void deactivate() {
        handle.close();
        model.samples().clear();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id() + "]";
    }
}
