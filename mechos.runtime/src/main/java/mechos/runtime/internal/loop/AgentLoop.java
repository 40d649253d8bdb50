package mechos.runtime.internal.loop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.fleet.api.FleetView;
import mechos.hal.api.Odometry;
import mechos.kernel.api.Capabilities;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.IntentCodec;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.Watchdog;
import mechos.kernel.api.bus.EventBus;
import mechos.memory.api.EpisodicMemory;
import mechos.memory.api.TaskBoard;
import mechos.perception.api.WorldModel;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;
import mechos.runtime.api.Agent;
import mechos.runtime.api.AgentStatus;
import mechos.runtime.api.DecisionRecord;
import mechos.runtime.api.llm.LlmProvider;
import mechos.runtime.internal.ConfigCheck;
import mechos.runtime.internal.schema.ReplyValidator;
import mechos.runtime.internal.tasks.TaskMotion;

/**
 * The brain as a DS component: builds the loop's collaborators once per configuration ({@link AgentParts}) and
 * wires the kernel, the selected LLM provider, memory, perception, the fleet and the watchdog into an
 * {@link AgentCore} running on its own thread. The provider is chosen by the {@code llm.target}
 * filter of the configuration; everything but the kernel is optional and dynamic.
 */
@Component(service = Agent.class, configurationPid = AgentLoop.PID, immediate = true)
@Designate(ocd = AgentConfig.class)
public final class AgentLoop implements Agent {
    public static final String PID = "mechos.runtime.agent";
    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

    private final AtomicReference<LlmProvider> llm = new AtomicReference<>();
    private final AtomicReference<EpisodicMemory> memory = new AtomicReference<>();
    private final AtomicReference<Watchdog> watchdog = new AtomicReference<>();
    private final AtomicReference<DeviceRegistry> devices = new AtomicReference<>();
    private final AtomicReference<TaskBoard> tasks = new AtomicReference<>();
    private final AtomicReference<Capabilities> capabilities = new AtomicReference<>();
    private final AtomicReference<FleetView> fleet = new AtomicReference<>();
    private final AtomicReference<TaskMotion> taskMotion = new AtomicReference<>();
    private final WorldAdapter world;
    private final FleetInbox fleetInbox;
    private final ScheduledExecutorService exec;
    private final AgentCore core;

    /**
     * @return what the loop's activation would refuse in these proposed values of {@link #PID}, each problem
     *         naming its keys: the option checks ({@link AgentOptions#CHECKS}), then, if they pass, the parse of
     *         every configured tree with the configured waypoints and base
     */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        AgentConfig c = ComponentProperties.as(AgentConfig.class, values);
        List<ConfigurationProblem> found = ConfigCheck.problems(AgentOptions.CHECKS, c);
        if (!found.isEmpty()) {
            return found;
        }
        return ConfigurationProblem.ifRefused(() -> AgentParts.checkTrees(AgentOptions.from(c)), "trees",
                "fallback.tree", "waypoints", "base.pose").stream().toList();
    }

    @Activate
    public AgentLoop(AgentConfig config, @Reference Kernel kernel, @Reference IntentCodec codec,
            @Reference EventBus bus) {
        this(AgentOptions.from(config), kernel, codec, bus, System::nanoTime);
        for (String conflict : AgentOptions.from(config).conflicts()) {
            LOG.warn("{} configuration: {}", PID, conflict);
        }
        core.start();
        LOG.info("agent '{}' started: {} Hz, decision deadline {} ms, fallback tree '{}'", config.agent_id(),
                config.tick_hz(), config.decision_deadline_ms(), config.fallback_tree());
    }

    /** For tests: nothing is scheduled until {@link #start()}. */
    AgentLoop(AgentOptions options, Kernel kernel, IntentCodec codec, EventBus bus, LongSupplier clock) {
        this(options, kernel, codec, bus, clock, ReplyValidator.strictMapper());
    }

    /**
     * Builds the collaborators once for this configuration ({@link AgentParts#build}) and the core that uses them.
     * For tests: nothing is scheduled until {@link #start()}.
     *
     * @param replyMapper the strict reader every model reply is parsed with (once)
     */
    AgentLoop(AgentOptions options, Kernel kernel, IntentCodec codec, EventBus bus, LongSupplier clock,
            ObjectMapper replyMapper) {
        this.world = new WorldAdapter(options.footprintRadius(), kernel::clearanceMaxAgeNanos);
        AgentServices services = new AgentServices(llm::get, memory::get, watchdog::get, devices::get, tasks::get,
                capabilities::get, fleet::get, taskMotion::get);
        AgentParts parts = AgentParts.build(options, kernel, codec, bus, services, world, replyMapper, clock);
        this.fleetInbox = parts.fleet();
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mechos-brain-" + options.agentId());
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        this.exec = e;
        this.core = new AgentCore(options, parts, services, exec, clock);
        fleetInbox.subscribe(bus, "runtime.agent.fleet-messages");
    }

    void start() {
        core.start();
    }

    @Deactivate
    void deactivate() {
        fleetInbox.close();
        core.stop();
        exec.shutdownNow();
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("agent stopped");
    }

    // ---- dynamic references --------------------------------------------------------------------------------

    @Reference(name = "llm", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLlm(LlmProvider p) {
        llm.set(p);
        LOG.info("LLM provider bound: {} {}", p.info().kind(), p.info().model());
    }

    void unbindLlm(LlmProvider p) {
        llm.compareAndSet(p, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMemory(EpisodicMemory m) {
        memory.set(m);
    }

    void unbindMemory(EpisodicMemory m) {
        memory.compareAndSet(m, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindWatchdog(Watchdog w) {
        watchdog.set(w);
    }

    void unbindWatchdog(Watchdog w) {
        watchdog.compareAndSet(w, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDevices(DeviceRegistry r) {
        devices.set(r);
    }

    void unbindDevices(DeviceRegistry r) {
        devices.compareAndSet(r, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTasks(TaskBoard t) {
        tasks.set(t);
    }

    void unbindTasks(TaskBoard t) {
        tasks.compareAndSet(t, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCapabilities(Capabilities c) {
        capabilities.set(c);
    }

    void unbindCapabilities(Capabilities c) {
        capabilities.compareAndSet(c, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindWorldModel(WorldModel w) {
        world.worldModel.set(w);
    }

    void unbindWorldModel(WorldModel w) {
        world.worldModel.compareAndSet(w, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindClearance(ClearanceQuery q) {
        world.clearance.set(q);
    }

    void unbindClearance(ClearanceQuery q) {
        world.clearance.compareAndSet(q, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOdometry(Odometry odo) {
        world.odometry.set(odo);
    }

    void unbindOdometry(Odometry odo) {
        world.odometry.compareAndSet(odo, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFleet(FleetView f) {
        fleet.set(f);
    }

    void unbindFleet(FleetView f) {
        fleet.compareAndSet(f, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTaskMotion(TaskMotion m) {
        taskMotion.set(m);
    }

    void unbindTaskMotion(TaskMotion m) {
        taskMotion.compareAndSet(m, null);
    }

    // ---- Agent ---------------------------------------------------------------------------------------------

    @Override
    public AgentStatus status() {
        return core.status();
    }

    @Override
    public List<DecisionRecord> lastDecisions() {
        return core.lastDecisions();
    }

    @Override
    public boolean answer(String answer) {
        return core.answer(answer);
    }

    @Override
    public void pause() {
        core.pause();
    }

    @Override
    public void resume() {
        core.resume();
    }
}
