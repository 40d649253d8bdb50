package mechos.hal.serial.internal.roboclaw;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveBase;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.Odometry;
import mechos.hal.api.OdometryReading;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.api.WheelSpeeds;
import mechos.hal.serial.internal.port.ConfigRules;
import mechos.platform.api.ConfigurationChecks;
import mechos.hal.serial.internal.port.JSerialCommLinkFactory;
import mechos.hal.serial.internal.port.SerialDeviceWorker;
import mechos.hal.serial.internal.port.SerialLinkFactory;
import mechos.hal.serial.internal.port.SerialShutdown;
import mechos.hal.support.Backoff;
import mechos.hal.support.ConfigCheck;
import mechos.hal.support.HardwareProfile;
import mechos.hal.support.HealthTracker;
import mechos.hal.support.SensorFanout;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;

/**
 * A differential drive on a RoboClaw as the HAL {@link DriveBase}, plus its wheel {@link Odometry} (a second
 * service with its own device id, since the kernel keys devices by id). Velocity commands are handed to the
 * device's I/O thread, which sends them at once; they are refused while the controller is not reachable.
 * With {@code stop.ack.timeout.ms} &gt; 0, {@link #stop()} returns only once the controller acknowledged the zero
 * speed (so the kernel's safe-state acknowledgement means the controller has it); by default it returns once the
 * I/O thread has the zero, which it sends at once. On JVM exit the driver takes part in
 * {@link SerialShutdown}: it refuses motion, commands zero and holds the port open until the zero (and the
 * kernel's stop) were acknowledged.
 */
@Component(service = DriveBase.class, configurationPid = RoboClawDriveBase.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=DRIVE_BASE",
        // active only while the hardware profile selects this family (mechos.hal.support.HardwareProfile)
        reference = @Reference(name = "hardware", service = HardwareProfile.class,
                target = "(" + HardwareProfile.PROPERTY + "=" + HardwareProfile.SERIAL + ")"))
@Designate(ocd = RoboClawConfig.class, factory = true)
public final class RoboClawDriveBase implements DriveBase {
    public static final String PID = "mechos.hal.serial.roboclaw";
    private static final Logger LOG = LoggerFactory.getLogger(RoboClawDriveBase.class);

    private final String id;
    private final AtomicReference<RoboClawOptions> options;
    private final AtomicReference<Backoff> backoff;
    private final HealthTracker health;
    private final SpeedCommand command = new SpeedCommand();
    private final RoboClawStats stats = new RoboClawStats();
    private final RoboClawSession session;
    private final SerialDeviceWorker worker;
    private final DiffDriveOdometry integrator;
    private final WheelOdometry odometry;
    private volatile WheelSpeeds measured = WheelSpeeds.ZERO;
    private volatile ServiceRegistration<Odometry> odometryRegistration;
    private volatile int stopAckTimeoutMs;
    private volatile boolean shuttingDown;
    private volatile long shutdownVersion;
    /** Guarded by itself: true once a stop() was acknowledged and no setVelocity came after it. */
    private final boolean[] stoppedSinceMotion = { true };
    private final ShutdownParticipant participant = new ShutdownParticipant();
    private SerialShutdown serialShutdown;

    /**
     * Options checked before use (the activation's and modification's check); {@code rejected} names the problem
     * when the configuration cannot be used.
     */
    record Checked(RoboClawOptions options, int stopAckTimeoutMs, String rejected) {
        static Checked of(Map<String, Object> props, RoboClawConfig config) {
            try {
                ConfigCheck.types(props, RoboClawConfig.class);
                return new Checked(RoboClawOptions.from(config), stopAckTimeout(config), null);
            } catch (IllegalArgumentException e) {
                LOG.warn("RoboClaw {}: configuration rejected: {}; the device stays FAULT and opens no port",
                        ConfigCheck.describe(props), e.getMessage());
                return new Checked(RoboClawOptions.from(ConfigCheck.defaults(RoboClawConfig.class)), 0,
                        e.getMessage());
            }
        }
    }

    private volatile String rejected;

    @Activate
    public RoboClawDriveBase(RoboClawConfig config, BundleContext context, Map<String, Object> props,
            @Reference SerialShutdown serialShutdown) {
        this(Checked.of(props, config), config, context, serialShutdown);
    }

    private RoboClawDriveBase(Checked checked, RoboClawConfig config, BundleContext context,
            SerialShutdown serialShutdown) {
        this(config.mechos_device_id(), config.odometry_id(), checked.options(), new JSerialCommLinkFactory());
        this.stopAckTimeoutMs = checked.stopAckTimeoutMs();
        this.rejected = checked.rejected();
        this.serialShutdown = serialShutdown;
        serialShutdown.register(participant);
        if (!config.odometry_id().isBlank()) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Device.ID, config.odometry_id());
            props.put(Device.KIND, DeviceKind.ODOMETRY.name());
            odometryRegistration = context.registerService(Odometry.class, odometry, props);
        }
        if (rejected == null) {
            start();
        } else {
            health.fault("configuration rejected: " + rejected);
        }
    }

    /** For tests: nothing runs and no service is registered until {@link #start()}. */
    RoboClawDriveBase(String id, String odometryId, RoboClawOptions initial, SerialLinkFactory links) {
        checkId(id);
        checkOdometryId(id, odometryId);
        this.id = id;
        this.options = new AtomicReference<>(initial);
        this.backoff = new AtomicReference<>(new Backoff(initial.reconnectMinMs(), initial.reconnectMaxMs()));
        this.health = new HealthTracker(id, "not connected yet");
        this.health.staleAfter(initial.offlineAfterMs());
        this.integrator = new DiffDriveOdometry(initial.wheels().geometry().wheelSeparation(),
                initial.wheels().metresPerTick());
        this.odometry = new WheelOdometry(odometryId == null || odometryId.isBlank() ? id + "-odom" : odometryId);
        this.session = new RoboClawSession(options::get, health, command, stats, this::onMeasurement,
                integrator::reset);
        this.worker = new SerialDeviceWorker(id, () -> options.get().port(), backoff::get, links, health, session);
    }

    /**
     * @return what the activation would refuse in these proposed values, rule by rule, naming the keys: the value
     *         types ({@link ConfigCheck#types}; a value that does not convert ends the check), the device and odometry
     *         ids (the constructor's checks), the options' rules ({@link RoboClawOptions#rules}) and the stop
     *         acknowledgement timeout; then, when all passed, {@link RoboClawOptions#from} as a whole
     */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        RoboClawConfig c = ComponentProperties.as(RoboClawConfig.class, values);
        ConfigurationChecks rules = ConfigRules.typed(values, RoboClawConfig.class);
        if (!rules.passed()) {
            return rules.problems(); // the other rules would read the same unconvertible values
        }
        rules.check(() -> checkId(c.mechos_device_id()), "mechos.device.id");
        rules.check(() -> checkOdometryId(c.mechos_device_id(), c.odometry_id()), "odometry.id", "mechos.device.id");
        RoboClawOptions.rules(rules, c);
        rules.check(() -> stopAckTimeout(c), "stop.ack.timeout.ms");
        rules.whole(() -> RoboClawOptions.from(c), RoboClawOptions.KEYS.toArray(String[]::new));
        return rules.problems();
    }

    private static void checkId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(PID + ": mechos.device.id must not be empty");
        }
    }

    private static void checkOdometryId(String id, String odometryId) {
        if (id.equals(odometryId)) {
            throw new IllegalArgumentException(PID + ": odometry.id must differ from mechos.device.id (" + id + ")");
        }
    }

    void start() {
        worker.start("mechos-roboclaw-" + id);
    }

    private static int stopAckTimeout(RoboClawConfig c) {
        int ms = c.stop_ack_timeout_ms();
        if (ms < 0 || ms > 1000) {
            throw new IllegalArgumentException(PID + ": stop.ack.timeout.ms must be 0..1000, was " + ms);
        }
        return ms;
    }

    /** For tests: this driver's part in the JVM-exit stop. */
    SerialShutdown.Participant shutdownParticipant() {
        return participant;
    }

    /** For tests: how long stop() waits for the controller's acknowledgement (0: not at all). */
    void stopAckTimeoutMs(int ms) {
        this.stopAckTimeoutMs = ms;
    }

    @Modified
    void modified(RoboClawConfig config, Map<String, Object> props) {
        Checked checked = Checked.of(props, config);
        if (checked.rejected() != null) {
            // Never run on a configuration the operator did not mean: stop (final zero) and show why.
            rejected = checked.rejected();
            command.set(new int[] { 0, 0 });
            worker.stop(2000);
            health.fault("configuration rejected: " + checked.rejected());
            return;
        }
        RoboClawOptions next = checked.options();
        if (!config.mechos_device_id().equals(id)) {
            LOG.warn("RoboClaw '{}': a new mechos.device.id ({}) applies only when the configuration is recreated",
                    id, config.mechos_device_id());
        }
        backoff.set(new Backoff(next.reconnectMinMs(), next.reconnectMaxMs()));
        stopAckTimeoutMs = checked.stopAckTimeoutMs();
        options.set(next);
        health.staleAfter(next.offlineAfterMs());
        LOG.info("RoboClaw '{}' reconfigured: {} address {}", id, next.port(), next.address());
        if (rejected != null) {
            rejected = null;
            health.offline("configuration accepted, connecting");
            start();
        }
    }

    @Deactivate
    void deactivate() {
        SerialShutdown s = serialShutdown;
        if (s != null) {
            s.unregister(participant);
        }
        command.set(new int[] { 0, 0 });
        worker.stop(2000); // lets the session send its final, acknowledged zero before the port closes
        ServiceRegistration<Odometry> reg = odometryRegistration;
        odometryRegistration = null;
        if (reg != null) {
            try {
                reg.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("odometry service of '{}' was already unregistered", id, e);
            }
        }
        odometry.listeners.clear();
    }

    private void onMeasurement(RoboClawSession.Measurement m) {
        RoboClawOptions o = options.get();
        WheelMapping w = o.wheels();
        int[] counts = w.leftRight(m.m1Count(), m.m2Count());
        int[] speeds = w.leftRight(m.m1Speed(), m.m2Speed());
        double left = speeds[0] * w.metresPerTick();
        double right = speeds[1] * w.metresPerTick();
        measured = new WheelSpeeds(left, right, m.nanos());
        integrator.geometry(w.geometry().wheelSeparation(), w.metresPerTick());
        OdometryReading reading = integrator.update(counts[0], counts[1], left, right, m.nanos());
        odometry.latest = reading;
        odometry.listeners.publish(reading);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DeviceHealth health() {
        return health.get();
    }

    @Override
    public void setVelocity(double linear, double angular) throws DeviceException {
        if (!Double.isFinite(linear) || !Double.isFinite(angular)) {
            throw new IllegalArgumentException("velocity must be finite: linear=" + linear + " angular=" + angular);
        }
        DeviceHealth h = health.get();
        if (!h.state().acceptsCommands()) {
            throw new DeviceException("RoboClaw drive '" + id + "' is " + h);
        }
        synchronized (stoppedSinceMotion) {
            if (shuttingDown) {
                throw new DeviceException("RoboClaw drive '" + id + "': the JVM is exiting; motion refused");
            }
            stoppedSinceMotion[0] = false;
            command.set(options.get().wheels().motorSpeeds(linear, angular));
        }
    }

    /**
     * Zero speed now; returns once the controller acknowledged it, at most {@code stop.ack.timeout.ms} later.
     *
     * @throws DeviceException when the controller is not reachable or did not acknowledge in time
     */
    @Override
    public void stop() throws DeviceException {
        long v = command.set(new int[] { 0, 0 });
        DeviceHealth h = health.get();
        if (!h.state().acceptsCommands()) {
            throw new DeviceException("RoboClaw drive '" + id + "' is " + h + "; it cannot confirm the stop");
        }
        int wait = stopAckTimeoutMs;
        if (wait > 0) {
            boolean acked;
            try {
                acked = command.awaitAcknowledged(v, TimeUnit.MILLISECONDS.toNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException("RoboClaw drive '" + id + "': interrupted waiting for the stop's "
                        + "acknowledgement");
            }
            if (!acked) {
                throw new DeviceException("RoboClaw drive '" + id + "': the controller did not acknowledge zero "
                        + "speed within " + wait + " ms");
            }
        }
        synchronized (stoppedSinceMotion) {
            if (command.get()[2] == v) { // no motion commanded meanwhile
                stoppedSinceMotion[0] = true;
                stoppedSinceMotion.notifyAll();
            }
        }
    }

    @Override
    public WheelSpeeds measuredWheelSpeeds() {
        return measured;
    }

    @Override
    public DriveGeometry geometry() {
        return options.get().wheels().geometry();
    }

    Odometry odometry() {
        return odometry;
    }

    RoboClawStats stats() {
        return stats;
    }

    /** @return how many times the port was opened or an open was tried (for measurements) */
    long connectAttempts() {
        return worker.attempts();
    }

    String firmwareVersion() {
        return session.version();
    }

    String encoderCommands() {
        return session.encoderCommands();
    }

    @Override
    public String toString() {
        return "RoboClawDriveBase[" + id + "]";
    }

    /** This driver's part in the JVM-exit stop that runs before jSerialComm closes the ports. */
    private final class ShutdownParticipant implements SerialShutdown.Participant {
        @Override
        public void beginShutdown() {
            synchronized (stoppedSinceMotion) {
                shuttingDown = true;
                shutdownVersion = command.set(new int[] { 0, 0 });
            }
        }

        @Override
        public String awaitSafe(long deadlineNanos) throws InterruptedException {
            DeviceHealth h = health.get();
            if (!h.state().acceptsCommands()) {
                return "RoboClaw '" + id + "' " + h + ": zero not confirmed";
            }
            long start = System.nanoTime();
            boolean zeroAcked = command.awaitAcknowledged(shutdownVersion, deadlineNanos - start);
            long zeroMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            boolean kernelStopped;
            synchronized (stoppedSinceMotion) {
                while (!stoppedSinceMotion[0] && deadlineNanos - System.nanoTime() > 0) {
                    long left = deadlineNanos - System.nanoTime();
                    TimeUnit.NANOSECONDS.timedWait(stoppedSinceMotion, Math.max(1, left));
                }
                kernelStopped = stoppedSinceMotion[0];
            }
            // Close our port ourselves, in order (the session's final acknowledged zero), before jSerialComm's
            // cleanup closes it under a running I/O thread.
            worker.stop(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            return "RoboClaw '" + id + "' zero speed " + (zeroAcked ? "acknowledged in " + zeroMs + " ms"
                    : "NOT acknowledged") + ", kernel stop " + (kernelStopped ? "acknowledged" : "not received");
        }
    }

    /** The controller's wheel odometry, sharing the controller's health. */
    private final class WheelOdometry implements Odometry {
        private final String odometryId;
        private final SensorFanout<OdometryReading> listeners;
        private volatile OdometryReading latest;

        WheelOdometry(String odometryId) {
            this.odometryId = odometryId;
            this.listeners = new SensorFanout<>(odometryId);
        }

        @Override
        public String id() {
            return odometryId;
        }

        @Override
        public DeviceHealth health() {
            return health.get();
        }

        @Override
        public OdometryReading latest() {
            return latest;
        }

        @Override
        public Subscription subscribe(SensorListener<? super OdometryReading> listener) {
            return listeners.subscribe(listener);
        }

        @Override
        public String toString() {
            return "RoboClawOdometry[" + odometryId + "]";
        }
    }
}
