package mechos.kernel.internal.hw;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.cm.ConfigurationAdmin;
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
import mechos.hal.api.Device;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveBase;
import mechos.hal.api.EStopInput;
import mechos.hal.api.EndEffector;
import mechos.hal.api.Imu;
import mechos.hal.api.Joint;
import mechos.hal.api.Lidar;
import mechos.hal.api.Odometry;
import mechos.hal.api.Relay;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.RefusedDevice;
import mechos.kernel.api.bus.EventBus;

/**
 * Tracking: follows every HAL device service (dynamic, greedy, keyed by {@code mechos.device.id}) and is the
 * kernel's face onto the hardware. One bind/unbind pair serves every device interface; the kind comes from the
 * interface the service is registered under ({@link DeviceKinds}). What the kernel knows about each device is an
 * immutable {@link DeviceEntry} in a {@link DeviceTable} kept by the {@link DeviceSupervisor}; commands go through
 * the {@link CommandRouter} and the {@link Dispatcher} with a deadline, so a throw, a hang or a vanished service
 * turns into FAULT/OFFLINE status rather than an exception.
 */
@Component(service = { DeviceRegistry.class, HardwareRegistry.class }, configurationPid = HardwareRegistry.PID,
        reference = {
            @Reference(name = "drive", service = DriveBase.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice"),
            @Reference(name = "joint", service = Joint.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice"),
            @Reference(name = "effector", service = EndEffector.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice"),
            @Reference(name = "relay", service = Relay.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice"),
            @Reference(name = "lidar", service = Lidar.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice"),
            @Reference(name = "odometry", service = Odometry.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice"),
            @Reference(name = "imu", service = Imu.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice"),
            @Reference(name = "bumper", service = Bumper.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice"),
            @Reference(name = "battery", service = Battery.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice"),
            @Reference(name = "camera", service = Camera.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice"),
            @Reference(name = "estop", service = EStopInput.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
                    bind = "bindDevice", unbind = "unbindDevice") })
@Designate(ocd = HardwareConfig.class)
public final class HardwareRegistry implements DeviceRegistry {
    public static final String PID = "mechos.kernel.hardware";
    private static final Logger LOG = LoggerFactory.getLogger(HardwareRegistry.class);

    private final DeviceSupervisor supervisor;
    private final CommandRouter router;
    private volatile HardwareConfig config;
    private final Dispatcher dispatcher;
    private volatile long deadlineNanos;
    private final ScheduledExecutorService healthPoller;
    /** Tells a deleted device configuration (forget the device) from a lost device (OFFLINE); optional. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;
    private java.util.concurrent.ScheduledFuture<?> healthPoll;

    @Activate
    public HardwareRegistry(HardwareConfig config, @Reference EventBus bus) {
        this.config = config;
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, config.dispatch__deadline__ms()));
        this.dispatcher = new Dispatcher(config.dispatch__threads(), config.dispatch__queue());
        this.supervisor = new DeviceSupervisor(bus, dispatcher, () -> deadlineNanos, System::nanoTime);
        this.router = new CommandRouter(supervisor, dispatcher, () -> deadlineNanos);
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

    private void pollHealth() {
        try {
            supervisor.pollHealth();
        } catch (RuntimeException e) {
            LOG.warn("health poll failed; polling again at the next period", e);
        }
    }

    /** Every actuator to its safe state, waiting (bounded) for the drivers, then stop the threads. */
    @Deactivate
    public void deactivate() {
        safeStateAll("kernel hardware registry deactivated");
        healthPoller.shutdownNow();
        dispatcher.shutdown();
    }

    // --- tracking: one dynamic reference per device interface, all bound here ----------------------------

    void bindDevice(Device d, ServiceReference<?> ref) {
        DeviceKind kind = DeviceKinds.of(ref.getProperty(Constants.OBJECTCLASS));
        Object idProp = ref.getProperty(Device.ID);
        String id = idProp != null ? idProp.toString() : safeId(d);
        if (kind == null || id == null || id.isBlank()) {
            LOG.warn("ignoring a device service without a {} property (or of no known device interface) from bundle {}",
                    Device.ID, bundleName(ref));
            return;
        }
        attach(id, kind, d, bundleName(ref));
    }

    void unbindDevice(Device d, ServiceReference<?> ref) {
        if (supervisor.dropRefused(d)) {
            return;
        }
        boolean onPurpose = configurationRemoved(configAdmin, ref == null ? null : ref.getProperty(Constants.SERVICE_PID))
                || profileStopped(stoppedBundles(), bundleName(ref));
        for (DeviceEntry e : supervisor.table().entries()) {
            if (e.service() == d) {
                if (onPurpose && supervisor.forget(e.id(), d)) {
                    router.forget(d);
                } else {
                    detach(e.id(), d);
                }
            }
        }
    }

    /**
     * @return true when the device service came from a configuration that Config Admin no longer has: the operator
     *         deleted it (SCR deactivates the component after the deletion), so the device is forgotten, not
     *         failed. Without Config Admin, or for a service without a PID, false (a bundle stop or crash).
     */
    static boolean configurationRemoved(ConfigurationAdmin ca, Object pid) {
        if (ca == null || !(pid instanceof String p) || p.isBlank()) {
            return false;
        }
        try {
            String escaped = p.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
            return ca.listConfigurations("(" + Constants.SERVICE_PID + "=" + escaped + ")") == null;
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("cannot ask Config Admin whether the configuration {} was removed; treating the device as lost", p,
                    e);
            return false;
        }
    }

    /** Service interface and property of the hardware profile ({@code mechos.hal.support}; read by name, no import). */
    static final String HARDWARE_PROFILE = "mechos.hal.support.HardwareProfile";
    static final String STOPPED_BUNDLES = "mechos.hardware.stopped.bundles";

    /**
     * @return true when the device's bundle is one whose hardware profile is not selected: the operator switched the
     *         profile (issue 13), SCR stopped that family's devices, and they are forgotten, not failed
     */
    static boolean profileStopped(Object stoppedBundles, String bundle) {
        if (bundle == null || bundle.isEmpty()) {
            return false;
        }
        if (stoppedBundles instanceof String[] a) {
            return java.util.Arrays.asList(a).contains(bundle);
        }
        if (stoppedBundles instanceof java.util.Collection<?> c) {
            return c.contains(bundle);
        }
        return bundle.equals(stoppedBundles);
    }

    /** @return the hardware profile's stopped driver bundles, null when there is no profile service (or no OSGi) */
    private static Object stoppedBundles() {
        Bundle own = FrameworkUtil.getBundle(HardwareRegistry.class);
        BundleContext bc = own == null ? null : own.getBundleContext();
        if (bc == null) {
            return null;
        }
        try {
            ServiceReference<?>[] refs = bc.getAllServiceReferences(HARDWARE_PROFILE, null);
            return refs == null || refs.length == 0 ? null : refs[0].getProperty(STOPPED_BUNDLES);
        } catch (InvalidSyntaxException | IllegalStateException e) {
            LOG.debug("cannot read the hardware profile", e);
            return null;
        }
    }

    private static String bundleName(ServiceReference<?> ref) {
        Bundle b = ref == null ? null : ref.getBundle();
        return b == null ? "" : b.getSymbolicName();
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
        router.forget(d);
        supervisor.attach(id, kind, d, bundle);
    }

    /** @return one line per device service refused for a duplicate id (the first owner keeps an id) */
    public List<String> duplicates() {
        return supervisor.duplicates();
    }

    @Override
    public List<RefusedDevice> refused() {
        return supervisor.refused();
    }

    /** Detaches a device; a refused duplicate of its id, if any, takes the id over. */
    public void detach(String id, Device d) {
        if (supervisor.detach(id, d)) {
            router.forget(d);
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
        router.command(deviceId, type, command, intentId, safety, call, after);
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
        for (DeviceEntry e : supervisor.table().entries()) {
            if (e.service() instanceof Actuator) {
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
        supervisor.clearFaults();
    }

    // --- queries --------------------------------------------------------------------------------------

    public void addListener(RegistryListener l) {
        supervisor.addListener(l);
    }

    public void removeListener(RegistryListener l) {
        supervisor.removeListener(l);
    }

    /** @return every device as of now, one consistent snapshot */
    public DeviceTable table() {
        return supervisor.table();
    }

    public Optional<DeviceEntry> entry(String id) {
        return Optional.ofNullable(supervisor.table().get(id));
    }

    public Collection<DeviceEntry> entries() {
        return supervisor.table().entries();
    }

    /** @return entries of one kind, present or not */
    public List<DeviceEntry> ofKind(DeviceKind kind) {
        return supervisor.table().ofKind(kind);
    }

    @Override
    public Collection<DeviceInfo> devices() {
        return supervisor.table().entries().stream().map(DeviceEntry::info)
                .sorted(Comparator.comparing(DeviceInfo::id)).toList();
    }

    @Override
    public Optional<DeviceInfo> device(String id) {
        return entry(id).map(DeviceEntry::info);
    }
}
