package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import mechos.hal.api.PixelFormat;

@ObjectClassDefinition(name = "MechOS simulated camera",
        description = "A small top-down view of the world around the simulated robot, heading up.")
@interface SimCameraConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'camera'.")
    String mechos_device_id() default "camera";

    @AttributeDefinition(name = "Robot", description = "LDAP filter selecting the simulated robot by name.")
    String robot_target() default "(mechos.sim.robot=robot)";

    @AttributeDefinition(name = "Frame id", description = "Frame of the images.")
    String frameId() default "camera";

    @AttributeDefinition(name = "Width", description = "Image width, pixels.", min = "1", max = "4096")
    int width() default 64;

    @AttributeDefinition(name = "Height", description = "Image height, pixels.", min = "1", max = "4096")
    int height() default 64;

    @AttributeDefinition(name = "Ground resolution", description = "Metres of floor per pixel.", min = "0.000001", max = "1000")
    double metresPerPixel() default 0.1;

    @AttributeDefinition(name = "Rate", description = "Frames per second, Hz.", min = "0.01", max = "1000")
    double rateHz() default 5.0;

    @AttributeDefinition(name = "Pixel format", description = "GRAY8 or RGB8.")
    PixelFormat format() default PixelFormat.GRAY8;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated camera {mechos.device.id}";
}
