package mechos.kernel.internal.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import mechos.kernel.api.PoseTrust;
import mechos.kernel.api.Decision;
import mechos.kernel.api.EmergencyStopResult;
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
import mechos.kernel.internal.hw.EStopInputs;
import mechos.kernel.internal.hw.HardwareRegistry;
import mechos.kernel.internal.hw.RegistryListener;
import mechos.platform.api.RunDirectory;
import mechos.kernel.internal.policy.ConfigAudit;
import mechos.kernel.internal.policy.ConfigGuard;
import mechos.kernel.internal.policy.EnvelopeService;
import mechos.kernel.internal.policy.SafetyEnvelope;

/**
 * The kernel component: wires the gate, the safety state, the safety monitor thread, the watchdog and the
 * operator controls. Safety rules arrive as whiteboard services; the world model's {@link ClearanceQuery}
 * is optional.
 */
// The Kernel service other bundles use is BundleBoundKernel (one per calling bundle, identity checked); this
// component is registered under its own, non-exported class for it.
@Component(service = { KernelImpl.class, Watchdog.class }, configurationPid = KernelImpl.PID,
        immediate = true)
@Designate(ocd = KernelConfig.class)
public final class KernelImpl implements Kernel, OperatorControl, Watchdog, RegistryListener {
    public static final String PID = "mechos.kernel";
    /** Name of the latched-e-stop file in the kernel bundle's data area before it moved to the run directory. */
    static final String LEGACY_LATCH_FILE = "estop-latched";
    /** How long an operator e-stop waits for the latch to be durable before it answers "not durable". */
    static final long LATCH_DURABLE_TIMEOUT_MS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(KernelImpl.class);

    private final AtomicReference<KernelOptions> options;
    private final SafetyEnvelope envelope;
    private final ConfigAudit audit;
    private final ConfigGuard guard;
    private final AutoCloseable auditSink;
    private final List<Gate.BoundRule> rules = new CopyOnWriteArrayList<>();
    private final AtomicReference<ClearanceQuery> clearance = new AtomicReference<>();
    private final AtomicReference<PoseTrust> poseTrust = new AtomicReference<>();
    /** The world model, counted as unknown while localisation has lost the pose ({@link PoseTrustGuard}). */
    private final PoseTrustGuard worldModel = new PoseTrustGuard(clearance::get, poseTrust::get);
    /** The raw-scan stop zone (independent of the map and of localisation); fed by {@link KernelTopics#ROBOT_SCAN}. */
    private final ScanZone zone = new ScanZone(System::nanoTime, this::zoneOptions);
    /** The zone's stop and slow polygons (nothing before the first scan). */
    private final ZoneHits zoneHits = (linear, angular, footprint, horizon) -> zone.active()
            ? zone.assess(linear, angular, footprint, horizon).hit()
            : mechos.kernel.internal.policy.SafetyPolicy.ZoneHit.NONE;
    /** The (pose-trust guarded) world model and the stop zone, the more severe answer of the two. */
    private final ClearanceQuery zoned = (linear, angular, footprint, horizon) -> {
        ClearanceQuery map = worldModel.current();
        return ScanZone.combine(map == null ? null : map.clearance(linear, angular, footprint, horizon),
                zone.clearance(linear, angular, footprint, horizon));
    };
    private final HardwareRegistry registry;
    private final SafetyStateMachine state;
    private final Motion motion = new Motion();
    private final WatchdogSupervisor watchdogs = new WatchdogSupervisor();
    private final DriveCommander commander;
    private final TickRecorder recorder;
    private final SafetyMonitor monitor;
    private final Gate gate;
    private final EStopLatchFile latch;
    private final LatchWriter latchWriter;
    private final Admission admission = new Admission();
    private final ShutdownSequence shutdown;
    private final BusSubscription worldSubscription;
    private final BusSubscription scanSubscription;

    @Activate
    public KernelImpl(KernelConfig config, @Reference EventBus bus, @Reference HardwareRegistry registry,
            @Reference Capabilities capabilities, @Reference RunDirectory runDirectory, @Reference ConfigAudit audit,
            @Reference EnvelopeService envelopes, BundleContext context, Map<String, Object> properties) {
        this(config, properties, bus, registry, capabilities, runDirectory.resolve(EStopLatchFile.RELATIVE_PATH),
                dataFile(context, LEGACY_LATCH_FILE), context, audit, envelopes.envelope());
    }

    /** @return a file in the bundle's data area, or null where the framework has no file system support */
    private static Path dataFile(BundleContext context, String name) {
        java.io.File f = context.getDataFile(name);
        return f == null ? null : f.toPath();
    }

    /**
     * Outside OSGi (tests, benchmarks).
     *
     * @param latchFile where a latched e-stop is kept across restarts ({@code <run dir>/state/estop-latched}),
     *                  or null to keep it in memory only
     */
    public KernelImpl(KernelConfig config, EventBus bus, HardwareRegistry registry, Capabilities capabilities,
            Path latchFile) {
        this(config, null, bus, registry, capabilities, latchFile, null, null, new ConfigAudit(),
                SafetyEnvelope.builtIn());
    }

    /** Outside OSGi, with a latch left where older versions kept it (tests of the migration). */
    KernelImpl(KernelConfig config, EventBus bus, HardwareRegistry registry, Capabilities capabilities,
            Path latchFile, Path legacyLatchFile) {
        this(config, null, bus, registry, capabilities, latchFile, legacyLatchFile, null, new ConfigAudit(),
                SafetyEnvelope.builtIn());
    }

    /**
     * @param properties      the raw component properties (for the configuration's source and unknown keys),
     *                        null outside Config Admin
     * @param legacyLatchFile where older versions kept the latch (bundle data area): migrated, still latched
     * @param context         where the shutdown sequence hooks the framework's stop, or null outside OSGi
     * @param audit           where configuration refusals and changes go (shared with the rules in OSGi)
     * @param envelope        the safety envelope in force (a refused envelope file refuses every actuation)
     */
    KernelImpl(KernelConfig config, Map<String, Object> properties, EventBus bus, HardwareRegistry registry,
            Capabilities capabilities, Path latchFile, Path legacyLatchFile, BundleContext context,
            ConfigAudit audit, SafetyEnvelope envelope) {
        this.envelope = envelope;
        this.audit = audit;
        this.auditSink = audit.addSink(c -> bus.publish(KernelTopics.CONFIG, c));
        this.guard = new ConfigGuard(PID, KernelConfig.class, envelope, audit, Map.of(),
                v -> KernelOptions.consistency(v, envelope));
        Map<String, Object> accepted = guard.apply(config, properties);
        this.options = new AtomicReference<>(KernelOptions.of(accepted, envelope));
        this.registry = registry;
        this.latch = new EStopLatchFile(latchFile);
        String latchedBefore = restoreLatch(latch, legacyLatchFile);
        // The bus is an outlet only: the durable latch follows this state machine, never bus traffic (a replay
        // of recorded transitions on the live topic must not clear it).
        LatchWriter[] writer = new LatchWriter[1];
        this.state = new SafetyStateMachine(new SafetyTable(autoResumeAfterReset(accepted)),
                t -> bus.publish(KernelTopics.SAFETY, t), target -> writer[0].request(target.version()),
                System::nanoTime, System::currentTimeMillis,
                latchedBefore == null ? null : EStopLatchFile.RESTORED + latchedBefore);
        this.latchWriter = new LatchWriter(latch, state::latchTarget);
        writer[0] = latchWriter;
        this.commander = new DriveCommander(registry, motion, admission);
        this.recorder = new TickRecorder(options.get().periodNanos());
        // the tick checks the stop zone even without a world model; the gate keeps creep speed without one
        this.monitor = new SafetyMonitor(options, registry, state, motion, watchdogs,
                () -> zone.active() ? zoned : worldModel.current(), zoneHits, commander,
                recorder, options.get().realtimePriority());
        this.gate = new Gate(options, bus, registry, capabilities, state, motion, commander,
                () -> worldModel.current() != null && zone.active() ? zoned : worldModel.current(), zoneHits,
                () -> rules, admission);
        // After the gate has closed: the state machine's final SHUTDOWN state (no motion admitted under its lock,
        // no reset), then the commanded motion cleared, then the acknowledged safe state.
        this.shutdown = new ShutdownSequence(admission, () -> {
            state.beginShutdown("kernel shutting down");
            motion.idle();
        }, registry::safeStateAll, registry::safeStateWaitMillis);
        registry.addListener(this);
        shutdown.install(context);
        monitor.start();
        this.worldSubscription = bus.subscribe(KernelTopics.WORLD_CHANGED, "kernel pushed stop", 1,
                e -> monitor.wake());
        this.scanSubscription = bus.subscribe(KernelTopics.ROBOT_SCAN, "kernel stop zone", 1, scan -> {
            zone.update(scan.payload());
            monitor.wake();
        });
        LOG.info("kernel active: safety tick {} Hz, lease {} ms", 1e9 / options.get().periodNanos(),
                options.get().leaseNanos() / 1_000_000);
    }

    private ZoneOptions zoneOptions() {
        return options.get().zone();
    }

    /**
     * @return the reason of a latch kept from before this start (in the run directory, or migrated from the
     *         bundle data area where older versions kept it), or null
     */
    private static String restoreLatch(EStopLatchFile latch, Path legacy) {
        String reason = latch.read();
        String old = EStopLatchFile.read(legacy);
        if (old == null) {
            return reason;
        }
        String migrated = reason != null ? reason : old;
        String failure = latch.write(migrated);
        if (failure == null) {
            try {
                Files.deleteIfExists(legacy);
                LOG.warn("latched e-stop moved from the bundle data area {} to {}; still latched", legacy,
                        latch.path());
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("latched e-stop copied to {}, but the old file {} could not be removed", latch.path(),
                        legacy, e);
            }
        } else {
            LOG.error("latched e-stop found in the bundle data area {} could not be moved: {}", legacy, failure);
        }
        return migrated;
    }

    private static boolean autoResumeAfterReset(Map<String, Object> accepted) {
        return Boolean.TRUE.equals(accepted.get("auto_resume_after_reset"));
    }

    @Modified
    void modified(KernelConfig config, Map<String, Object> properties) {
        Map<String, Object> accepted = guard.apply(config, properties);
        options.set(KernelOptions.of(accepted, envelope));
        state.configChanged(new SafetyTable(autoResumeAfterReset(accepted)));
        LOG.info("kernel configuration in force: safety tick {} Hz, lease {} ms", 1e9 / options.get().periodNanos(),
                options.get().leaseNanos() / 1_000_000);
    }

    /**
     * Runs the shutdown sequence (gate closed first, then every actuator to its safe state, acknowledged or timed
     * out) unless a JVM or framework shutdown already did, then stops the tick.
     */
    @Deactivate
    public void deactivate() {
        shutdown.run("kernel deactivated");
        shutdown.uninstall();
        monitor.stop();
        closeQuietly(worldSubscription);
        closeQuietly(scanSubscription);
        try {
            auditSink.close();
        } catch (Exception e) {
            LOG.warn("removing the configuration-change publisher failed", e);
        }
        registry.removeListener(this);
        latchWriter.close(); // after the stop (which never waits for the disk): writes a pending latch change
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

    /** Localisation's verdict on the pose: while it distrusts the pose, motion is held to creep speed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindPoseTrust(PoseTrust t) {
        poseTrust.set(t);
        LOG.info("localisation available: a lost pose limits motion to creep speed");
    }

    public void unbindPoseTrust(PoseTrust t) {
        poseTrust.compareAndSet(t, null);
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
        if (envelope.problem() != null) {
            List<String> all = new java.util.ArrayList<>();
            all.add("safety envelope refused, no actuation: " + envelope.problem());
            all.addAll(audit.current());
            return all;
        }
        return audit.current();
    }

    @Override
    public TickStats tickStats() {
        return recorder.snapshot();
    }

    @Override
    public long clearanceMaxAgeNanos() {
        return options.get().policy().maxAgeNanos();
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

    /** Restarts an active override's time; no stop (approved drives continue), no transition. */
    @Override
    public boolean renewOverride(String operator) {
        boolean renewed = state.renewOverride(options.get().overrideNanos());
        if (!renewed) {
            LOG.debug("override renewal by {}: no override active", operator);
        }
        return renewed;
    }

    @Override
    public void releaseOverride(String operator) {
        state.releaseOverride("override released by " + operator);
    }

    @Override
    public void emergencyStop(String reason) {
        latchEmergencyStop(reason);
    }

    /** Stop first (never waits for the disk), then wait until the latch is durable before answering. */
    @Override
    public EmergencyStopResult latchEmergencyStop(String reason) {
        state.latchEstop("e-stop: " + reason);
        commander.stopAll("e-stop", null);
        String failure = awaitDurable(latchWriter.request(state.latchTarget().version()));
        if (failure != null) {
            LOG.error("e-stop latched in memory but NOT durable (it will not survive a crash or restart): {}",
                    failure);
            return new EmergencyStopResult(false, "e-stop latched, but not durable: " + failure);
        }
        return new EmergencyStopResult(true, "e-stop latched (durable)");
    }

    private static String awaitDurable(java.util.concurrent.CompletableFuture<String> written) {
        try {
            return written.get(LATCH_DURABLE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "the disk did not confirm within " + LATCH_DURABLE_TIMEOUT_MS + " ms";
        } catch (ExecutionException e) {
            return "latch writer failed: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the disk";
        }
    }

    @Override
    public boolean reset(String operator) {
        String cause = monitor.estopCause();
        if (cause != null && state.state() == SafetyState.ESTOP_LATCHED) {
            LOG.warn("reset by {} refused: {}", operator, cause);
            return false;
        }
        registry.clearFaults();
        boolean done = state.reset(operator);
        if (done) {
            String failure = awaitDurable(latchWriter.request(state.latchTarget().version()));
            if (failure != null) {
                LOG.warn("reset by {} done, but the latch file could not be removed (latched again after a restart):"
                        + " {}", operator, failure);
            }
        }
        return done;
    }

    @Override
    public boolean resume(String operator) {
        boolean done = state.resume(operator);
        if (!done) {
            LOG.warn("resume by {} refused: nothing awaits a resume (state {}{})", operator, state.state(),
                    state.status().awaitingResume() ? ", awaiting resume" : "");
        }
        return done;
    }

    /**
     * Shutdown has begun: from now on no motion command is admitted (the gate checks this under the state lock at
     * dispatch). Absorbing; for the ordered shutdown.
     */
    void beginShutdown(String reason) {
        state.beginShutdown(reason);
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
        EStopInputs.Assessment estop = EStopInputs.assess(entry);
        if (estop.failed()) {
            state.latchEstop(estop.latchReason());
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
    public void estopPressed(EStopInputs.Assessment pressed) {
        state.latchEstop(pressed.latchReason());
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
