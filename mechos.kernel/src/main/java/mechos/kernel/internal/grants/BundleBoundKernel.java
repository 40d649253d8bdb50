package mechos.kernel.internal.grants;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentEvent;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.TickStats;
import mechos.kernel.api.Violation;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.internal.core.KernelImpl;
import mechos.platform.api.LogText;

/**
 * The {@link Kernel} service as other bundles see it: one instance per calling bundle (service scope
 * {@code bundle}, so DS makes it a ServiceFactory and tells it the using bundle). {@link #submit} lets the
 * intent through to the gate only if the signed grants bind the agent to that bundle's symbolic name; otherwise
 * it is rejected here with the violation {@value Kernel#VIOLATION_IDENTITY}, published like any decision, and
 * never reaches the gate. The kernel's own in-process callers (tests, benchmarks) use {@link KernelImpl}
 * directly.
 */
@Component(service = Kernel.class, scope = ServiceScope.BUNDLE)
public final class BundleBoundKernel implements Kernel {
    private static final Logger LOG = LoggerFactory.getLogger(BundleBoundKernel.class);
    private static final String ID_PREFIX = "id-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36)
            + "-";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Kernel kernel;
    private final CapabilityManager grants;
    private final EventBus bus;
    private final String bundle;

    @Activate
    public BundleBoundKernel(@Reference KernelImpl kernel, @Reference CapabilityManager grants,
            @Reference EventBus bus, ComponentContext context) {
        this(kernel, grants, bus, context.getUsingBundle().getSymbolicName());
    }

    BundleBoundKernel(Kernel kernel, CapabilityManager grants, EventBus bus, String bundleSymbolicName) {
        this.kernel = kernel;
        this.grants = grants;
        this.bus = bus;
        this.bundle = bundleSymbolicName;
    }

    @Override
    public Decision submit(String agentId, Intent intent) {
        String refused = grants.identityViolation(bundle, agentId);
        if (refused == null) {
            return kernel.submit(agentId, intent);
        }
        String intentId = ID_PREFIX + Long.toString(SEQUENCE.incrementAndGet(), 36);
        long now = System.currentTimeMillis();
        Decision d = new Decision(intentId, agentId, intent, false,
                List.of(Violation.reject(VIOLATION_IDENTITY, refused)), now);
        try (MDC.MDCCloseable i = MDC.putCloseable(MDC_INTENT_ID, intentId);
                MDC.MDCCloseable a = MDC.putCloseable(MDC_AGENT_ID, String.valueOf(agentId))) {
            bus.publish(KernelTopics.INTENTS, new IntentEvent(intentId, agentId, intent, now), intentId);
            bus.publish(KernelTopics.DECISIONS, d, intentId);
            LOG.debug("rejected {} from {}: {}", LogText.cap(intent), agentId, LogText.cap(d.reason()));
        } catch (RuntimeException e) {
            LOG.warn("publishing the identity rejection on the bus failed", e);
        }
        return d;
    }

    @Override
    public SafetyStatus status() {
        return kernel.status();
    }

    @Override
    public TickStats tickStats() {
        return kernel.tickStats();
    }

    @Override
    public void resetTickStats() {
        kernel.resetTickStats();
    }

    @Override
    public java.util.List<String> configurationRefusals() {
        return kernel.configurationRefusals();
    }

    @Override
    public long clearanceMaxAgeNanos() {
        return kernel.clearanceMaxAgeNanos();
    }
}
