package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Battery;
import mechos.hal.api.BatteryReading;
import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.sim.internal.sensor.BatteryModel;

/** A simulated battery; DEGRADED below the low threshold, FAULT when empty. The shared body is {@link SimSensor}'s. */
@Component(immediate = true, service = Battery.class, configurationPid = SimBattery.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=BATTERY")
@Designate(ocd = SimBatteryConfig.class, factory = true)
public final class SimBattery extends SimSensor<BatteryReading, BatteryModel> implements Battery {
    static final String PID = "mechos.hal.sim.battery";

    private final double lowThreshold;

    @Activate
    public SimBattery(SimBatteryConfig c, @Reference(name = "robot") SimRobot robot) {
        super(PID, c.mechos_device_id(), robot, sim -> new BatteryModel(params(c)));
        this.lowThreshold = c.lowThreshold();
        model().samples().subscribe(this::updateHealth);
    }

    /** @throws IllegalArgumentException for values the model refuses (also the bundle's validator) */
    static BatteryModel.Params params(SimBatteryConfig c) {
        if (!(c.lowThreshold() >= 0 && c.lowThreshold() <= 1)) {
            throw new IllegalArgumentException("property lowThreshold must be in [0, 1], was " + c.lowThreshold());
        }
        return new BatteryModel.Params(c.mechos_device_id(), c.rateHz(), c.capacityAh(), c.fullVoltage(),
                c.emptyVoltage(), c.idleCurrent(), c.currentPerSpeed(), c.internalResistance(), c.initialCharge());
    }

    private void updateHealth(BatteryReading r) {
        if (r.stateOfCharge() <= 0) {
            handle().setHealth(DeviceHealth.fault("battery empty"));
        } else if (r.stateOfCharge() < lowThreshold) {
            handle().setHealth(DeviceHealth.degraded(String.format("battery low (%.0f %%)", r.stateOfCharge() * 100)));
        } else {
            handle().setHealth(DeviceHealth.online());
        }
    }

    @Override
    @Deactivate
    void deactivate() {
        super.deactivate();
    }
}
