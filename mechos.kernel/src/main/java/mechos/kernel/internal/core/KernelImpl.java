package mechos.kernel.internal.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.DeviceKind;
import mechos.kernel.api.Capabilities;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Intent;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.SafetyRule;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.TickStats;
import mechos.kernel.api.Watchdog;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.internal.hw.DeviceEntry;
import mechos.kernel.internal.hw.HardwareRegistry;
import mechos.kernel.internal.hw.RegistryListener;
import mechos.kernel.internal.policy.ConfigAudit;
import mechos.kernel.internal.policy.ConfigGuard;
import mechos.kernel.internal.policy.SafetyEnvelope;

/**
 * The kernel component: wires the gate, the safety state, the safety monitor thread, the watchdog and the
 * operator controls. Safety rules arrive as whiteboard services; the world model's {@link ClearanceQuery}
 * is optional.
 */
@Component(service = { Kernel.class, OperatorControl.class, Watchdog.class }, configurationPid = KernelImpl.PID,
        immediate = true)
@Designate(ocd = KernelConfig.class)
public final class KernelImpl implements Kernel, OperatorControl, Watchdog, RegistryListener {
    public static final String PID = "mechos.kernel";
    /** Name of the latched-e-stop file in the kernel bundle's data area. */
    static final String LATCH_FILE = "estop-latched";
    private static final Logger LOG = LoggerFactory.getLogger(KernelImpl.class);

    private final AtomicReference<KernelOptions> options;
    private final SafetyEnvelope envelope = SafetyEnvelope.builtIn();
    private final ConfigAudit audit = ConfigAudit.shared();
    private final ConfigGuard guard;
    private final AutoCloseable auditSink;
    private final List<Gate.BoundRule> rules = new CopyOnWriteArrayList<>();
    private final AtomicReference<ClearanceQuery> clearance = new AtomicReference<>();
    private final HardwareRegistry registry;
    private final SafetyStateMachine state;
    private final Motion motion = new Motion();
    private final WatchdogSupervisor watchdogs = new WatchdogSupervisor();
    private final DriveCommander commander;
    private final TickRecorder recorder;
    private final SafetyMonitor monitor;
    private final Gate gate;
    private final EStopLatchFile latch;
    private final BusSubscription latchSubscription;
    private final BusSubscription worldSubscription;

    @Activate
    public KernelImpl(KernelConfig config, @Reference EventBus bus, @Reference HardwareRegistry registry,
            @Reference Capabilities capabilities, BundleContext context, Map<String, Object> properties) {
        this(config, properties, bus, registry, capabilities, dataFile(context, LATCH_FILE));
    }

    /** @return a file in the bundle's data area, or null where the framework has no file system support */
    private static Path dataFile(BundleContext context, String name) {
        java.io.File f = context.getDataFile(name);
        return f == null ? null : f.toPath();
    }

    /**
     * Outside OSGi (tests, benchmarks).
     *
     * @param latchFile where a latched e-stop is kept across restarts (the bundle's data area), or null to keep
     *                  it in memory only
     */
    public KernelImpl(KernelConfig config, EventBus bus, HardwareRegistry registry, Capabilities capabilities,
            Path latchFile) {
        this(config, null, bus, registry, capabilities, latchFile);
    }

    /**
     * @param properties the raw component properties (for the configuration's source and unknown keys), null
     *                   outside Config Admin
     */
    KernelImpl(KernelConfig config, Map<String, Object> properties, EventBus bus, HardwareRegistry registry,
            Capabilities capabilities, Path latchFile) {
        this.auditSink = audit.addSink(c -> bus.publish(KernelTopics.CONFIG, c));
        this.guard = new ConfigGuard(PID, KernelConfig.class, envelope, audit, Map.of(),
                v -> KernelOptions.consistency(v, envelope));
        this.options = new AtomicReference<>(KernelOptions.of(guard.apply(config, properties), envelope));
        this.registry = registry;
        this.state = new SafetyStateMachine(t -> bus.publish(KernelTopics.SAFETY, t));
        this.commander = new DriveCommander(registry, motion);
        this.recorder = new TickRecorder(options.get().periodNanos());
        this.monitor = new SafetyMonitor(options, registry, state, motion, watchdogs, clearance::get, commander,
                recorder, options.get().realtimePriority());
        this.gate = new Gate(options, bus, registry, capabilities, state, motion, commander, clearance::get,
                () -> rules);
        this.latch = new EStopLatchFile(latchFile);
        String latchedBefore = latch.read();
        if (latchedBefore != null) {
            state.latchEstop(EStopLatchFile.RESTORED + latchedBefore);
        }
        this.latchSubscription = bus.subscribe(KernelTopics.SAFETY, "kernel e-stop latch", 64,
                e -> latch.onTransition(e.payload()));
        registry.addListener(this);
        monitor.start();
        this.worldSubscription = bus.subscribe(KernelTopics.WORLD_CHANGED, "kernel pushed stop", 1,
                e -> monitor.wake());
        LOG.info("kernel active: safety tick {} Hz, lease {} ms", 1e9 / options.get().periodNanos(),
                options.get().leaseNanos() / 1_000_000);
    }

    @Modified
    void modified(KernelConfig config, Map<String, Object> properties) {
        options.set(KernelOptions.of(guard.apply(config, properties), envelope));
        LOG.info("kernel configuration in force: safety tick {} Hz, lease {} ms", 1e9 / options.get().periodNanos(),
                options.get().leaseNanos() / 1_000_000);
    }

    /** Stops the tick and commands every actuator to its safe state before returning. */
    @Deactivate
    public void deactivate() {
        monitor.stop();
        closeQuietly(latchSubscription);
        closeQuietly(worldSubscription);
        try {
            auditSink.close();
        } catch (Exception e) {
            LOG.warn("removing the configuration-change publisher failed", e);
        }
        if (state.state() == SafetyState.ESTOP_LATCHED) {
            latch.write(state.status().reason()); // the subscriber may not have written the newest latch yet
        }
        registry.removeListener(this);
        motion.idle();
        registry.safeStateAll("kernel deactivated");
        LOG.info("kernel deactivated; actuators commanded to their safe state");
    }

    private static void closeQuietly(BusSubscription sub) {
        try {
            sub.close();
        } catch (RuntimeException e) {
            LOG.warn("closing a bus subscription failed", e);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindRule(SafetyRule rule) {
        String id;
        try {
            id = rule.id();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("safety rule {} threw from id(); ignored", rule.getClass().getName(), e);
            return;
        }
        rules.add(new Gate.BoundRule(rule, id));
        LOG.info("safety rule '{}' active", id);
    }

    public void unbindRule(SafetyRule rule) {
        rules.removeIf(r -> {
            if (r.rule() == rule) {
                LOG.info("safety rule '{}' removed", r.id());
                return true;
            }
            return false;
        });
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindClearance(ClearanceQuery q) {
        clearance.set(q);
        LOG.info("world model available: clearance checks on");
    }

    public void unbindClearance(ClearanceQuery q) {
        if (clearance.compareAndSet(q, null)) {
            LOG.info("world model gone: creep speed only");
        }
    }

    // --- Kernel ---------------------------------------------------------------------------------------

    @Override
    public Decision submit(String agentId, Intent intent) {
        return gate.submit(agentId, intent);
    }

    @Override
    public SafetyStatus status() {
        return state.status();
    }

    @Override
    public List<String> configurationRefusals() {
        return audit.current();
    }

    @Override
    public TickStats tickStats() {
        return recorder.snapshot();
    }

    @Override
    public void resetTickStats() {
        recorder.reset();
    }

    // --- OperatorControl ------------------------------------------------------------------------------

    @Override
    public void engageOverride(String operator) {
        state.engageOverride(operator, options.get().overrideNanos());
        commander.stopAll("manual override engaged by " + operator, null);
    }

    @Override
    public void releaseOverride(String operator) {
        state.releaseOverride("override released by " + operator);
    }

    @Override
    public void emergencyStop(String reason) {
        state.latchEstop("e-stop: " + reason);
        commander.stopAll("e-stop", null);
    }

    @Override
    public boolean reset(String operator) {
        String cause = monitor.estopCause();
        if (cause != null && state.state() == SafetyState.ESTOP_LATCHED) {
            LOG.warn("reset by {} refused: {}", operator, cause);
            return false;
        }
        registry.clearFaults();
        return state.reset(operator);
    }

    @Override
    public void deadManRenew() {
        monitor.deadManRenew();
    }

    // --- Watchdog -------------------------------------------------------------------------------------

    @Override
    public Heartbeat register(String component, long timeoutMillis) {
        return watchdogs.register(component, timeoutMillis);
    }

    // --- RegistryListener: react at once instead of at the next tick -----------------------------------

    @Override
    public void deviceChanged(DeviceEntry entry, String reason) {
        if (entry.kind() == DeviceKind.ESTOP && entry.failed()) {
            state.latchEstop("e-stop input '" + entry.id() + "' " + entry.health() + " (fail safe)");
            commander.stopAll("e-stop input failed", null);
        } else if (entry.kind() == DeviceKind.DRIVE_BASE && entry.failed()) {
            Motion.Command c = motion.current();
            if (c.moving() && entry.id().equals(c.driveId())) {
                state.safeStop("drive '" + entry.id() + "' " + entry.health());
                commander.stopAll("drive failed", c.intentId());
            }
        }
    }

    @Override
    public void estopPressed(String deviceId) {
        state.latchEstop("e-stop input '" + deviceId + "' pressed");
        commander.stopAll("e-stop pressed", null);
    }

    /** For tests: the bound rules. */
    List<Gate.BoundRule> rules() {
        return List.copyOf(rules);
    }

    /** For tests: the options in force. */
    KernelOptions options() {
        return options.get();
    }

    /** For tests: one safety tick now. */
    void tickNow() {
        monitor.tick(System.nanoTime());
    }
}
