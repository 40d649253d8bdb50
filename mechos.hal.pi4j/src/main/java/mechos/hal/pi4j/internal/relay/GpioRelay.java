package mechos.hal.pi4j.internal.relay;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.Relay;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;
import mechos.hal.support.HealthTracker;
import mechos.hal.support.RelayState;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;

/**
 * A relay on a digital output. The output is claimed on a platform thread with its safe level as the initial
 * and the shutdown level, so it is safe from the first moment until the platform shuts down.
 */
@Component(service = Relay.class, configurationPid = GpioRelay.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Device.KIND + "=RELAY")
@Designate(ocd = GpioRelayConfig.class, factory = true)
public final class GpioRelay implements Relay {
    public static final String PID = "mechos.hal.pi4j.relay";
    private static final Logger LOG = LoggerFactory.getLogger(GpioRelay.class);

    private final String id;
    private final int pin;
    private final boolean activeLow;
    private final boolean safeState;
    private final Pi4jPlatform platform;
    private final HealthTracker health;
    private final RelayState relay;
    private volatile DigitalOutput output;
    private volatile boolean closed;

    /**
     * @return what the constructor would refuse in these proposed values, naming the keys: it is run unstarted
     *         (nothing is claimed before {@link #start()})
     */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        GpioRelayConfig c = ComponentProperties.as(GpioRelayConfig.class, values);
        return ConfigurationProblem.ifRefused(() -> new GpioRelay(c.mechos_device_id(), c.pin(), c.active_low(),
                c.safe_state(), null), "mechos.device.id", "pin").stream().toList();
    }

    @Activate
    public GpioRelay(GpioRelayConfig config, @Reference Pi4jPlatform platform) {
        this(config.mechos_device_id(), config.pin(), config.active_low(), config.safe_state(), platform);
        start();
    }

    /** For tests: nothing is claimed until {@link #start()}. */
    public GpioRelay(String id, int pin, boolean activeLow, boolean safeState, Pi4jPlatform platform) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(PID + ": mechos.device.id must not be empty");
        }
        if (pin < 0) {
            throw new IllegalArgumentException(PID + ": pin must be >= 0, was " + pin);
        }
        this.id = id;
        this.pin = pin;
        this.activeLow = activeLow;
        this.safeState = safeState;
        this.platform = platform;
        this.health = new HealthTracker(id, "waiting for the Pi4J platform");
        this.relay = new RelayState(id, safeState, health);
    }

    public void start() {
        platform.whenReady(this::open);
    }

    /** The Pi4J I/O id of the output (unique in the context). */
    public String ioId() {
        return "relay-" + id;
    }

    DigitalState level(boolean on) {
        return on != activeLow ? DigitalState.HIGH : DigitalState.LOW;
    }

    private synchronized void open(Context ctx) {
        if (closed) {
            return;
        }
        try {
            output = ctx.create(DigitalOutput.newConfigBuilder(ctx).id(ioId()).name("relay " + id).address(pin)
                    .initial(level(safeState)).shutdown(level(safeState)));
            relay.claimedInSafeState();
            health.online();
            LOG.info("relay '{}' on GPIO {} ready in its safe state ({})", id, pin, safeState ? "on" : "off");
        } catch (RuntimeException e) {
            health.fault("cannot claim GPIO " + pin + ": " + e.getMessage());
            LOG.warn("relay '{}' cannot claim GPIO {}", id, pin, e);
        }
    }

    @Override
    public synchronized void set(boolean on) throws DeviceException {
        relay.set(on, closed ? null : output(output));
    }

    /** @return the relay helper's view of the output (GPIO {@link #pin}), null when none is claimed */
    private RelayState.Output output(DigitalOutput out) {
        return out == null ? null : on -> out.state(level(on));
    }

    @Override
    public boolean state() {
        return relay.state();
    }

    @Override
    public boolean safeState() {
        return relay.safeState();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DeviceHealth health() {
        return health.get();
    }

    @Deactivate
    public synchronized void close() {
        closed = true;
        DigitalOutput out = output;
        output = null;
        Context ctx = platform.context();
        if (out != null) {
            relay.toSafeState(output(out));
            try {
                if (ctx != null) {
                    ctx.shutdown(ioId());
                }
            } catch (RuntimeException e) {
                LOG.warn("relay '{}': could not release GPIO {} on stop", id, pin, e);
            }
        }
        health.offline("driver stopped");
    }

    @Override
    public String toString() {
        return "GpioRelay[" + id + " GPIO " + pin + "]";
    }
}
