package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.Imu;
import mechos.hal.api.ImuReading;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.sim.internal.sensor.ImuModel;

/** A simulated IMU. */
@Component(immediate = true, service = Imu.class,
        configurationPid = SimImu.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Device.KIND + "=IMU")
@Designate(ocd = SimImuConfig.class, factory = true)
public final class SimImu implements Imu {
    static final String PID = "mechos.hal.sim.imu";

    private final DeviceHandle handle;
    private final ImuModel model;

    @Activate
    public SimImu(SimImuConfig c, @Reference(name = "robot") SimRobot robot) {
        this.handle = new DeviceHandle(PID, c.mechos_device_id(), robot);
        try {
            this.model = new ImuModel(new ImuModel.Params(c.mechos_device_id(), c.frameId(), c.rateHz(), c.gyroBias(),
                    c.gyroNoise(), c.accelNoise()), robot.simulation());
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
    public ImuReading latest() {
        return model.samples().latest();
    }

    @Override
    public Subscription subscribe(SensorListener<? super ImuReading> listener) {
        return model.samples().subscribe(listener);
    }

    @Deactivate
    void deactivate() {
        handle.close();
        model.samples().clear();
    }

    @Override
    public String toString() {
        return "SimImu[" + id() + "]";
    }
}
