package mechos.hal.pi4j.internal.input;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;

import mechos.hal.pi4j.internal.platform.HealthTracker;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;

/**
 * A switch on a digital input, sampled every {@code pollMs} on the platform scheduler and debounced in
 * software (so it behaves the same on every Pi4J provider). Reports the debounced "active" state to a callback
 * on every change and, as a heartbeat, every {@code heartbeatMs}.
 */
final class DebouncedInput {
    private static final Logger LOG = LoggerFactory.getLogger(DebouncedInput.class);

    private final String deviceId;
    private final String ioId;
    private final String name;
    private final int pin;
    private final boolean activeHigh;
    private final PullResistance pull;
    private final long debounceNanos;
    private final long pollMs;
    private final long heartbeatNanos;
    private final Pi4jPlatform platform;
    private final HealthTracker health;
    private final Consumer<Boolean> onState;
    private volatile DigitalInput input;
    private volatile ScheduledFuture<?> poller;
    private Debouncer debouncer;
    private long lastReport;
    private volatile boolean closed;

    DebouncedInput(String deviceId, String ioId, String name, int pin, boolean activeHigh, PullResistance pull, long debounceMs,
            long pollMs, long heartbeatMs, Pi4jPlatform platform, HealthTracker health, Consumer<Boolean> onState) {
        if (pin < 0) {
            throw new IllegalArgumentException("pin must be >= 0, was " + pin);
        }
        if (debounceMs < 0 || pollMs <= 0) {
            throw new IllegalArgumentException("debounce.ms must be >= 0 and poll.ms > 0, were " + debounceMs + "/"
                    + pollMs);
        }
        this.deviceId = deviceId;
        this.ioId = ioId;
        this.name = name;
        this.pin = pin;
        this.activeHigh = activeHigh;
        this.pull = pull;
        this.debounceNanos = TimeUnit.MILLISECONDS.toNanos(debounceMs);
        this.pollMs = pollMs;
        this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMs);
        this.platform = platform;
        this.health = health;
        this.onState = onState;
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
            debouncer = new Debouncer(debounceNanos, active);
            lastReport = System.nanoTime();
            health.online();
            onState.accept(active);
            poller = platform.scheduler().scheduleWithFixedDelay(this::poll, pollMs, pollMs, TimeUnit.MILLISECONDS);
            LOG.info("{} on GPIO {} ready ({})", name, pin, active ? "active" : "inactive");
        } catch (RuntimeException e) {
            health.fault("cannot claim GPIO " + pin + ": " + e.getMessage());
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
            long now = System.nanoTime();
            boolean changed = debouncer.sample(active(in.state()), now);
            if (changed || now - lastReport >= heartbeatNanos) {
                lastReport = now;
                onState.accept(debouncer.stable());
            }
            health.online();
        } catch (RuntimeException e) {
            health.fault("reading GPIO " + pin + " failed: " + e.getMessage());
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
        health.offline("driver stopped");
    }
}
