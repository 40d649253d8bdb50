package mechos.hal.pi4j.internal.input;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import com.pi4j.io.gpio.digital.PullResistance;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.EStopInput;
import mechos.hal.api.EStopReading;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.pi4j.internal.platform.HealthTracker;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;

/** A debounced e-stop button as a HAL {@link EStopInput}; the kernel subscribes and latches on a press. */
@Component(service = EStopInput.class, configurationPid = EStopButton.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=ESTOP")
@Designate(ocd = EStopButtonConfig.class, factory = true)
public final class EStopButton implements EStopInput {
    static final String PID = "mechos.hal.pi4j.estop";

    private final String id;
    private final HealthTracker health;
    private final SampleListeners<EStopReading> listeners;
    private final DebouncedInput input;
    private volatile EStopReading latest;

    @Activate
    public EStopButton(EStopButtonConfig c, @Reference Pi4jPlatform platform) {
        this(c.mechos_device_id(), c.pin(), c.pressed_when_high(), c.pull(), c.debounce_ms(), c.poll_ms(),
                c.heartbeat_ms(), platform);
        start();
    }

    /** For tests: the input is claimed on {@link #start()}. */
    public EStopButton(String id, int pin, boolean pressedWhenHigh, PullResistance pull, int debounceMs, int pollMs,
            int heartbeatMs, Pi4jPlatform platform) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(PID + ": mechos.device.id must not be empty");
        }
        this.id = id;
        this.health = new HealthTracker(id, "waiting for the Pi4J platform");
        this.listeners = new SampleListeners<>(id);
        this.input = new DebouncedInput(id, "estop-" + id, "e-stop '" + id + "'", pin, pressedWhenHigh, pull, debounceMs,
                pollMs, heartbeatMs, platform, health, this::publish);
    }

    public void start() {
        input.start();
    }

    private void publish(boolean pressed) {
        EStopReading r = new EStopReading(System.nanoTime(), pressed);
        latest = r;
        listeners.publish(r);
    }

    /** The Pi4J I/O id of the input. */
    public String ioId() {
        return "estop-" + id;
    }

    @Override
    public EStopReading latest() {
        return latest;
    }

    @Override
    public Subscription subscribe(SensorListener<? super EStopReading> listener) {
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
        return "EStopButton[" + id + "]";
    }
}
