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
import mechos.hal.sim.internal.sensor.CameraModel;

/** A simulated top-down camera. The shared body is {@link SimSensor}'s. */
@Component(immediate = true, service = Camera.class, configurationPid = SimCamera.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=CAMERA")
@Designate(ocd = SimCameraConfig.class, factory = true)
public final class SimCamera extends SimSensor<CameraFrame, CameraModel> implements Camera {
    static final String PID = "mechos.hal.sim.camera";

    @Activate
    public SimCamera(SimCameraConfig c, @Reference(name = "robot") SimRobot robot) {
        super(PID, c.mechos_device_id(), robot, sim -> new CameraModel(params(c), sim));
    }

    /** @throws IllegalArgumentException for values the model refuses (also the bundle's validator) */
    static CameraModel.Params params(SimCameraConfig c) {
        return new CameraModel.Params(c.mechos_device_id(), c.frameId(), c.width(), c.height(), c.metresPerPixel(),
                c.rateHz(), c.format());
    }

    @Override
    @Deactivate
    void deactivate() {
        super.deactivate();
    }
}
