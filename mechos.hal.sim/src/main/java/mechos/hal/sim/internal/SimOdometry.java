package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Device;
import mechos.hal.api.Odometry;
import mechos.hal.api.OdometryReading;
import mechos.hal.sim.internal.sensor.OdometryModel;

/** Simulated wheel odometry. The shared body is {@link SimSensor}'s. */
@Component(immediate = true, service = Odometry.class, configurationPid = SimOdometry.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=ODOMETRY")
@Designate(ocd = SimOdometryConfig.class, factory = true)
public final class SimOdometry extends SimSensor<OdometryReading, OdometryModel> implements Odometry {
    static final String PID = "mechos.hal.sim.odometry";

    @Activate
    public SimOdometry(SimOdometryConfig c, @Reference(name = "robot") SimRobot robot) {
        super(PID, c.mechos_device_id(), robot, sim -> new OdometryModel(params(c), sim));
    }

    /** @throws IllegalArgumentException for values the model refuses (also the bundle's validator) */
    static OdometryModel.Params params(SimOdometryConfig c) {
        return new OdometryModel.Params(c.mechos_device_id(), c.rateHz(), c.leftScaleError(), c.rightScaleError(),
                c.noiseStdDev());
    }

    @Override
    @Deactivate
    void deactivate() {
        super.deactivate();
    }
}
