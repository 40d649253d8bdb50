package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Device;
import mechos.hal.api.LaserScan;
import mechos.hal.api.Lidar;
import mechos.hal.sim.internal.sensor.LidarModel;

/** A simulated LiDAR; scans are delivered on the simulation thread at the configured rate. The shared body is {@link SimSensor}'s. */
@Component(immediate = true, service = Lidar.class, configurationPid = SimLidar.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=LIDAR")
@Designate(ocd = SimLidarConfig.class, factory = true)
public final class SimLidar extends SimSensor<LaserScan, LidarModel> implements Lidar {
    static final String PID = "mechos.hal.sim.lidar";

    @Activate
    public SimLidar(SimLidarConfig c, @Reference(name = "robot") SimRobot robot) {
        super(PID, c.mechos_device_id(), robot, sim -> new LidarModel(params(c), sim));
    }

    /** @throws IllegalArgumentException for values the model refuses (also the bundle's validator) */
    static LidarModel.Params params(SimLidarConfig c) {
        return new LidarModel.Params(c.mechos_device_id(), c.frameId(), c.beams(), Math.toRadians(c.fovDegrees()),
                c.rangeMin(), c.rangeMax(), c.rateHz(), c.noiseStdDev(), c.mountX(), c.mountY(),
                Math.toRadians(c.mountYawDegrees()));
    }

    @Override
    @Deactivate
    void deactivate() {
        super.deactivate();
    }
}
