package mechos.hal.sim.internal.sensor;

import mechos.hal.api.BatteryReading;
import mechos.hal.sim.internal.engine.RobotState;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.support.SensorFanout;

/**
 * A battery that drains with motion: current = idle + per-wheel-speed + per-acceleration terms, integrated into
 * the state of charge every step; the voltage falls linearly with charge and sags with current.
 */
public final class BatteryModel implements SensorModel<BatteryReading> {
    /**
     * @param capacityAh          A·h at full charge
     * @param fullVoltage         V at 100 %
     * @param emptyVoltage        V at 0 %
     * @param idleCurrent         A drawn standing still
     * @param currentPerSpeed     A per m/s of mean absolute wheel speed
     * @param internalResistance  Ω
     * @param initialCharge       0..1
     */
    public record Params(String deviceId, double rateHz, double capacityAh, double fullVoltage, double emptyVoltage,
            double idleCurrent, double currentPerSpeed, double internalResistance, double initialCharge) {
        public Params {
            checkVoltages(fullVoltage, emptyVoltage);
            if (!(capacityAh > 0) || !(emptyVoltage >= 0) || !(idleCurrent >= 0)
                    || !(currentPerSpeed >= 0) || !(internalResistance >= 0) || !(initialCharge >= 0)
                    || !(initialCharge <= 1)) {
                throw new IllegalArgumentException("battery needs capacityAh > 0, fullVoltage > emptyVoltage >= 0, "
                        + "non-negative currents and resistance, initialCharge in [0, 1]: " + this);
            }
        }

        /** @throws IllegalArgumentException unless fullVoltage &gt; emptyVoltage &ge; 0 */
        public static void checkVoltages(double fullVoltage, double emptyVoltage) {
            if (!(fullVoltage > emptyVoltage) || !(emptyVoltage >= 0)) {
                throw new IllegalArgumentException("need fullVoltage > emptyVoltage >= 0, was fullVoltage="
                        + fullVoltage + " emptyVoltage=" + emptyVoltage);
            }
        }
    }

    private final Params params;
    private final Period period;
    private final SensorFanout<BatteryReading> samples;
    private volatile double charge;

    public BatteryModel(Params params) {
        this.params = params;
        this.period = new Period(params.rateHz());
        this.samples = new SensorFanout<>(params.deviceId());
        this.charge = params.initialCharge();
    }

    @Override
    public SensorFanout<BatteryReading> samples() {
        return samples;
    }

    /** @return state of charge 0..1 */
    public double charge() {
        return charge;
    }

    @Override
    public void afterStep(Simulation simulation, RobotState s) {
        double speed = (Math.abs(s.leftSpeed()) + Math.abs(s.rightSpeed())) / 2;
        double current = charge > 0 ? params.idleCurrent() + params.currentPerSpeed() * speed : 0;
        charge = Math.max(0, charge - current * simulation.dt() / 3600.0 / params.capacityAh());
        if (period.due(s.timestampNanos())) {
            double open = params.emptyVoltage() + (params.fullVoltage() - params.emptyVoltage()) * charge;
            double voltage = Math.max(0, open - current * params.internalResistance());
            samples.publish(new BatteryReading(s.timestampNanos(), voltage, current, charge));
        }
    }

    @Override
    public String toString() {
        return "battery " + params.deviceId();
    }
}
