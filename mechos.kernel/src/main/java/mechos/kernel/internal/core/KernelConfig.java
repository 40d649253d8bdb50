package mechos.kernel.internal.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "MechOS kernel: gate, safety monitor and operator controls",
        description = "The deterministic safety kernel between the brain and the motors. Every value must lie inside"
                + " the safety envelope; a configuration outside it is refused as a whole and the last good one stays.")
public @interface KernelConfig {
    @AttributeDefinition(name = "Operator agents",
            description = "Agent ids that are people: they may act during a manual override.")
    String[] operator__agents() default { "operator" };

    @AttributeDefinition(name = "Required rules",
            description = "Ids of safety rules that must be active; while one is missing, every actuation is rejected.")
    String[] required__rules() default { "finite", "speed", "workspace", "clearance", "interlock", "battery" };

    @AttributeDefinition(name = "Drive base",
            description = "Device id of the drive base Drive intents go to. Empty: the only drive base registered.")
    String drive__device() default "";

    @AttributeDefinition(name = "Velocity lease (ms)",
            description = "A Drive command expires after this long unless renewed; expiry commands a stop.")
    long lease__ms() default 500;

    @AttributeDefinition(name = "Safety tick rate (Hz)", description = "Rate of the safety monitor's own thread.")
    double tick__hz() default 100;

    @AttributeDefinition(name = "Safety tick real-time priority",
            description = "SCHED_FIFO priority (1..99) for the safety tick thread on Linux, set through util-linux"
                    + " chrt when the process may (root or CAP_SYS_NICE); 0 keeps the normal policy. Applies when"
                    + " the kernel starts.")
    int tick__realtime__priority() default 20;

    @AttributeDefinition(name = "Override suspension (s)",
            description = "How long a manual override suspends AI intents.")
    double override__suspension() default 10;

    @AttributeDefinition(name = "Recovery from SAFE_STOP",
            description = "auto: resume after the cause has been clear for auto_resume_ms; operator: wait for a reset.",
            options = { @Option(label = "Automatic", value = "auto"), @Option(label = "Operator reset", value = "operator") })
    String recovery() default "auto";

    @AttributeDefinition(name = "Auto-resume delay (ms)", description = "How long the cause must be clear.")
    long auto__resume__ms() default 1000;

    @AttributeDefinition(name = "Stale sensor age (ms)",
            description = "While moving, a sample older than this from a watched sensor kind stops the robot.")
    long stale__sensor__ms() default 300;

    @AttributeDefinition(name = "Watched sensor kinds",
            description = "Device kind prefixes whose samples must stay fresh while moving (odometry, lidar, imu...).")
    String[] stale__sensor__kinds() default { "odometry", "lidar" };

    @AttributeDefinition(name = "Operator dead-man lease (ms)",
            description = "When above 0, motion stops unless an operator renews the dead-man lease this often.")
    long dead__man__ms() default 0;

    @AttributeDefinition(name = "Stop time-to-collision (s)",
            description = "While moving, a time to collision below this makes a controlled stop (SAFE_STOP).")
    double stop__ttc() default 0.5;

    @AttributeDefinition(name = "Slow time-to-collision (s)",
            description = "While moving, a time to collision below this slows the robot by slow_factor.")
    double slow__ttc() default 1.5;

    @AttributeDefinition(name = "Slow factor",
            description = "Speed multiplier in the slow zone (0..1): below slow_ttc, and in the raw-scan slow polygon"
                    + " (once per command).")
    double slow__factor() default 0.5;

    @AttributeDefinition(name = "Stop distance (m)",
            description = "While moving forward, an obstacle nearer than this to the footprint makes a controlled stop."
                    + " Also the raw-scan stop polygon's margin: min_points scan points within this of the footprint"
                    + " that any motion reaches stop it.")
    double stop__distance() default 0.05;

    @AttributeDefinition(name = "Minimum time to collision for a new command (s)",
            description = "The gate rejects a Drive whose time to collision is below this (at least stop_ttc)."
                    + " Replaces min_ttc of mechos.kernel.rule.clearance.")
    double min__ttc() default 1.0;

    @AttributeDefinition(name = "Clearance horizon (s)",
            description = "How far ahead the world model is asked, by the gate and the tick.")
    double clearance__horizon() default 3.0;

    @AttributeDefinition(name = "Clearance data max age (ms)",
            description = "World model answers older than this count as unknown (creep speed).")
    long clearance__max__age__ms() default 500;

    @AttributeDefinition(name = "Creep speed (m/s)",
            description = "Linear speed allowed without a valid world model answer (gate and tick).")
    double creep__linear() default 0.1;

    @AttributeDefinition(name = "Creep turn rate (rad/s)",
            description = "Angular speed allowed without a valid world model answer.")
    double creep__angular() default 0.5;

    @AttributeDefinition(name = "Deceleration (m/s²)", description = "Ramp of a controlled stop.")
    double deceleration() default 1.0;

    @AttributeDefinition(name = "Angular deceleration (rad/s²)", description = "Ramp of a controlled stop.")
    double angular__deceleration() default 3.0;

    @AttributeDefinition(name = "Default footprint radius (m)",
            description = "Used until the drive base reports its geometry.")
    double footprint__radius() default 0.25;

    @AttributeDefinition(name = "Footprint polygon (m)",
            description = "The robot's outline in base_link for the raw-scan stop zone: vertices 'x,y; x,y; x,y ...'"
                    + " in order (3..64, a simple polygon, each within the envelope's footprint_radius bound of"
                    + " base_link), e.g. '0.3,0.2; -0.3,0.2; -0.3,-0.2; 0.3,-0.2'. Empty: the footprint radius as a"
                    + " regular 16-gon that contains the circle. The world model is asked with the circle that"
                    + " contains the polygon.")
    String footprint() default "";

    @AttributeDefinition(name = "Slow zone margin (m)",
            description = "Raw-scan slow polygon: scan points the motion reaches within this distance of the footprint"
                    + " scale the speed by slow_factor (the stop polygon's margin is stop_distance; at least"
                    + " stop_distance).")
    double slow__margin() default 0.15;

    @AttributeDefinition(name = "Minimum points",
            description = "Raw-scan zone: points needed before the stop or slow polygon or the time to collision"
                    + " counts (1 = any single return; 2 ignores one stray return).")
    int min__points() default 2;

    @AttributeDefinition(name = "Resume autonomy on e-stop reset (simulation only)",
            description = "Off (default, as ISO 13850 / IEC 60204-1 ask): after an e-stop reset, agents that are not"
                    + " operators stay paused until an operator resumes (console Resume autonomy, mechos:resumeAutonomy). On: a reset"
                    + " also resumes autonomy. Use only in simulation.")
    boolean auto__resume__after__reset() default false;
}
