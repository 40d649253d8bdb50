package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.Odometry;
import mechos.hal.api.OdometryReading;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.sim.internal.sensor.OdometryModel;

/** Simulated wheel odometry. */
@Component(immediate = true, service = Odometry.class, configurationPid = SimOdometry.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=ODOMETRY")
@Designate(ocd = SimOdometryConfig.class, factory = true)
public final class SimOdometry implements Odometry {
    static final String PID = "mechos.hal.sim.odometry";

    private final DeviceHandle handle;
    private final OdometryModel model;

    @Activate
    public SimOdometry(SimOdometryConfig c, @Reference(name = "robot") SimRobot robot) {
        this.handle = new DeviceHandle(PID, c.mechos_device_id(), robot);
        try {
            this.model = new OdometryModel(new OdometryModel.Params(c.mechos_device_id(), c.rateHz(),
                    c.leftScaleError(), c.rightScaleError(), c.noiseStdDev()), robot.simulation());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " '" + c.mechos_device_id() + "': " + e.getMessage(), e);
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
    public OdometryReading latest() {
        return model.samples().latest();
    }

    @Override
    public Subscription subscribe(SensorListener<? super OdometryReading> listener) {
        return model.samples().subscribe(listener);
    }

    @Deactivate
    void deactivate() {
        handle.close();
        model.samples().clear();
    }

    @Override
    public String toString() {
        return "SimOdometry[" + id() + "]";
    }
}
