package mechos.kernel.internal.hw;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
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

import mechos.hal.api.Actuator;
import mechos.hal.api.Battery;
import mechos.hal.api.Bumper;
import mechos.hal.api.Camera;
import mechos.hal.api.ContactReading;
import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveBase;
import mechos.hal.api.EStopInput;
import mechos.hal.api.EStopReading;
import mechos.hal.api.EndEffector;
import mechos.hal.api.Imu;
import mechos.hal.api.Joint;
import mechos.hal.api.Lidar;
import mechos.hal.api.Odometry;
import mechos.hal.api.Relay;
import mechos.hal.api.SensorSource;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.EffectorLimits;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.bus.EventBus;

/**
 * Tracks every HAL device service (dynamic, greedy, keyed by {@code mechos.device.id}) and is the only path
 * into drivers: every call goes through the {@link Dispatcher} with a deadline, and a throw, a hang or a
 * vanished service turns into FAULT/OFFLINE status rather than an exception.
 */
@Component(service = { DeviceRegistry.class, HardwareRegistry.class }, configurationPid = HardwareRegistry.PID)
@Designate(ocd = HardwareConfig.class)
public final class HardwareRegistry implements DeviceRegistry {
    public static final String PID = "mechos.kernel.hardware";
    private static final Logger LOG = LoggerFactory.getLogger(HardwareRegistry.class);

    private final ConcurrentHashMap<String, DeviceEntry> entries = new ConcurrentHashMap<>();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final EventBus bus;
    private volatile HardwareConfig config;
    private final Dispatcher dispatcher;
    private volatile long deadlineNanos;
    private final ScheduledExecutorService healthPoller;
    private java.util.concurrent.ScheduledFuture<?> healthPoll;

    @Activate
    public HardwareRegistry(HardwareConfig config, @Reference EventBus bus) {
        this.config = config;
        this.bus = bus;
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, config.dispatch__deadline__ms()));
        this.dispatcher = new Dispatcher(config.dispatch__threads(), config.dispatch__queue());
        this.healthPoller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mechos-hw-health");
            t.setDaemon(true);
            return t;
        });
        scheduleHealthPoll(config);
        // No JVM shutdown hook here: the kernel's ShutdownSequence owns shutdown (gate closed first, then this
        // registry's safeStateAll), so that nothing is approved after the safe-state command.
    }

    /** Applies a new configuration without restarting (a restart would drop the kernel's e-stop latch). */
    @org.osgi.service.component.annotations.Modified
    void modified(HardwareConfig newConfig) {
        this.config = newConfig;
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, newConfig.dispatch__deadline__ms()));
        dispatcher.resize(newConfig.dispatch__threads());
        scheduleHealthPoll(newConfig);
        LOG.info("hardware registry reconfigured: deadline {} ms, {} dispatch threads",
                newConfig.dispatch__deadline__ms(), newConfig.dispatch__threads());
    }

    private synchronized void scheduleHealthPoll(HardwareConfig c) {
        if (healthPoll != null) {
            healthPoll.cancel(false);
        }
        long poll = Math.max(10, c.health__poll__ms());
        healthPoll = healthPoller.scheduleWithFixedDelay(this::pollHealth, poll, poll, TimeUnit.MILLISECONDS);
    }

    /** Every actuator to its safe state, waiting (bounded) for the drivers, then stop the threads. */
    @Deactivate
    public void deactivate() {
        safeStateAll("kernel hardware registry deactivated");
        healthPoller.shutdownNow();
        dispatcher.shutdown();
    }

    // --- dynamic references: every HAL device type -------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDrive(DriveBase d, ServiceReference<DriveBase> ref) {
        attach(d, ref, DeviceKind.DRIVE_BASE);
    }

    void unbindDrive(DriveBase d, ServiceReference<DriveBase> ref) {
        detach(d, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRelay(Relay d, ServiceReference<Relay> ref) {
        attach(d, ref, DeviceKind.RELAY);
    }

    void unbindRelay(Relay d, ServiceReference<Relay> ref) {
        detach(d, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEndEffector(EndEffector d, ServiceReference<EndEffector> ref) {
        attach(d, ref, DeviceKind.END_EFFECTOR);
    }

    void unbindEndEffector(EndEffector d, ServiceReference<EndEffector> ref) {
        detach(d, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindJoint(Joint d, ServiceReference<Joint> ref) {
        attach(d, ref, DeviceKind.JOINT);
    }

    void unbindJoint(Joint d, ServiceReference<Joint> ref) {
        detach(d, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEStop(EStopInput d, ServiceReference<EStopInput> ref) {
        attach(d, ref, DeviceKind.ESTOP);
    }

    void unbindEStop(EStopInput d, ServiceReference<EStopInput> ref) {
        detach(d, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBattery(Battery d, ServiceReference<Battery> ref) {
        attach(d, ref, DeviceKind.BATTERY);
    }

    void unbindBattery(Battery d, ServiceReference<Battery> ref) {
        detach(d, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOdometry(Odometry d, ServiceReference<Odometry> ref) {
        attach(d, ref, DeviceKind.ODOMETRY);
    }

    void unbindOdometry(Odometry d, ServiceReference<Odometry> ref) {
        detach(d, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLidar(Lidar d, ServiceReference<Lidar> ref) {
        attach(d, ref, DeviceKind.LIDAR);
    }

    void unbindLidar(Lidar d, ServiceReference<Lidar> ref) {
        detach(d, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindImu(Imu d, ServiceReference<Imu> ref) {
        attach(d, ref, DeviceKind.IMU);
    }

    void unbindImu(Imu d, ServiceReference<Imu> ref) {
        detach(d, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBumper(Bumper d, ServiceReference<Bumper> ref) {
        attach(d, ref, DeviceKind.BUMPER);
    }

    void unbindBumper(Bumper d, ServiceReference<Bumper> ref) {
        detach(d, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCamera(Camera d, ServiceReference<Camera> ref) {
        attach(d, ref, DeviceKind.CAMERA);
    }

    void unbindCamera(Camera d, ServiceReference<Camera> ref) {
        detach(d, ref);
    }

    // --- attach / detach ------------------------------------------------------------------------------

    private static String bundleName(ServiceReference<?> ref) {
        Bundle b = ref == null ? null : ref.getBundle();
        return b == null ? "" : b.getSymbolicName();
    }

    private void attach(Device d, ServiceReference<?> ref, DeviceKind kind) {
        Object idProp = ref == null ? null : ref.getProperty(Device.ID);
        String id = idProp != null ? idProp.toString() : safeId(d);
        if (id == null || id.isBlank()) {
            LOG.warn("ignoring a {} service without a {} property from bundle {}", kind, Device.ID, bundleName(ref));
            return;
        }
        attach(id, kind, d, bundleName(ref));
    }

    private static String safeId(Device d) {
        try {
            return d.id();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("driver's id() threw; ignoring the device", e);
            return null;
        }
    }

    /** Attaches a device under an id (also used by tests outside OSGi). */
    public void attach(String id, DeviceKind kind, Device d, String bundle) {
        DeviceEntry e = entries.computeIfAbsent(id, DeviceEntry::new);
        synchronized (e) {
            e.kind = kind;
            e.service = d;
            e.bundle = bundle;
            e.kernelHealth = null;
            e.driverHealth = DeviceHealth.online();
            e.hung = false;
            e.safetyCallInFlight.set(false);
            e.removedHealth = null;
            e.present = true;
        }
        LOG.info("device {} ({}) attached from bundle {}", id, kind, bundle);
        describe(e, d);
        readHealth(e, d); // at once, not at the next poll: a driver may register before it is connected
        changed(e, "attached");
    }

    private void detach(Device d, ServiceReference<?> ref) {
        for (DeviceEntry e : entries.values()) {
            if (e.service == d) {
                detach(e.id(), d);
            }
        }
    }

    /** Detaches a device unless a newer service already replaced it (greedy rebinding binds before it unbinds). */
    public void detach(String id, Device d) {
        DeviceEntry e = entries.get(id);
        if (e == null) {
            return;
        }
        synchronized (e) {
            if (e.service != d) {
                return;
            }
            e.service = null;
            e.present = false;
            e.removedHealth = DeviceHealth.offline("service unregistered");
        }
        var sub = e.sensorSubscription;
        e.sensorSubscription = null;
        if (sub != null) {
            dispatcher.submit(d, id, "unsubscribe", null, deadlineNanos, x -> sub.close(), r -> { }, null);
        }
        if (d instanceof Actuator a && !e.hung) {
            // best effort while the service object is still usable
            dispatcher.submit(a, id, "toSafeState (removed)", null, deadlineNanos, Actuator::toSafeState,
                    this::publishResult, null);
        }
        LOG.info("device {} ({}) removed: OFFLINE", id, e.kind);
        changed(e, "service unregistered");
    }

    /** Reads what rules need from the driver once, off the caller's thread, and subscribes to its samples. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private void describe(DeviceEntry e, Device d) {
        if (d instanceof DriveBase drive) {
            dispatcher.submit(drive, e.id(), "geometry", null, deadlineNanos, x -> e.geometry = x.geometry(),
                    r -> handleFailure(e, d, r), () -> lateReturn(e, d));
        }
        if (d instanceof EndEffector eff) {
            dispatcher.submit(eff, e.id(), "workspace", null, deadlineNanos,
                    x -> e.effector = new EffectorLimits(x.frameId(), x.workspace(), x.maxSpeed()),
                    r -> handleFailure(e, d, r), () -> lateReturn(e, d));
        }
        if (d instanceof SensorSource source) {
            dispatcher.submit(d, e.id(), "subscribe", null, deadlineNanos, x -> {
                var sub = source.subscribe(sample -> onSample(e, d, sample));
                if (e.service == d) {
                    e.sensorSubscription = sub;
                } else {
                    sub.close();
                }
            }, r -> handleFailure(e, d, r), () -> lateReturn(e, d));
        }
    }

    private void onSample(DeviceEntry e, Device d, Object sample) {
        if (e.service != d || sample == null) {
            return;
        }
        e.latestSample = sample;
        e.lastSampleNanos = System.nanoTime();
        if (sample instanceof EStopReading r && r.pressed()) {
            for (RegistryListener l : listeners) {
                l.estopPressed(e.id());
            }
        } else if (sample instanceof ContactReading c && c.pressed()) {
            for (RegistryListener l : listeners) {
                l.deviceChanged(e, "bumper contact");
            }
        }
    }

    private void pollHealth() {
        for (DeviceEntry e : entries.values()) {
            Device d = e.service;
            if (d != null && !e.hung) {
                readHealth(e, d);
            }
        }
    }

    /** Asks the driver for its health off the caller's thread; a change is published. */
    private void readHealth(DeviceEntry e, Device d) {
        dispatcher.submit(d, e.id(), "health", null, deadlineNanos, x -> {
            DeviceHealth h = x.health();
            if (h == null) {
                h = DeviceHealth.fault("driver returned null health");
            }
            DeviceHealth before = e.driverHealth;
            e.driverHealth = h;
            if (before.state() != h.state() && e.service == d) {
                LOG.info("device {} reports {}", e.id(), h);
                changed(e, "driver reports " + h);
            }
        }, r -> handleFailure(e, d, r), () -> lateReturn(e, d));
    }

    /**
     * A call reported hung returned after all: the driver is slow, not dead (e.g. the machine was starved).
     * It is callable again; the FAULT it caused stays visible until the next health change or reset.
     */
    private void lateReturn(DeviceEntry e, Device d) {
        if (e.service == d && e.hung) {
            e.hung = false;
            e.kernelHealth = DeviceHealth.degraded("driver returned late from a call past its deadline");
            LOG.warn("device {} returned late; marked DEGRADED and usable again", e.id());
            changed(e, "returned late");
        }
    }

    private void handleFailure(DeviceEntry e, Device d, DispatchResult r) {
        if (r.outcome() == DispatchOutcome.UNAVAILABLE) {
            // Expected device trouble is status: OFFLINE as the driver says, until its next health report.
            if (e.service == d) {
                String reason = "driver declined " + r.command() + ": " + r.detail();
                e.driverHealth = DeviceHealth.offline(reason);
                changed(e, reason);
            }
            return;
        }
        if (r.outcome() == DispatchOutcome.FAILED || r.outcome() == DispatchOutcome.TIMED_OUT) {
            if (e.service != d) {
                return;
            }
            boolean timedOut = r.outcome() == DispatchOutcome.TIMED_OUT;
            String reason = (timedOut ? "driver hung: " : "driver threw: ") + r.command() + ": " + r.detail();
            boolean first = e.kernelHealth == null;
            e.kernelHealth = DeviceHealth.fault(reason);
            if (timedOut) {
                e.hung = true;
            }
            LOG.warn("device {} marked FAULT: {}", e.id(), reason);
            changed(e, reason);
            if (first && !timedOut && d instanceof Actuator a) {
                // One attempt to leave it safe; a hung driver gets its stops through command(..., safety=true).
                dispatcher.submit(a, e.id(), "toSafeState (fault)", null, deadlineNanos, Actuator::toSafeState,
                        this::publishResult, null);
            }
        }
    }

    private void changed(DeviceEntry e, String reason) {
        try {
            bus.publish(KernelTopics.DEVICES, e.info());
        } catch (RuntimeException ex) {
            LOG.warn("publishing device change of {} failed", e.id(), ex);
        }
        for (RegistryListener l : listeners) {
            try {
                l.deviceChanged(e, reason);
            } catch (RuntimeException ex) {
                LOG.warn("registry listener failed on {}", e.id(), ex);
            }
        }
    }

    private void publishResult(DispatchResult r) {
        try {
            bus.publish(KernelTopics.DISPATCH, r, r.intentId());
        } catch (RuntimeException ex) {
            LOG.warn("publishing dispatch result failed: {}", r, ex);
        }
    }

    // --- commands -------------------------------------------------------------------------------------

    /**
     * Sends a command to a device on the dispatch executor; never blocks. The result is published on
     * {@link KernelTopics#DISPATCH} and then handed to {@code after} (may be null).
     *
     * @param safety true for stop / safe-state commands: sent whenever the device is present, even when it is
     *               FAULT or hung (a driver whose velocity call is stuck may still take a stop, and a stop that
     *               cannot be delivered must not be skipped silently); to a hung device at most one safety call
     *               runs at a time, so a dead driver cannot absorb the dispatch workers
     */
    public <D extends Device> void command(String deviceId, Class<D> type, String command, String intentId,
            boolean safety, DeviceCall<D> call, Consumer<DispatchResult> after) {
        DeviceEntry e = entries.get(deviceId);
        Device d = e == null ? null : e.service;
        boolean allowed = d != null && type.isInstance(d) && (safety || (!e.hung && e.usable()));
        boolean guarded = allowed && safety && e.hung;
        boolean alreadyPending = guarded && !e.safetyCallInFlight.compareAndSet(false, true);
        if (!allowed || alreadyPending) {
            String why = e == null ? "no device '" + deviceId + "'"
                    : d == null ? "device '" + deviceId + "' is OFFLINE (service unregistered)"
                    : !type.isInstance(d) ? "device '" + deviceId + "' is a " + e.kind + ", not a " + type.getSimpleName()
                    : alreadyPending ? "device '" + deviceId + "' is hung; an earlier safety call is still pending"
                    : "device '" + deviceId + "' is " + e.health();
            DispatchResult r = new DispatchResult(intentId, deviceId, command, DispatchOutcome.NO_DEVICE, why, 0);
            publishResult(r);
            if (after != null) {
                after.accept(r);
            }
            return;
        }
        D typed = type.cast(d);
        // The guard is released when the driver call itself returns (normally, by throwing, or late), not when
        // the deadline reports it: a stop still stuck in the driver keeps the one slot it holds.
        DeviceCall<D> guardedCall = !guarded ? call : x -> {
            try {
                call.call(x);
            } finally {
                e.safetyCallInFlight.set(false);
            }
        };
        dispatcher.submit(typed, deviceId, command, intentId, deadlineNanos, guardedCall, r -> {
            if (guarded && r.outcome() == DispatchOutcome.REFUSED) {
                e.safetyCallInFlight.set(false);
            }
            handleFailure(e, d, r);
            publishResult(r);
            if (after != null) {
                after.accept(r);
            }
        }, () -> lateReturn(e, d));
    }

    /** @return how long {@link #safeStateAll} waits for the drivers (safe_state_wait_ms, within its bounds) */
    public long safeStateWaitMillis() {
        return SafeStateWait.bounded(config.safe__state__wait__ms());
    }

    /**
     * Commands every present actuator to its safe state and waits, up to {@link #safeStateWaitMillis()}, for each
     * driver to acknowledge it (its toSafeState returned); logs who did and who did not.
     */
    public void safeStateAll(String why) {
        List<DeviceEntry> actuators = new ArrayList<>();
        for (DeviceEntry e : entries.values()) {
            if (e.service instanceof Actuator) {
                actuators.add(e);
            }
        }
        if (actuators.isEmpty()) {
            return;
        }
        LOG.info("commanding {} actuators to their safe state: {}", actuators.size(), why);
        SafeStateWait wait = new SafeStateWait(actuators.size());
        for (DeviceEntry e : actuators) {
            command(e.id(), Actuator.class, "toSafeState (" + why + ")", null, true, Actuator::toSafeState,
                    wait::acknowledged);
        }
        wait.await(safeStateWaitMillis(), why);
    }

    /** Clears kernel-observed faults of present devices (operator reset). Hung devices stay hung. */
    public void clearFaults() {
        for (DeviceEntry e : entries.values()) {
            if (e.present && !e.hung && e.kernelHealth != null) {
                e.kernelHealth = null;
                changed(e, "fault cleared by operator reset");
            }
        }
    }

    // --- queries --------------------------------------------------------------------------------------

    public void addListener(RegistryListener l) {
        listeners.add(l);
    }

    public void removeListener(RegistryListener l) {
        listeners.remove(l);
    }

    public Optional<DeviceEntry> entry(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(entries.get(id));
    }

    public Collection<DeviceEntry> entries() {
        return entries.values();
    }

    /** @return entries of one kind, present or not */
    public List<DeviceEntry> ofKind(DeviceKind kind) {
        List<DeviceEntry> list = new ArrayList<>();
        for (DeviceEntry e : entries.values()) {
            if (e.kind == kind) {
                list.add(e);
            }
        }
        return list;
    }

    @Override
    public Collection<DeviceInfo> devices() {
        return entries.values().stream().map(DeviceEntry::info).sorted(Comparator.comparing(DeviceInfo::id)).toList();
    }

    @Override
    public Optional<DeviceInfo> device(String id) {
        return entry(id).map(DeviceEntry::info);
    }
}
