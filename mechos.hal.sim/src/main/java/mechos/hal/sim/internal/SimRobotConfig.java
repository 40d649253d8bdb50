package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS simulated robot",
        description = "A differential-drive robot simulated in a world: physics, clock and wheel speed control. "
                + "Simulated devices attach to it by name.")
@interface SimRobotConfig {
    @AttributeDefinition(name = "Robot name", description = "Name devices use to select this robot (robot.target).")
    String mechos_sim_robot() default "robot";

    @AttributeDefinition(name = "World", description = "LDAP filter selecting the world by name.")
    String world_target() default "(mechos.sim.world=default)";

    @AttributeDefinition(name = "Start x", description = "Start position x in the world, m.")
    double startX() default 0.0;

    @AttributeDefinition(name = "Start y", description = "Start position y in the world, m.")
    double startY() default 0.0;

    @AttributeDefinition(name = "Start heading", description = "Start heading, rad counter-clockwise from +x.")
    double startTheta() default 0.0;

    @AttributeDefinition(name = "Wheel separation", description = "Distance between the wheels, m.")
    double wheelSeparation() default 0.3;

    @AttributeDefinition(name = "Wheel radius", description = "Wheel radius, m.")
    double wheelRadius() default 0.05;

    @AttributeDefinition(name = "Max linear speed", description = "Hardware linear speed limit, m/s.")
    double maxLinear() default 1.0;

    @AttributeDefinition(name = "Max angular speed", description = "Hardware angular speed limit, rad/s.")
    double maxAngular() default 2.0;

    @AttributeDefinition(name = "Footprint radius", description = "Radius of the circle enclosing the robot, m.")
    double footprintRadius() default 0.2;

    @AttributeDefinition(name = "Max wheel acceleration",
            description = "Acceleration limit of each wheel (slew limit of its speed set-point), m/s².")
    double maxWheelAccel() default 1.0;

    @AttributeDefinition(name = "Wheel friction", description = "Velocity-proportional wheel loss, 1/s.")
    double wheelFriction() default 0.5;

    @AttributeDefinition(name = "Wheel PID kp",
            description = "Proportional gain of the wheel speed PIDs. Applied live.")
    double pid_kp() default 20.0;

    @AttributeDefinition(name = "Wheel PID ki", description = "Integral gain of the wheel speed PIDs. Applied live.")
    double pid_ki() default 10.0;

    @AttributeDefinition(name = "Wheel PID kd", description = "Derivative gain of the wheel speed PIDs. Applied live.")
    double pid_kd() default 0.0;

    @AttributeDefinition(name = "Physics rate", description = "Physics steps per simulated second, Hz.")
    double physicsRate() default 100.0;

    @AttributeDefinition(name = "Real-time factor",
            description = "Simulated seconds per wall-clock second (1 = real time).")
    double realTimeFactor() default 1.0;

    @AttributeDefinition(name = "Seed", description = "Seed of all sensor noise: same seed and commands, same data.")
    long seed() default 0L;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated robot {mechos.sim.robot}";
}
