package mechos.hal.pi4j.internal.motor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DriveBase;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.HealthState;
import mechos.hal.api.WheelSpeeds;
import mechos.hal.api.control.PidController;
import mechos.hal.api.control.PidLimits;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;
import mechos.hal.support.HealthTracker;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationChecks;
import mechos.platform.api.ConfigurationProblem;

/**
 * A differential drive of two PWM H-bridges with quadrature encoders. The I/O is claimed on a platform thread
 * (PWM at 0 % and 0 % again at shutdown); a fixed-rate loop on the platform scheduler runs each wheel's PID.
 * Velocity commands are refused while the drive is not ONLINE; {@code stop()} zeroes the duty at once.
 */
@Component(service = DriveBase.class, configurationPid = PwmDriveBase.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=DRIVE_BASE")
@Designate(ocd = PwmDriveConfig.class, factory = true)
public final class PwmDriveBase implements DriveBase {
    public static final String PID = "mechos.hal.pi4j.drive";
    /** MDC key of the device id (the kernel uses the same key around driver calls). */
    static final String MDC_DEVICE_ID = "deviceId";
    private static final Logger LOG = LoggerFactory.getLogger(PwmDriveBase.class);

    private final String id;
    private final AtomicReference<DriveOptions> options;
    private final Pi4jPlatform platform;
    private final HealthTracker health;
    private final List<String> ioIds = new ArrayList<>();
    private volatile WheelChannel left;
    private volatile WheelChannel right;
    private volatile double[] target = { 0, 0 };
    private volatile ScheduledFuture<?> loop;
    private volatile long lastStepNanos;
    private volatile boolean closed;

    /**
     * @return what the activation would refuse in these proposed values, naming the keys: the device id and the
     *         drive options ({@link DriveOptions#from}), the same checks the constructor runs
     */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        PwmDriveConfig c = ComponentProperties.as(PwmDriveConfig.class, values);
        return new ConfigurationChecks()
                .check(() -> checkId(c.mechos_device_id()), "mechos.device.id")
                .check(() -> DriveOptions.from(c), DriveOptions.KEYS.toArray(String[]::new))
                .problems();
    }

    @Activate
    public PwmDriveBase(PwmDriveConfig config, @Reference Pi4jPlatform platform) {
        this(config.mechos_device_id(), DriveOptions.from(config), platform);
        start();
    }

    /** For tests: nothing is claimed until {@link #start()}. */
    PwmDriveBase(String id, DriveOptions initial, Pi4jPlatform platform) {
        checkId(id);
        this.id = id;
        this.options = new AtomicReference<>(initial);
        this.platform = platform;
        this.health = new HealthTracker(id, "waiting for the Pi4J platform");
    }

    private static void checkId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(PID + ": mechos.device.id must not be empty");
        }
    }

    void start() {
        platform.whenReady(this::open);
    }

    /** @return the Pi4J I/O id of one of this drive's channels, e.g. {@code ioId("left", "pwm")} */
    String ioId(String side, String what) {
        return id + "-" + side + "-" + what;
    }

    private synchronized void open(Context ctx) {
        if (closed) {
            return;
        }
        DriveOptions o = options.get();
        try {
            left = channel(ctx, "left", o.left(), o);
            right = channel(ctx, "right", o.right(), o);
        } catch (RuntimeException e) {
            health.fault("cannot claim the motor I/O: " + e.getMessage());
            LOG.warn("drive '{}' cannot claim its I/O", id, e);
            release(ctx);
            return;
        }
        lastStepNanos = System.nanoTime();
        loop = platform.scheduler().scheduleAtFixedRate(this::step, o.periodMs(), o.periodMs(),
                TimeUnit.MILLISECONDS);
        health.online();
        LOG.info("drive '{}' ready ({} Hz PWM, {} ms speed loop)", id, o.pwmFrequency(), o.periodMs());
    }

    private WheelChannel channel(Context ctx, String side, DriveOptions.WheelPins p, DriveOptions o) {
        Pwm pwm = ctx.create(Pwm.newConfigBuilder(ctx).id(track(ioId(side, "pwm"))).name(id + " " + side + " PWM")
                .address(p.pwmChannel()).pwmType(PwmType.HARDWARE).frequency(o.pwmFrequency()).initial(0)
                .shutdown(0));
        DigitalOutput dir = ctx.create(DigitalOutput.newConfigBuilder(ctx).id(track(ioId(side, "dir")))
                .name(id + " " + side + " direction").address(p.dirPin()).initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW));
        DigitalInput a = ctx.create(DigitalInput.newConfigBuilder(ctx).id(track(ioId(side, "enc-a")))
                .name(id + " " + side + " encoder A").address(p.encA()));
        DigitalInput b = ctx.create(DigitalInput.newConfigBuilder(ctx).id(track(ioId(side, "enc-b")))
                .name(id + " " + side + " encoder B").address(p.encB()));
        PidController pid = new PidController(o.gains(), new PidLimits(-o.maxDuty(), o.maxDuty()));
        return new WheelChannel(id + "/" + side, pwm, dir, a, b, pid, p.inverted(), o.pwmFrequency());
    }

    private String track(String ioId) {
        ioIds.add(ioId);
        return ioId;
    }

    private void step() {
        MDC.put(MDC_DEVICE_ID, id);
        try {
            WheelChannel l = left;
            WheelChannel r = right;
            if (l == null || r == null || closed) {
                return;
            }
            long now = System.nanoTime();
            double dt = (now - lastStepNanos) / 1e9;
            lastStepNanos = now;
            if (dt <= 0) {
                return;
            }
            DriveOptions o = options.get();
            double ff = 1.0 / o.fullDutySpeed();
            double[] t = target;
            l.control(t[0], dt, o.metresPerCount(), ff, o.maxDuty());
            r.control(t[1], dt, o.metresPerCount(), ff, o.maxDuty());
        } catch (RuntimeException e) {
            // never let the periodic task die silently: the motors go to zero and the device reports FAULT
            health.fault("motor control failed: " + e);
            LOG.warn("drive '{}': control step failed; motors zeroed", id, e);
            target = new double[] { 0, 0 };
            zeroQuietly();
        } finally {
            MDC.remove(MDC_DEVICE_ID);
        }
    }

    @Modified
    void modified(PwmDriveConfig config) {
        DriveOptions next = DriveOptions.from(config);
        DriveOptions current = options.get();
        if (!next.left().equals(current.left()) || !next.right().equals(current.right())
                || next.periodMs() != current.periodMs() || next.pwmFrequency() != current.pwmFrequency()) {
            LOG.warn("drive '{}': pin, period and frequency changes apply when the configuration is recreated", id);
        }
        options.set(next);
        LOG.info("drive '{}' reconfigured: gains {}, max duty {}", id, next.gains(), next.maxDuty());
    }

    @Override
    public void setVelocity(double linear, double angular) throws DeviceException {
        if (!Double.isFinite(linear) || !Double.isFinite(angular)) {
            throw new IllegalArgumentException("velocity must be finite: linear=" + linear + " angular=" + angular);
        }
        if (!health.acceptsCommands() || closed) {
            throw new DeviceException("drive '" + id + "' is " + health.get());
        }
        target = options.get().wheelSpeeds(linear, angular);
    }

    /**
     * Zeroes both wheels. Before the I/O is claimed (platform not ready) and after release nothing is driven, so
     * the stop holds and is not an error; only a FAULT (I/O in an unknown state) is reported.
     */
    @Override
    public void stop() throws DeviceException {
        target = new double[] { 0, 0 };
        zeroQuietly();
        DeviceHealth h = health.get();
        if (h.state() == HealthState.FAULT) {
            throw new DeviceException("drive '" + id + "' is " + h + "; zero duty could not be confirmed");
        }
    }

    private void zeroQuietly() {
        for (WheelChannel c : new WheelChannel[] { left, right }) {
            if (c != null) {
                try {
                    c.zero();
                } catch (RuntimeException e) {
                    LOG.warn("drive '{}': zeroing {} failed", id, c, e);
                }
            }
        }
    }

    @Override
    public WheelSpeeds measuredWheelSpeeds() {
        WheelChannel l = left;
        WheelChannel r = right;
        return l == null || r == null ? WheelSpeeds.ZERO : new WheelSpeeds(l.measured(), r.measured(), lastStepNanos);
    }

    @Override
    public DriveGeometry geometry() {
        return options.get().geometry();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DeviceHealth health() {
        return health.get();
    }

    /** @return {left, right} signed duty last applied, -1..1 */
    double[] duties() {
        WheelChannel l = left;
        WheelChannel r = right;
        return new double[] { l == null ? 0 : l.duty(), r == null ? 0 : r.duty() };
    }

    @Deactivate
    synchronized void close() {
        closed = true;
        target = new double[] { 0, 0 };
        ScheduledFuture<?> f = loop;
        if (f != null) {
            f.cancel(false);
        }
        zeroQuietly();
        for (WheelChannel c : new WheelChannel[] { left, right }) {
            if (c != null) {
                c.detach();
            }
        }
        Context ctx = platform.context();
        if (ctx != null) {
            release(ctx);
        }
        health.offline("driver stopped");
    }

    private void release(Context ctx) {
        for (String io : ioIds) {
            try {
                if (ctx.registry().exists(io)) {
                    ctx.shutdown(io);
                }
            } catch (RuntimeException e) {
                LOG.warn("drive '{}': releasing {} failed", id, io, e);
            }
        }
        ioIds.clear();
    }

    @Override
    public String toString() {
        return "PwmDriveBase[" + id + "]";
    }
}
