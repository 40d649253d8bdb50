package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.BatteryReading;
import mechos.hal.api.Battery;
import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.sim.internal.sensor.BatteryModel;

/** A simulated battery; DEGRADED below the low threshold, FAULT when empty. */
@Component(immediate = true, service = Battery.class, configurationPid = SimBattery.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=BATTERY")
@Designate(ocd = SimBatteryConfig.class, factory = true)
public final class SimBattery implements Battery {
    static final String PID = "mechos.hal.sim.battery";

    private final DeviceHandle handle;
    private final BatteryModel model;
    private final double lowThreshold;

    @Activate
    public SimBattery(SimBatteryConfig c, @Reference(name = "robot") SimRobot robot) {
        this.handle = new DeviceHandle(PID, c.mechos_device_id(), robot);
        if (!(c.lowThreshold() >= 0 && c.lowThreshold() <= 1)) {
            throw new IllegalArgumentException(PID + " '" + c.mechos_device_id()
                    + "': property lowThreshold must be in [0, 1], was " + c.lowThreshold());
        }
        this.lowThreshold = c.lowThreshold();
        try {
            this.model = new BatteryModel(new BatteryModel.Params(c.mechos_device_id(), c.rateHz(), c.capacityAh(),
                    c.fullVoltage(), c.emptyVoltage(), c.idleCurrent(), c.currentPerSpeed(), c.internalResistance(),
                    c.initialCharge()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " '" + c.mechos_device_id() + "': " + e.getMessage(), e);
        }
        handle.attach(robot.simulation(), model);
        model.samples().subscribe(this::updateHealth);
    }

    private void updateHealth(BatteryReading r) {
        if (r.stateOfCharge() <= 0) {
            handle.setHealth(DeviceHealth.fault("battery empty"));
        } else if (r.stateOfCharge() < lowThreshold) {
            handle.setHealth(DeviceHealth.degraded(String.format("battery low (%.0f %%)", r.stateOfCharge() * 100)));
        } else if (handle.health().state() != mechos.hal.api.HealthState.ONLINE) {
            handle.setHealth(DeviceHealth.online());
        }
    }

    @Override
    public String id() {
        return handle.id();
    }

    @Override
    public DeviceHealth health() {
        return handle.health();
    }

    @Override
    public BatteryReading latest() {
        return model.samples().latest();
    }

    @Override
    public Subscription subscribe(SensorListener<? super BatteryReading> listener) {
        return model.samples().subscribe(listener);
    }

    @Deactivate
    void deactivate() {
        handle.close();
        model.samples().clear();
    }

    @Override
    public String toString() {
        return "SimBattery[" + id() + "]";
    }
}
