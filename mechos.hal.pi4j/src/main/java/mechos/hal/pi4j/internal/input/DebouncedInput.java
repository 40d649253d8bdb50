package mechos.hal.pi4j.internal.input;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;

import mechos.hal.pi4j.internal.platform.Pi4jPlatform;
import mechos.hal.support.DebouncedContact;

/**
 * The Pi4J side of a switch on a digital input: claims the input when the platform is ready and samples it every
 * {@code pollMs} on the platform scheduler; debouncing, heartbeat, health and fan-out are the support layer's
 * {@link DebouncedContact} (so it behaves the same on every Pi4J provider and in the unit tests).
 */
final class DebouncedInput<R> {
    private static final Logger LOG = LoggerFactory.getLogger(DebouncedInput.class);

    private final String deviceId;
    private final String ioId;
    private final String name;
    private final int pin;
    private final boolean activeHigh;
    private final PullResistance pull;
    private final long pollMs;
    private final Pi4jPlatform platform;
    private final DebouncedContact<R> contact;
    private volatile DigitalInput input;
    private volatile ScheduledFuture<?> poller;
    private volatile boolean closed;

    DebouncedInput(String deviceId, String ioId, String name, int pin, boolean activeHigh, PullResistance pull,
            long pollMs, Pi4jPlatform platform, DebouncedContact<R> contact) {
        if (pin < 0) {
            throw new IllegalArgumentException("pin=" + pin + ": must be >= 0");
        }
        if (pollMs <= 0) {
            throw new IllegalArgumentException("poll.ms=" + pollMs + ": must be > 0");
        }
        this.deviceId = deviceId;
        this.ioId = ioId;
        this.name = name;
        this.pin = pin;
        this.activeHigh = activeHigh;
        this.pull = pull;
        this.pollMs = pollMs;
        this.platform = platform;
        this.contact = contact;
    }

    void start() {
        platform.whenReady(this::open);
    }

    private synchronized void open(Context ctx) {
        if (closed) {
            return;
        }
        try {
            DigitalInput in = ctx.create(
                    DigitalInput.newConfigBuilder(ctx).id(ioId).name(name).address(pin).pull(pull));
            input = in;
            boolean active = active(in.state());
            contact.first(active);
            poller = platform.scheduler().scheduleWithFixedDelay(this::poll, pollMs, pollMs, TimeUnit.MILLISECONDS);
            LOG.info("{} on GPIO {} ready ({})", name, pin, active ? "active" : "inactive");
        } catch (RuntimeException e) {
            contact.failed("cannot claim GPIO " + pin + ": " + e.getMessage());
            LOG.warn("{} cannot claim GPIO {}", name, pin, e);
        }
    }

    private boolean active(DigitalState s) {
        return (s == DigitalState.HIGH) == activeHigh;
    }

    private void poll() {
        MDC.put("deviceId", deviceId);
        try {
            DigitalInput in = input;
            if (in == null || closed) {
                return;
            }
            contact.sample(active(in.state()));
        } catch (RuntimeException e) {
            contact.failed("reading GPIO " + pin + " failed: " + e.getMessage());
            LOG.warn("{}: reading GPIO {} failed", name, pin, e);
        } finally {
            MDC.remove("deviceId");
        }
    }

    synchronized void close() {
        closed = true;
        ScheduledFuture<?> p = poller;
        if (p != null) {
            p.cancel(false);
        }
        Context ctx = platform.context();
        if (input != null && ctx != null) {
            try {
                ctx.shutdown(ioId);
            } catch (RuntimeException e) {
                LOG.warn("{}: releasing GPIO {} failed", name, pin, e);
            }
        }
        input = null;
        contact.stopped();
    }
}
