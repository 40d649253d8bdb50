package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Bumper;
import mechos.hal.api.ContactReading;
import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.sim.internal.sensor.BumperModel;

/** A simulated bumper. */
@Component(immediate = true, service = Bumper.class,
        configurationPid = SimBumper.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Device.KIND + "=BUMPER")
@Designate(ocd = SimBumperConfig.class, factory = true)
public final class SimBumper implements Bumper {
    static final String PID = "mechos.hal.sim.bumper";

    private final DeviceHandle handle;
    private final BumperModel model;

    @Activate
    public SimBumper(SimBumperConfig c, @Reference(name = "robot") SimRobot robot) {
        this.handle = new DeviceHandle(PID, c.mechos_device_id(), robot);
        try {
            this.model = new BumperModel(c.mechos_device_id(), c.rateHz());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " '" + c.mechos_device_id() + "': property rateHz: "
                    + e.getMessage(), e);
        }
        handle.attach(robot.simulation(), model);
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
    public ContactReading latest() {
        return model.samples().latest();
    }

    @Override
    public Subscription subscribe(SensorListener<? super ContactReading> listener) {
        return model.samples().subscribe(listener);
    }

    @Deactivate
    void deactivate() {
        handle.close();
        model.samples().clear();
    }

    @Override
    public String toString() {
        return "SimBumper[" + id() + "]";
    }
}
