package mechos.hal.sim.internal.sensor;

import mechos.hal.sim.internal.engine.StepListener;
import mechos.hal.support.SensorFanout;

/** A simulated sensor: stepped by the simulation, publishing its samples through the support layer's fan-out. */
public interface SensorModel<T> extends StepListener {
    /** @return the latest sample and the subscribers */
    SensorFanout<T> samples();
}
