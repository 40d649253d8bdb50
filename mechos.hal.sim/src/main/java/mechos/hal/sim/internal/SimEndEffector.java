package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Box3;
import mechos.hal.api.Device;
import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.EndEffector;
import mechos.hal.api.Point3;
import mechos.hal.sim.internal.sensor.EffectorModel;

/** A simulated end effector; moves in simulation time, so it pauses when the simulation does. */
@Component(immediate = true, service = EndEffector.class, configurationPid = SimEndEffector.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=END_EFFECTOR")
@Designate(ocd = SimEndEffectorConfig.class, factory = true)
public final class SimEndEffector implements EndEffector {
    static final String PID = "mechos.hal.sim.effector";

    private final DeviceHandle handle;
    private final EffectorModel model;
    private final String frameId;

    @Activate
    public SimEndEffector(SimEndEffectorConfig c, @Reference(name = "robot") SimRobot robot) {
        this.handle = new DeviceHandle(PID, c.mechos_device_id(), robot);
        String prefix = PID + " '" + c.mechos_device_id() + "': ";
        Box3 workspace = workspace(prefix, c);
        Point3 home = point(prefix + "property home", c.home());
        try {
            this.model = new EffectorModel(workspace, c.maxSpeed(), home);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + e.getMessage(), e);
        }
        this.frameId = c.frameId();
        handle.attach(robot.simulation(), model);
    }

    /** @throws IllegalArgumentException if workspaceMin/workspaceMax are not points or not a box */
    static Box3 workspace(String prefix, SimEndEffectorConfig c) {
        Point3 min = point(prefix + "property workspaceMin", c.workspaceMin());
        Point3 max = point(prefix + "property workspaceMax", c.workspaceMax());
        try {
            return new Box3(min, max);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "properties workspaceMin/workspaceMax: " + e.getMessage(), e);
        }
    }

    static Point3 point(String what, String text) {
        String[] parts = text == null ? new String[0] : text.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException(what + " must be 'x,y,z', was '" + text + "'");
        }
        try {
            Point3 p = new Point3(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()),
                    Double.parseDouble(parts[2].trim()));
            if (!p.isFinite()) {
                throw new IllegalArgumentException(what + " must be finite, was '" + text + "'");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be 'x,y,z' numbers, was '" + text + "'", e);
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
    public String frameId() {
        return frameId;
    }

    @Override
    public Box3 workspace() {
        return model.workspace();
    }

    @Override
    public double maxSpeed() {
        return model.maxSpeed();
    }

    @Override
    public void moveTo(Point3 target) throws DeviceException {
        if (!handle.online()) {
            throw new DeviceException("simulated end effector '" + id() + "' is " + health());
        }
        if (!model.setTarget(target)) {
            throw new DeviceException("target " + target + " is outside the workspace " + model.workspace()
                    + " of end effector '" + id() + "'");
        }
    }

    @Override
    public Point3 position() {
        return model.position();
    }

    @Override
    public void toSafeState() {
        model.hold();
    }

    @Deactivate
    void deactivate() {
        model.hold();
        handle.close();
    }

    @Override
    public String toString() {
        return "SimEndEffector[" + id() + "]";
    }
}
