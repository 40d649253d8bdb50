package mechos.perception.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS perception: camera frames on the bus",
        description = "Publishes every camera's frames on sensors/camera (latest value), rate-limited per camera.")
public @interface CameraConfig {
    @AttributeDefinition(name = "Max rate (frames/s per camera)", min = "0.1", max = "60",
            description = "At most this many frames per second and camera reach the bus (by the frames' own "
                    + "timestamps); the others are skipped, so recording and live viewers cost a bounded share.")
    double max_rate_hz() default 5.0;
}
