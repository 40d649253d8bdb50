package mechos.kernel.internal.core;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.PoseTrust;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The world model as the gate and the tick see it: the clearance provider's answer, but unknown (so creep speed,
 * {@code clearance.creep}) while a {@link PoseTrust} provider says the pose cannot be trusted — or fails to say.
 * One WARN when trust is lost, one INFO when it returns.
 */
final class PoseTrustGuard implements ClearanceQuery {
    private static final Logger LOG = LoggerFactory.getLogger(PoseTrustGuard.class);
    private static final Clearance UNTRUSTED = Clearance.unknown();

    private final Supplier<ClearanceQuery> clearance;
    private final Supplier<PoseTrust> trust;
    private final AtomicReference<String> lastDistrust = new AtomicReference<>();

    PoseTrustGuard(Supplier<ClearanceQuery> clearance, Supplier<PoseTrust> trust) {
        this.clearance = clearance;
        this.trust = trust;
    }

    /** @return this guard when a clearance provider is present, else null (no world model) */
    ClearanceQuery current() {
        return clearance.get() == null ? null : this;
    }

    @Override
    public Clearance clearance(double linear, double angular, double footprintRadius, double horizonSeconds) {
        ClearanceQuery q = clearance.get();
        if (q == null) {
            return Clearance.unknown();
        }
        String why = distrust();
        if (why != null) {
            if (!why.equals(lastDistrust.getAndSet(why))) {
                LOG.warn("pose not trusted ({}): creep speed until localisation recovers", why);
            }
            return UNTRUSTED;
        }
        if (lastDistrust.getAndSet(null) != null) {
            LOG.info("pose trusted again: clearance checks as normal");
        }
        return q.clearance(linear, angular, footprintRadius, horizonSeconds);
    }

    private String distrust() {
        PoseTrust t = trust.get();
        if (t == null) {
            return null;
        }
        try {
            Optional<String> d = t.distrust();
            return d == null ? "pose trust provider gave no answer" : d.orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return "pose trust provider failed: " + e;
        }
    }
}
