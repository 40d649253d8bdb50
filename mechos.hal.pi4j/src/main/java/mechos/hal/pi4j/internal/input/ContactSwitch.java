package mechos.hal.pi4j.internal.input;

import java.util.List;

import com.pi4j.io.gpio.digital.PullResistance;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.SensorListener;
import mechos.hal.api.SensorSource;
import mechos.hal.api.Subscription;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;
import mechos.hal.support.DebouncedContact;

/**
 * What a bumper switch and an e-stop button share: a debounced contact on a GPIO input (support layer's
 * {@link DebouncedContact}) exposed as a HAL sensor. Subclasses are the thin DS components that name the service
 * and the reading type.
 */
abstract class ContactSwitch<R> implements SensorSource<R> {
    /** The configuration keys the constructor checks (directly or through the debouncer and the input). */
    static final List<String> KEYS = List.of("mechos.device.id", "pin", "debounce.ms", "poll.ms", "heartbeat.ms");

    private final String id;
    private final String ioId;
    private final DebouncedContact<R> contact;
    private final DebouncedInput<R> input;

    /** @throws IllegalArgumentException naming the property (mechos.device.id, pin, poll.ms, …) that is wrong */
    ContactSwitch(String pid, String kind, String id, int pin, boolean activeHigh, PullResistance pull,
            int debounceMs, int pollMs, int heartbeatMs, Pi4jPlatform platform,
            DebouncedContact.Readings<R> readings) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(pid + ": mechos.device.id must not be empty");
        }
        this.id = id;
        this.ioId = kind + "-" + id;
        try {
            this.contact = new DebouncedContact<>(id, "waiting for the Pi4J platform", debounceMs, heartbeatMs,
                    System::nanoTime, readings);
            this.input = new DebouncedInput<>(id, ioId, kind + " '" + id + "'", pin, activeHigh, pull, pollMs,
                    platform, contact);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(pid + " '" + id + "': " + e.getMessage(), e);
        }
    }

    public final void start() {
        input.start();
    }

    /** The Pi4J I/O id of the input. */
    public final String ioId() {
        return ioId;
    }

    @Override
    public final R latest() {
        return contact.samples().latest();
    }

    @Override
    public final Subscription subscribe(SensorListener<? super R> listener) {
        return contact.samples().subscribe(listener);
    }

    public final String id() {
        return id;
    }

    public final DeviceHealth health() {
        return contact.health().get();
    }

    public void close() {
        input.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + "]";
    }
}
