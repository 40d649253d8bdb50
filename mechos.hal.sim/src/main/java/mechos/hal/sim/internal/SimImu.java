package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Device;
import mechos.hal.api.Imu;
import mechos.hal.api.ImuReading;
import mechos.hal.sim.internal.sensor.ImuModel;

/** A simulated IMU. The shared body is {@link SimSensor}'s. */
@Component(immediate = true, service = Imu.class, configurationPid = SimImu.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=IMU")
@Designate(ocd = SimImuConfig.class, factory = true)
public final class SimImu extends SimSensor<ImuReading, ImuModel> implements Imu {
    static final String PID = "mechos.hal.sim.imu";

    @Activate
    public SimImu(SimImuConfig c, @Reference(name = "robot") SimRobot robot) {
        super(PID, c.mechos_device_id(), robot, sim -> new ImuModel(params(c), sim));
    }

    /** @throws IllegalArgumentException for values the model refuses (also the bundle's validator) */
    static ImuModel.Params params(SimImuConfig c) {
        return new ImuModel.Params(c.mechos_device_id(), c.frameId(), c.rateHz(), c.gyroBias(), c.gyroNoise(),
                c.accelNoise());
    }

    @Override
    @Deactivate
    void deactivate() {
        super.deactivate();
    }
}
