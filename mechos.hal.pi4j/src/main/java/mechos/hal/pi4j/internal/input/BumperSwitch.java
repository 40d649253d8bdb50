package mechos.hal.pi4j.internal.input;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import com.pi4j.io.gpio.digital.PullResistance;

import mechos.hal.api.Bumper;
import mechos.hal.api.ContactReading;
import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.pi4j.internal.platform.HealthTracker;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;

/** A debounced bumper switch as a HAL {@link Bumper}. */
@Component(service = Bumper.class, configurationPid = BumperSwitch.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=BUMPER")
@Designate(ocd = BumperSwitchConfig.class, factory = true)
public final class BumperSwitch implements Bumper {
    static final String PID = "mechos.hal.pi4j.bumper";

    private final String id;
    private final double bearing;
    private final HealthTracker health;
    private final SampleListeners<ContactReading> listeners;
    private final DebouncedInput input;
    private volatile ContactReading latest;

    @Activate
    public BumperSwitch(BumperSwitchConfig c, @Reference Pi4jPlatform platform) {
        this(c.mechos_device_id(), c.pin(), c.pressed_when_high(), c.pull(), c.bearing(), c.debounce_ms(),
                c.poll_ms(), c.heartbeat_ms(), platform);
        start();
    }

    /** For tests: the input is claimed on {@link #start()}. */
    public BumperSwitch(String id, int pin, boolean pressedWhenHigh, PullResistance pull, double bearing,
            int debounceMs, int pollMs, int heartbeatMs, Pi4jPlatform platform) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(PID + ": mechos.device.id must not be empty");
        }
        this.id = id;
        this.bearing = bearing;
        this.health = new HealthTracker(id, "waiting for the Pi4J platform");
        this.listeners = new SampleListeners<>(id);
        this.input = new DebouncedInput(id, "bumper-" + id, "bumper '" + id + "'", pin, pressedWhenHigh, pull,
                debounceMs, pollMs, heartbeatMs, platform, health, this::publish);
    }

    public void start() {
        input.start();
    }

    private void publish(boolean pressed) {
        ContactReading r = new ContactReading(System.nanoTime(), pressed, bearing);
        latest = r;
        listeners.publish(r);
    }

    /** The Pi4J I/O id of the input. */
    public String ioId() {
        return "bumper-" + id;
    }

    @Override
    public ContactReading latest() {
        return latest;
    }

    @Override
    public Subscription subscribe(SensorListener<? super ContactReading> listener) {
        return listeners.add(listener);
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
    public void close() {
        input.close();
        listeners.clear();
    }

    @Override
    public String toString() {
        return "BumperSwitch[" + id + "]";
    }
}
