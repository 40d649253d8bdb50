package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.LaserScan;
import mechos.hal.api.Lidar;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.sim.internal.sensor.LidarModel;

/** A simulated LiDAR; scans are delivered on the simulation thread at the configured rate. */
@Component(immediate = true, service = Lidar.class,
        configurationPid = SimLidar.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Device.KIND + "=LIDAR")
@Designate(ocd = SimLidarConfig.class, factory = true)
public final class SimLidar implements Lidar {
    static final String PID = "mechos.hal.sim.lidar";

    private final DeviceHandle handle;
    private final LidarModel model;

    @Activate
    public SimLidar(SimLidarConfig c, @Reference(name = "robot") SimRobot robot) {
        this.handle = new DeviceHandle(PID, c.mechos_device_id(), robot);
        try {
            this.model = new LidarModel(new LidarModel.Params(c.mechos_device_id(), c.frameId(), c.beams(),
                    Math.toRadians(c.fovDegrees()), c.rangeMin(), c.rangeMax(), c.rateHz(), c.noiseStdDev(),
                    c.mountX(), c.mountY(), Math.toRadians(c.mountYawDegrees())), robot.simulation());
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
    public LaserScan latest() {
        return model.samples().latest();
    }

    @Override
    public Subscription subscribe(SensorListener<? super LaserScan> listener) {
        return model.samples().subscribe(listener);
    }

    @Deactivate
    void deactivate() {
        handle.close();
        model.samples().clear();
    }

    @Override
    public String toString() {
        return "SimLidar[" + id() + "]";
    }
}
