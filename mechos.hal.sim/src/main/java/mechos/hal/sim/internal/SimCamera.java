package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Camera;
import mechos.hal.api.CameraFrame;
import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.sim.internal.sensor.CameraModel;

/** A simulated top-down camera. */
@Component(immediate = true, service = Camera.class,
        configurationPid = SimCamera.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Device.KIND + "=CAMERA")
@Designate(ocd = SimCameraConfig.class, factory = true)
public final class SimCamera implements Camera {
    static final String PID = "mechos.hal.sim.camera";

    private final DeviceHandle handle;
    private final CameraModel model;

    @Activate
    public SimCamera(SimCameraConfig c, @Reference(name = "robot") SimRobot robot) {
        this.handle = new DeviceHandle(PID, c.mechos_device_id(), robot);
        try {
            this.model = new CameraModel(new CameraModel.Params(c.mechos_device_id(), c.frameId(), c.width(),
                    c.height(), c.metresPerPixel(), c.rateHz(), c.format()), robot.simulation());
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
    public CameraFrame latest() {
        return model.samples().latest();
    }

    @Override
    public Subscription subscribe(SensorListener<? super CameraFrame> listener) {
        return model.samples().subscribe(listener);
    }

    @Deactivate
    void deactivate() {
        handle.close();
        model.samples().clear();
    }

    @Override
    public String toString() {
        return "SimCamera[" + id() + "]";
    }
}
