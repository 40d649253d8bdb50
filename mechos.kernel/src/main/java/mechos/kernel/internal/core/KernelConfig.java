package mechos.kernel.internal.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "MechOS kernel: gate, safety monitor and operator controls",
        description = "The deterministic safety kernel between the brain and the motors.")
public @interface KernelConfig {
    @AttributeDefinition(name = "Operator agents",
            description = "Agent ids that are people: they may act during a manual override.")
    String[] operator_agents() default { "operator" };

    @AttributeDefinition(name = "Required rules",
            description = "Ids of safety rules that must be active; while one is missing, every actuation is rejected.")
    String[] required_rules() default { "finite", "speed", "workspace", "clearance", "interlock", "battery" };

    @AttributeDefinition(name = "Drive base",
            description = "Device id of the drive base Drive intents go to. Empty: the only drive base registered.")
    String drive_device() default "";

    @AttributeDefinition(name = "Velocity lease (ms)",
            description = "A Drive command expires after this long unless renewed; expiry commands a stop.")
    long lease_ms() default 500;

    @AttributeDefinition(name = "Safety tick rate (Hz)", description = "Rate of the safety monitor's own thread.")
    double tick_hz() default 100;

    @AttributeDefinition(name = "Override suspension (s)",
            description = "How long a manual override suspends AI intents.")
    double override_suspension() default 10;

    @AttributeDefinition(name = "Recovery from SAFE_STOP",
            description = "auto: resume after the cause has been clear for auto_resume_ms; operator: wait for a reset.",
            options = { @Option(label = "Automatic", value = "auto"), @Option(label = "Operator reset", value = "operator") })
    String recovery() default "auto";

    @AttributeDefinition(name = "Auto-resume delay (ms)", description = "How long the cause must be clear.")
    long auto_resume_ms() default 1000;

    @AttributeDefinition(name = "Stale sensor age (ms)",
            description = "While moving, a sample older than this from a watched sensor kind stops the robot.")
    long stale_sensor_ms() default 300;

    @AttributeDefinition(name = "Watched sensor kinds",
            description = "Device kind prefixes whose samples must stay fresh while moving (odometry, lidar, imu...).")
    String[] stale_sensor_kinds() default { "odometry", "lidar" };

    @AttributeDefinition(name = "Operator dead-man lease (ms)",
            description = "When above 0, motion stops unless an operator renews the dead-man lease this often.")
    long dead_man_ms() default 0;

    @AttributeDefinition(name = "Stop time-to-collision (s)",
            description = "While moving, a time to collision below this makes a controlled stop (SAFE_STOP).")
    double stop_ttc() default 0.5;

    @AttributeDefinition(name = "Slow time-to-collision (s)",
            description = "While moving, a time to collision below this slows the robot by slow_factor.")
    double slow_ttc() default 1.5;

    @AttributeDefinition(name = "Slow factor", description = "Speed multiplier in the slow zone (0..1).")
    double slow_factor() default 0.5;

    @AttributeDefinition(name = "Stop distance (m)",
            description = "While moving forward, an obstacle nearer than this to the footprint makes a controlled stop.")
    double stop_distance() default 0.05;

    @AttributeDefinition(name = "Clearance horizon (s)", description = "How far ahead the world model is asked.")
    double clearance_horizon() default 3.0;

    @AttributeDefinition(name = "Clearance data max age (ms)",
            description = "World model answers older than this count as unknown (creep speed).")
    long clearance_max_age_ms() default 500;

    @AttributeDefinition(name = "Creep speed (m/s)",
            description = "Linear speed allowed without a valid world model answer.")
    double creep_linear() default 0.1;

    @AttributeDefinition(name = "Creep turn rate (rad/s)",
            description = "Angular speed allowed without a valid world model answer.")
    double creep_angular() default 0.5;

    @AttributeDefinition(name = "Deceleration (m/s²)", description = "Ramp of a controlled stop.")
    double deceleration() default 1.0;

    @AttributeDefinition(name = "Angular deceleration (rad/s²)", description = "Ramp of a controlled stop.")
    double angular_deceleration() default 3.0;

    @AttributeDefinition(name = "Default footprint radius (m)",
            description = "Used until the drive base reports its geometry.")
    double footprint_radius() default 0.25;
}
