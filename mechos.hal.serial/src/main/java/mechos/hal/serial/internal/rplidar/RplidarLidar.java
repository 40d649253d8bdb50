package mechos.hal.serial.internal.rplidar;

import java.util.List;
import java.util.Map;
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

import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.LaserScan;
import mechos.hal.api.Lidar;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.serial.internal.port.ConfigRules;
import mechos.platform.api.ConfigurationChecks;
import mechos.hal.serial.internal.port.JSerialCommLinkFactory;
import mechos.hal.serial.internal.port.SerialDeviceWorker;
import mechos.hal.serial.internal.port.SerialLinkFactory;
import mechos.hal.support.Backoff;
import mechos.hal.support.ConfigCheck;
import mechos.hal.support.HardwareProfile;
import mechos.hal.support.HealthTracker;
import mechos.hal.support.SensorFanout;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;

/**
 * An RPLIDAR A-series scanner as a HAL {@link Lidar}. Activation only starts the device's I/O thread; the port
 * is opened there, and the device reports OFFLINE (with the reason) until scans arrive.
 */
@Component(service = Lidar.class, configurationPid = RplidarLidar.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=LIDAR",
        // active only while the hardware profile selects this family (mechos.hal.support.HardwareProfile)
        reference = @Reference(name = "hardware", service = HardwareProfile.class,
                target = "(" + HardwareProfile.PROPERTY + "=" + HardwareProfile.SERIAL + ")"))
@Designate(ocd = RplidarConfig.class, factory = true)
public final class RplidarLidar implements Lidar {
    public static final String PID = "mechos.hal.serial.rplidar";
    private static final Logger LOG = LoggerFactory.getLogger(RplidarLidar.class);

    private final String id;
    private final AtomicReference<RplidarOptions> options;
    private final AtomicReference<Backoff> backoff;
    private final HealthTracker health;
    private final SensorFanout<LaserScan> listeners;
    private final RplidarSession session;
    private final SerialDeviceWorker worker;
    private volatile LaserScan latest;

    private volatile String rejected;

    @Activate
    public RplidarLidar(RplidarConfig config, Map<String, Object> props) {
        this(config.mechos_device_id(), checked(props, config), new JSerialCommLinkFactory());
        String why = rejection(props, config);
        if (why == null) {
            start();
        } else {
            rejected = why;
            health.fault("configuration rejected: " + why);
        }
    }

    /** @return null when the configuration is usable, else the reason (key, value, why) */
    static String rejection(Map<String, Object> props, RplidarConfig config) {
        try {
            ConfigCheck.types(props, RplidarConfig.class);
            RplidarOptions.from(config);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The options to build the device with: the configured ones, or the defaults (never started) when rejected. */
    private static RplidarOptions checked(Map<String, Object> props, RplidarConfig config) {
        String why = rejection(props, config);
        if (why == null) {
            return RplidarOptions.from(config);
        }
        LOG.warn("RPLIDAR {}: configuration rejected: {}; the device stays FAULT and opens no port",
                ConfigCheck.describe(props), why);
        return RplidarOptions.from(ConfigCheck.defaults(RplidarConfig.class));
    }

    /** For tests: nothing runs until {@link #start()}. */
    RplidarLidar(String id, RplidarOptions initial, SerialLinkFactory links) {
        checkId(id);
        this.id = id;
        this.options = new AtomicReference<>(initial);
        this.backoff = new AtomicReference<>(new Backoff(initial.reconnectMinMs(), initial.reconnectMaxMs()));
        this.health = new HealthTracker(id, "not connected yet");
        this.listeners = new SensorFanout<>(id);
        this.session = new RplidarSession(options::get, health, this::publish);
        this.worker = new SerialDeviceWorker(id, () -> options.get().port(), backoff::get, links, health, session);
    }

    /**
     * @return what the activation would refuse in these proposed values, rule by rule, naming the keys: the value
     *         types ({@link ConfigCheck#types}; a value that does not convert ends the check), the device id (the
     *         constructor's check) and the options' rules ({@link RplidarOptions#rules}, which include the scan
     *         assembler's beam and range checks; its coverage and step bounds are wider than the options'); then,
     *         when all passed, {@link RplidarOptions#from} as a whole. The assembler itself is not built here: it
     *         allocates {@code scan.beams} bins, and a validator must answer from memory without such allocations.
     */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        RplidarConfig c = ComponentProperties.as(RplidarConfig.class, values);
        ConfigurationChecks rules = ConfigRules.typed(values, RplidarConfig.class);
        if (!rules.passed()) {
            return rules.problems(); // the other rules would read the same unconvertible values
        }
        rules.check(() -> checkId(c.mechos_device_id()), "mechos.device.id");
        RplidarOptions.rules(rules, c);
        rules.whole(() -> RplidarOptions.from(c), RplidarOptions.KEYS.toArray(String[]::new));
        return rules.problems();
    }

    private static void checkId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(PID + ": mechos.device.id must not be empty");
        }
    }

    void start() {
        worker.start("mechos-rplidar-" + id);
    }

    @Modified
    void modified(RplidarConfig config, Map<String, Object> props) {
        String why = rejection(props, config);
        if (why != null) {
            LOG.warn("RPLIDAR {}: configuration rejected: {}; the device stops and stays FAULT",
                    ConfigCheck.describe(props), why);
            rejected = why;
            worker.stop(2000);
            health.fault("configuration rejected: " + why);
            return;
        }
        RplidarOptions next = RplidarOptions.from(config);
        if (!config.mechos_device_id().equals(id)) {
            LOG.warn("RPLIDAR '{}': a new mechos.device.id ({}) applies only when the configuration is recreated",
                    id, config.mechos_device_id());
        }
        backoff.set(new Backoff(next.reconnectMinMs(), next.reconnectMaxMs()));
        options.set(next);
        LOG.info("RPLIDAR '{}' reconfigured: {}", id, next.port());
        if (rejected != null) {
            rejected = null;
            health.offline("configuration accepted, connecting");
            start();
        }
    }

    @Deactivate
    void deactivate() {
        worker.stop(2000);
        listeners.clear();
    }

    private void publish(LaserScan scan) {
        latest = scan;
        listeners.publish(scan);
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
    public LaserScan latest() {
        return latest;
    }

    @Override
    public Subscription subscribe(SensorListener<? super LaserScan> listener) {
        return listeners.subscribe(listener);
    }

    long rejectedBytes() {
        return session.rejectedBytes();
    }

    long acceptedNodes() {
        return session.acceptedNodes();
    }

    long scans() {
        return session.scans();
    }

    long implausibleNodes() {
        return session.implausibleNodes();
    }

    RplidarInfo deviceInfo() {
        return session.info();
    }

    @Override
    public String toString() {
        return "RplidarLidar[" + id + "]";
    }
}
