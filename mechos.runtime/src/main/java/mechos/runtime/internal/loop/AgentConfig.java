package mechos.runtime.internal.loop;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS agent loop (brain)",
        description = "Observe, orient, decide with the LLM, gatekeep through the kernel, act; fallback behaviour trees when the LLM is late, absent, limited or looping.")
public @interface AgentConfig {
    @AttributeDefinition(name = "Agent id", description = "The id the loop submits intents with; the kernel's grants decide what it may do.")
    String agent_id() default "brain";

    @AttributeDefinition(name = "LLM provider filter", description = "Target filter selecting the LLM provider service, e.g. (mechos.llm.provider=ollama) or (mechos.llm.provider=openai).")
    String llm_target() default "(mechos.llm.provider=ollama)";

    @AttributeDefinition(name = "Mission", description = "The standing goal, given to the model in every prompt.")
    String mission() default "Patrol the room, keep clear of obstacles and people, and ask a human when unsure.";

    @AttributeDefinition(name = "Tick rate (Hz)", description = "How often the loop observes, checks deadlines, ticks the fallback tree and renews leases.")
    double tick_hz() default 5.0;

    @AttributeDefinition(name = "Decision interval (ms)", description = "Smallest gap between the end of one LLM decision and the start of the next (0..600000). With requests_per_minute > 0 keep 60000 / interval <= requests_per_minute, or the request limit forces fallback; keep it below drive_hold_ms, or the robot stops between decisions.", min = "0", max = "600000")
    long decision_interval_ms() default 2000;

    @AttributeDefinition(name = "Decision deadline (ms)", description = "Without a valid intent within this time the fallback tree takes over.")
    long decision_deadline_ms() default 8000;

    @AttributeDefinition(name = "LLM drive hold (ms)", description = "How long an approved LLM Drive is renewed (each renewal passes the gate again) while the next decision is pending; 0 = never.")
    long drive_hold_ms() default 3000;

    @AttributeDefinition(name = "Probe interval (ms)", description = "In fallback, how often the loop tries the LLM again.")
    long probe_interval_ms() default 5000;

    @AttributeDefinition(name = "Max reply tokens", description = "Upper bound on tokens the model may generate per decision.")
    int max_tokens() default 300;

    @AttributeDefinition(name = "Max reply characters", description = "Replies longer than this are rejected.")
    int max_reply_chars() default 16384;

    @AttributeDefinition(name = "Fleet messages in the prompt", description = "How many of the last inbound peer messages (topic fleet/messages) the prompt shows, newest first, quoted as untrusted data; 0 = none (0..20).", min = "0", max = "20")
    int fleet_messages() default 5;

    @AttributeDefinition(name = "Fleet message characters", description = "Each peer message is cut to this many characters in the prompt (20..1000).", min = "20", max = "1000")
    int fleet_message_chars() default 200;

    @AttributeDefinition(name = "Memory recall k", description = "How many similar past episodes go into the prompt.")
    int memory_top_k() default 3;

    @AttributeDefinition(name = "Requests per minute", description = "LLM request limit; 0 = none (0..10000).", min = "0", max = "10000")
    int requests_per_minute() default 30;

    @AttributeDefinition(name = "Invalid reply backoff (ms)", description = "After an invalid reply the loop waits this long before asking again, doubling with each invalid reply in a row up to 8 times this (1..60000).", min = "1", max = "60000")
    long invalid_reply_backoff_ms() default 1000;

    @AttributeDefinition(name = "Token budget", description = "Tokens allowed per window; 0 = none.")
    long token_budget() default 1000000;

    @AttributeDefinition(name = "Token window (s)", description = "Length of a token-budget window; the budget renews when it ends.")
    long token_window_s() default 3600;

    @AttributeDefinition(name = "Cost per million tokens", description = "Entries model=input:output (a model name prefix, or * for any), e.g. gpt-4o-mini=0.15:0.60.")
    String[] cost_per_million_tokens() default {"*=0:0"};

    @AttributeDefinition(name = "Loop guard: repeats", description = "This many identical intents in a row without progress trip the loop guard.")
    int loop_repeat_limit() default 6;

    @AttributeDefinition(name = "Loop guard: cycle repeats", description = "This many repetitions of a 2- or 3-step cycle (A-B-A-B) trip the loop guard.")
    int loop_cycle_repeats() default 3;

    @AttributeDefinition(name = "Loop guard cooldown (ms)", description = "After the loop guard trips, the fallback tree runs at least this long.")
    long loop_cooldown_ms() default 10000;

    @AttributeDefinition(name = "Human answer timeout (ms)", description = "After an approved AskHuman, fall back when no answer arrives within this time.")
    long human_timeout_ms() default 120000;

    @AttributeDefinition(name = "Fallback tree", description = "Name of the tree (from 'trees') the fallback runs.")
    String fallback_tree() default "patrol";

    @AttributeDefinition(name = "Trees", description = "Behaviour trees, each 'name = definition', e.g. patrol = fallback(sequence(has_pose, rate_limit(5, patrol)), hold).")
    String[] trees() default {
        "hold = hold",
        "patrol = fallback(sequence(has_pose, rate_limit(5, patrol)), hold)",
        "return_to_base = fallback(at_base, sequence(has_pose, rate_limit(5, return_to_base)), hold)",
        "cautious = fallback(sequence(has_pose, path_clear(seconds=2), rate_limit(5, patrol)), hold)"
    };

    @AttributeDefinition(name = "Patrol waypoints", description = "x,y pairs in the odom frame separated by ';' (the default loop fits the simulator's default room).")
    String waypoints() default "3.5,0.0; 3.5,-2.3; -1.5,-2.3; -1.5,0.5";

    @AttributeDefinition(name = "Base pose", description = "x,y,theta of the base for return_to_base.")
    String base_pose() default "0,0,0";

    @AttributeDefinition(name = "Max linear speed (m/s)", description = "Fallback behaviours drive at most this fast.")
    double max_linear() default 0.3;

    @AttributeDefinition(name = "Max angular speed (rad/s)", description = "Fallback behaviours turn at most this fast.")
    double max_angular() default 0.8;

    @AttributeDefinition(name = "Creep speed (m/s)", description = "Fallback speed when no world model answers clearance queries.")
    double creep_linear() default 0.1;

    @AttributeDefinition(name = "Footprint radius (m)", description = "Robot radius for clearance queries.")
    double footprint_radius() default 0.2;

    @AttributeDefinition(name = "Goal tolerance (m)", description = "A waypoint counts as reached within this distance.")
    double goal_tolerance() default 0.25;

    @AttributeDefinition(name = "Min time to collision (s)", description = "Fallback candidate velocities closer to a collision than this are not used.")
    double min_time_to_collision() default 1.5;

    @AttributeDefinition(name = "Stuck timeout (ms)", description = "A waypoint not approached for this long is skipped.")
    long stuck_timeout_ms() default 20000;

    @AttributeDefinition(name = "Heartbeat timeout (ms)", description = "The kernel watchdog stops the robot when the loop has not beaten for this long.")
    long heartbeat_timeout_ms() default 2000;
}
