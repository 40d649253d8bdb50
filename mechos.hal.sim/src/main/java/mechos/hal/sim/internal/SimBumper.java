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
import mechos.hal.sim.internal.sensor.BumperModel;

/** A simulated bumper. The shared body is {@link SimSensor}'s. */
@Component(immediate = true, service = Bumper.class, configurationPid = SimBumper.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=BUMPER")
@Designate(ocd = SimBumperConfig.class, factory = true)
public final class SimBumper extends SimSensor<ContactReading, BumperModel> implements Bumper {
    static final String PID = "mechos.hal.sim.bumper";

    @Activate
    public SimBumper(SimBumperConfig c, @Reference(name = "robot") SimRobot robot) {
        super(PID, c.mechos_device_id(), robot, sim -> new BumperModel(c.mechos_device_id(), c.rateHz()));
    }

    @Override
    @Deactivate
    void deactivate() {
        super.deactivate();
    }
}
