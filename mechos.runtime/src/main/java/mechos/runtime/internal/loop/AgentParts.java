package mechos.runtime.internal.loop;

import java.util.Map;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.kernel.api.IntentCodec;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.bus.EventBus;
import mechos.runtime.api.DecisionRecord;
import mechos.runtime.api.bt.Node;
import mechos.memory.api.DataTopics;
import mechos.runtime.internal.behaviours.BuiltinBehaviours;
import mechos.runtime.internal.behaviours.GoalPublisher;
import mechos.runtime.internal.behaviours.GoalSink;
import mechos.runtime.internal.behaviours.IntentSink;
import mechos.runtime.internal.bt.TreeParser;
import mechos.runtime.internal.limits.UsageGovernor;
import mechos.runtime.internal.schema.IntentSchema;
import mechos.runtime.internal.schema.ReplyValidator;

/**
 * Everything the agent loop works with, built once per configuration by {@link #build} (called by the DS
 * component {@link AgentLoop}) and handed to {@link AgentCore}, which constructs nothing itself.
 *
 * @param log          the act step: kernel gate, decision history, bus, memory episodes
 * @param observer     the observe step
 * @param prompts      the system prompt and the situation text
 * @param validator    reply text to a typed intent (the one JSON parse per reply; schemas compiled once)
 * @param replySchema  the strict reply schema sent to providers, printed once
 * @param governor     request, token and cost limits
 * @param guard        repetition and cycle detection
 * @param fallbackTree the configured fallback behaviour tree, parsed (every configured tree was checked)
 * @param fleet        inbound peer messages and presence for the prompt
 * @param world        the brain's view of perception and odometry
 */
record AgentParts(DecisionLog log, Observer observer, PromptBuilder prompts, ReplyValidator validator,
        String replySchema, UsageGovernor governor, LoopGuard guard, Node fallbackTree, FleetInbox fleet,
        WorldAdapter world) {

    /**
     * @param replyMapper the strict JSON reader for replies ({@link ReplyValidator#strictMapper()}; tests count
     *                    its parses)
     * @throws IllegalArgumentException naming the configured tree that does not parse
     */
    static AgentParts build(AgentOptions o, Kernel kernel, IntentCodec codec, EventBus bus, AgentServices services,
            WorldAdapter world, ObjectMapper replyMapper, LongSupplier clock) {
        DecisionLog log = new DecisionLog(o.agentId(), kernel, codec, bus, services.memory(), clock);
        FleetInbox fleet = new FleetInbox(o.fleetMessages(), o.fleetMessageChars(), services.fleet(), clock,
                System::currentTimeMillis);
        Observer observer = new Observer(kernel, world, services.devices(), services.tasks(),
                services.capabilities(), o.agentId(), o.motion().creepLinear(), o.motion().maxLinear(), fleet, clock);
        IntentSchema schema = new IntentSchema(new ObjectMapper());
        ReplyValidator validator = new ReplyValidator(schema, replyMapper, o.maxReplyChars());
        UsageGovernor governor = new UsageGovernor(o.requestsPerMinute(), o.tokenBudget(), o.tokenWindowNanos(),
                o.prices(), clock);
        LoopGuard guard = new LoopGuard(o.loopRepeatLimit(), o.loopCycleRepeats());
        Node fallbackTree = parseTrees(o, (intent, behaviour) -> log.submit(intent,
                "fallback " + o.fallbackTree() + "/" + behaviour, DecisionRecord.Source.FALLBACK), world,
                goals(bus, clock), clock);
        return new AgentParts(log, observer, new PromptBuilder(o.agentId(), o.mission()), validator,
                schema.strictReplySchema().toString(), governor, guard, fallbackTree, fleet, world);
    }

    /**
     * Parses every configured tree (not only the active one) with the built-in behaviours acting through
     * {@code sink}.
     *
     * @return the fallback tree
     * @throws IllegalArgumentException naming the configured tree that does not parse
     */
    static Node parseTrees(AgentOptions o, IntentSink sink, WorldAdapter world, GoalSink goals, LongSupplier clock) {
        TreeParser parser = new TreeParser(BuiltinBehaviours.leaves(sink, world, o.motion(), o.base(), o.waypoints(),
                clock, goals), clock);
        for (Map.Entry<String, String> t : o.trees().entrySet()) {
            try {
                parser.parse(t.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trees entry '" + t.getKey() + "': " + e.getMessage(), e);
            }
        }
        return parser.parse(o.trees().get(o.fallbackTree()));
    }

    /**
     * The tree check of {@link #build} without a kernel or bus (for the configuration validator): every configured
     * tree parses with the configured waypoints, base and motion limits. Builds nodes only; nothing runs.
     *
     * @throws IllegalArgumentException naming the configured tree that does not parse
     */
    static void checkTrees(AgentOptions o) {
        parseTrees(o, (intent, behaviour) -> {
            throw new IllegalStateException("a tree built to check the configuration never runs");
        }, new WorldAdapter(o.footprintRadius(), () -> Long.MAX_VALUE), GoalSink.NONE,
                System::nanoTime);
    }

    /** The fallback behaviours' goal on {@code plan/goal}; nowhere without a bus (tests). */
    private static GoalSink goals(EventBus bus, LongSupplier clock) {
        return bus == null ? GoalSink.NONE
                : new GoalPublisher(l -> bus.publish(DataTopics.GOAL, l), AgentLoop.PID, clock,
                        GoalPublisher::wallNanos);
    }
}
