package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DriveBase;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.WheelSpeeds;
import mechos.hal.sim.internal.engine.RobotState;
import mechos.hal.sim.internal.engine.Simulation;

/** The simulated robot's drive base. Velocities beyond the geometry's limits are clamped, as a motor driver would. */
@Component(immediate = true, service = DriveBase.class, configurationPid = SimDriveBase.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=DRIVE_BASE")
@Designate(ocd = SimDriveBaseConfig.class, factory = true)
public final class SimDriveBase implements DriveBase {
    static final String PID = "mechos.hal.sim.drive";

    private final DeviceHandle handle;
    private final Simulation simulation;

    @Activate
    public SimDriveBase(SimDriveBaseConfig config, @Reference(name = "robot") SimRobot robot) {
        this.handle = new DeviceHandle(PID, config.mechos_device_id(), robot);
        this.simulation = robot.simulation();
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
    public void setVelocity(double linear, double angular) throws DeviceException {
        if (!Double.isFinite(linear) || !Double.isFinite(angular)) {
            throw new IllegalArgumentException("velocity must be finite: linear=" + linear + " angular=" + angular);
        }
        if (!handle.online()) {
            throw new DeviceException("simulated drive base '" + id() + "' is " + health());
        }
        simulation.command(linear, angular);
    }

    @Override
    public void stop() throws DeviceException {
        simulation.command(0, 0);
        if (!handle.online()) {
            throw new DeviceException("simulated drive base '" + id() + "' is " + health());
        }
    }

    @Override
    public WheelSpeeds measuredWheelSpeeds() {
        RobotState s = simulation.state();
        return new WheelSpeeds(s.leftSpeed(), s.rightSpeed(), s.timestampNanos());
    }

    @Override
    public DriveGeometry geometry() {
        return simulation.geometry();
    }

    @Deactivate
    void deactivate() {
        simulation.command(0, 0);
        handle.close();
    }

    @Override
    public String toString() {
        return "SimDriveBase[" + id() + "]";
    }
}
