package mechos.runtime.internal.tasks;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskExecutor;
import mechos.fleet.api.TaskMarket;
import mechos.hal.api.Battery;
import mechos.hal.api.BatteryReading;
import mechos.hal.api.Odometry;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.bus.EventBus;
import mechos.memory.api.DataTopics;
import mechos.memory.api.TaskBoard;
import mechos.perception.api.WorldModel;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;
import mechos.runtime.internal.ConfigCheck;
import mechos.runtime.internal.behaviours.GoalPublisher;
import mechos.runtime.internal.loop.WorldAdapter;

/**
 * The built-in executor of the fleet's {@code goto} tasks ({@value TaskExecutor#KIND}{@code =goto}): bids from the
 * fused pose and runs the runtime's goto behaviour on its own scheduled thread ({@code mechos-fleet-goto}), every
 * command through the kernel gate as the agent {@code agent.id} (the brain's, bound to this bundle by the grants).
 * Idle while the fleet is off (nothing calls it); the market and the task board are optional and dynamic. The goal
 * being driven to is published on {@code plan/goal}.
 */
@Component(service = { TaskExecutor.class, TaskMotion.class }, immediate = true,
        property = TaskExecutor.KIND + "=goto", configurationPid = GotoTaskExecutor.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GotoConfig.class)
public final class GotoTaskExecutor implements TaskExecutor, TaskMotion {
    public static final String PID = "mechos.runtime.fleet.goto";
    private static final Logger LOG = LoggerFactory.getLogger(GotoTaskExecutor.class);

    private final AtomicReference<TaskMarket> market = new AtomicReference<>();
    private final AtomicReference<TaskBoard> board = new AtomicReference<>();
    private final AtomicReference<Battery> battery = new AtomicReference<>();
    private final WorldAdapter world;
    private final GotoTasks tasks;
    private final ScheduledThreadPoolExecutor exec;

    /** @return what {@link GotoOptions#CHECKS} refuse in these proposed values of {@link #PID}, each naming its keys */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        return ConfigCheck.problems(GotoOptions.CHECKS, ComponentProperties.as(GotoConfig.class, values));
    }

    @Activate
    public GotoTaskExecutor(GotoConfig config, @Reference Kernel kernel, @Reference EventBus bus) {
        GotoOptions o = GotoOptions.from(config);
        this.world = new WorldAdapter(o.footprintRadius(), kernel::clearanceMaxAgeNanos);
        this.tasks = new GotoTasks(o, (intent, why) -> kernel.submit(o.agentId(), intent), world, kernel::status,
                this::stateOfCharge, market::get, board::get, System::nanoTime,
                new GoalPublisher(l -> bus.publish(DataTopics.GOAL, l), PID, System::nanoTime,
                        GoalPublisher::wallNanos));
        this.exec = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mechos-fleet-goto");
            t.setDaemon(true);
            return t;
        });
        exec.setRemoveOnCancelPolicy(true);
        exec.scheduleAtFixedRate(this::safeTick, o.tickNanos(), o.tickNanos(), TimeUnit.NANOSECONDS);
        LOG.info("fleet goto executor ready: cruise {} m/s, goal tolerance {} m, minimum battery {}, as agent '{}'",
                o.cruiseSpeed(), o.motion().goalTolerance(), o.batteryMin(), o.agentId());
    }

    private void safeTick() {
        try {
            tasks.tick();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("fleet goto step failed; continuing", e); // never let the scheduled tick die
        }
    }

    private double stateOfCharge() {
        Battery b = battery.get();
        if (b == null) {
            return Double.NaN;
        }
        BatteryReading r = b.latest();
        return r == null || !Double.isFinite(r.stateOfCharge()) ? Double.NaN : r.stateOfCharge();
    }

    @Deactivate
    void deactivate() {
        exec.shutdownNow();
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tasks.close();
    }

    @Override
    public OptionalDouble estimate(MarketTask task) {
        return tasks.estimate(task);
    }

    @Override
    public void start(MarketTask task, int epoch) {
        tasks.start(task, epoch);
    }

    @Override
    public void stop(MarketTask task, int epoch) {
        tasks.stop(task, epoch);
    }

    @Override
    public boolean active() {
        return tasks.active();
    }

    // ---- dynamic references --------------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMarket(TaskMarket m) {
        market.set(m);
    }

    void unbindMarket(TaskMarket m) {
        market.compareAndSet(m, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBoard(TaskBoard b) {
        board.set(b);
    }

    void unbindBoard(TaskBoard b) {
        board.compareAndSet(b, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBattery(Battery b) {
        battery.set(b);
    }

    void unbindBattery(Battery b) {
        battery.compareAndSet(b, null);
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
}
