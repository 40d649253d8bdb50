package mechos.perception.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS perception: frames",
        description = "The transform tree: static transforms (sensor mounts) and the history kept for dynamic ones.")
public @interface FrameConfig {
    @AttributeDefinition(min = "0", max = "4096", name = "Static transforms",
            description = "'parent child x y z roll pitch yaw' (metres, radians; child is mounted on parent), one per entry or ';'-separated.")
    String[] static_transforms() default {"base_link laser 0 0 0.2 0 0 0", "base_link imu_link 0 0 0.1 0 0 0"};

    @AttributeDefinition(min = "0.1", max = "3600", name = "History (s)", description = "How long samples of dynamic transforms are kept.")
    double history_seconds() default 10.0;

    @AttributeDefinition(min = "2", max = "1000000", name = "History samples", description = "The most samples kept per dynamic transform.")
    int history_samples() default 2000;

    @AttributeDefinition(min = "0", max = "10000", name = "Tolerance (ms)",
            description = "A lookup up to this far outside a dynamic transform's history uses its nearest sample instead of failing.")
    double tolerance_ms() default 100.0;
}
