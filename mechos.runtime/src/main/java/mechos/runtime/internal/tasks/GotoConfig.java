package mechos.runtime.internal.tasks;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS fleet goto task executor", description = "Executes the fleet's goto tasks this robot wins (mechos.fleet's market; idle while the fleet is off) with the runtime's goto behaviour, every command through the kernel gate as the brain's agent.")
public @interface GotoConfig {
    @AttributeDefinition(name = "Agent id", description = "The agent the commands are submitted as; the kernel accepts only an agent the signed grants bind to mechos.runtime (by default brain).")
    String agent_id() default "brain";

    @AttributeDefinition(name = "Cruise speed (m/s)", description = "Top forward speed while executing a task (0.05..2.0); the bid's cost is straight-line distance / this speed, in seconds.", min = "0.05", max = "2.0")
    double cruise_speed() default 0.3;

    @AttributeDefinition(name = "Max angular speed (rad/s)", description = "Top turn rate while executing a task (0.1..3.0).", min = "0.1", max = "3.0")
    double max_angular() default 0.8;

    @AttributeDefinition(name = "Creep speed (m/s)", description = "Forward speed when the clearance is unknown (no perception), 0.01..cruise_speed.", min = "0.01", max = "2.0")
    double creep_linear() default 0.1;

    @AttributeDefinition(name = "Goal tolerance (m)", description = "The goal counts as reached within this distance (0.05..2.0).", min = "0.05", max = "2.0")
    double goal_tolerance() default 0.25;

    @AttributeDefinition(name = "Min time to collision (s)", description = "Candidate velocities closer to a collision than this are not used (0.2..10).", min = "0.2", max = "10.0")
    double min_time_to_collision() default 1.5;

    @AttributeDefinition(name = "Stuck timeout (ms)", description = "No 0.1 m of progress within this time: stop, wait 2 s and try again (1000..600000).", min = "1000", max = "600000")
    long stuck_timeout_ms() default 20000;

    @AttributeDefinition(name = "Footprint radius (m)", description = "The robot's radius for clearance queries (0.05..2.0).", min = "0.05", max = "2.0")
    double footprint_radius() default 0.2;

    @AttributeDefinition(name = "Minimum battery (0..1)", description = "Below this state of charge the robot refuses to bid (0 = never refuse).", min = "0.0", max = "1.0")
    double battery_min() default 0.2;

    @AttributeDefinition(name = "Require a battery reading", description = "Refuse to bid while no battery reports a state of charge.")
    boolean battery_required() default false;

    @AttributeDefinition(name = "Tick rate (Hz)", description = "How often the behaviour is stepped while a task executes (1..20).", min = "1", max = "20")
    double tick_hz() default 5.0;
}
