package mechos.webconsole.internal;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.opentelemetry.api.OpenTelemetry;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;

/**
 * Optional OpenTelemetry tracing of intents ({@link IntentSpans}). No-op unless an {@link OpenTelemetry} service
 * is registered (mechos.telemetry registers one when its OTLP exporter is configured): without one it does not even
 * subscribe to the bus. The three kernel topics share one subscription so their messages arrive in publish order.
 */
@Component
public final class IntentTracer {
    private static final Logger LOG = LoggerFactory.getLogger(IntentTracer.class);
    private static final Set<String> TOPICS = Set.of(KernelTopics.INTENTS.name(), KernelTopics.DECISIONS.name(),
            KernelTopics.DISPATCH.name());

    private final Object lock = new Object();
    private final AtomicReference<EventBus> bus = new AtomicReference<>();
    private final AtomicReference<OpenTelemetry> telemetry = new AtomicReference<>();
    private BusSubscription subscription;
    private IntentSpans spans;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEventBus(EventBus b) {
        bus.set(b);
        rewire();
    }

    void unbindEventBus(EventBus b) {
        if (bus.compareAndSet(b, null)) {
            rewire();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOpenTelemetry(OpenTelemetry o) {
        telemetry.set(o);
        rewire();
    }

    void unbindOpenTelemetry(OpenTelemetry o) {
        if (telemetry.compareAndSet(o, null)) {
            rewire();
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            stop();
        }
    }

    private void rewire() {
        synchronized (lock) {
            stop();
            EventBus b = bus.get();
            OpenTelemetry o = telemetry.get();
            if (b == null || o == null) {
                return;
            }
            IntentSpans s = new IntentSpans(o.getTracer("mechos.webconsole"));
            try {
                subscription = b.subscribeAll(t -> TOPICS.contains(t.name()), "webconsole.tracing", 1024, e -> {
                    synchronized (s) {
                        s.onMessage(e.payload(), e.publishedNanos());
                    }
                });
                spans = s;
                LOG.info("tracing intents with OpenTelemetry");
            } catch (RuntimeException e) {
                LOG.warn("cannot subscribe to the event bus; intents are not traced", e);
            }
        }
    }

    private void stop() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the tracing subscription failed", e);
            }
            subscription = null;
        }
        if (spans != null) {
            IntentSpans s = spans;
            synchronized (s) {
                s.close(System.nanoTime());
            }
            spans = null;
        }
    }
}
