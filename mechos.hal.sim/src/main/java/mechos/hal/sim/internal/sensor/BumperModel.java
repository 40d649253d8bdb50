package mechos.hal.sim.internal.sensor;

import mechos.hal.api.ContactReading;
import mechos.hal.sim.internal.engine.RobotState;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.support.SensorFanout;

/** A ring bumper around the footprint: publishes at its rate, and at once on every press or release. */
public final class BumperModel implements SensorModel<ContactReading> {
    private final String deviceId;
    private final Period period;
    private final SensorFanout<ContactReading> samples;
    private boolean pressed;

    public BumperModel(String deviceId, double rateHz) {
        this.deviceId = deviceId;
        this.period = new Period(rateHz);
        this.samples = new SensorFanout<>(deviceId);
    }

    @Override
    public SensorFanout<ContactReading> samples() {
        return samples;
    }

    @Override
    public void afterStep(Simulation simulation, RobotState s) {
        boolean changed = s.contact() != pressed;
        pressed = s.contact();
        if (period.due(s.timestampNanos()) || changed) {
            samples.publish(new ContactReading(s.timestampNanos(), s.contact(), s.contactBearing()));
        }
    }

    @Override
    public String toString() {
        return "bumper " + deviceId;
    }
}
