package mechos.kernel.internal.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.kernel.api.Clearance;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.RuleContext;
import mechos.kernel.api.SafetyRule;
import mechos.kernel.api.Violation;
import mechos.kernel.internal.policy.ConfigAudit;
import mechos.kernel.internal.policy.ConfigGuard;
import mechos.kernel.internal.policy.EnvelopeService;
import mechos.kernel.internal.policy.SafetyEnvelope;
import mechos.kernel.internal.policy.SafetyPolicy;

/**
 * The gate's side of the one {@link SafetyPolicy}: a proposed Drive is assessed against the same configuration
 * and world model as the safety tick assesses the current motion. The rule stays a whiteboard service so that
 * "clearance" can be required (the kernel rejects motion while it is missing).
 */
@Component(service = SafetyRule.class, configurationPid = ClearanceRule.PID)
@Designate(ocd = ClearanceConfig.class)
public final class ClearanceRule implements SafetyRule {
    public static final String PID = "mechos.kernel.rule.clearance";
    public static final String ID = "clearance";
    static final Map<String, String> LEFTOVERS = Map.of(
            "min_ttc", "set min_ttc in mechos.kernel instead",
            "horizon", "set clearance_horizon in mechos.kernel instead",
            "creep_linear", "set creep_linear in mechos.kernel instead",
            "creep_angular", "set creep_angular in mechos.kernel instead",
            "max_age_ms", "set clearance_max_age_ms in mechos.kernel instead");

    private final ConfigGuard guard;

    /** Outside OSGi (tests, benchmarks). */
    public ClearanceRule(ClearanceConfig config) {
        this(config, null, new ConfigAudit());
    }

    /**
     * @param audit where refusals and accepted changes go (the kernel shows them); one per kernel bundle
     */
    public ClearanceRule(ClearanceConfig config, Map<String, Object> properties, ConfigAudit audit) {
        this(config, properties, audit, SafetyEnvelope.builtIn());
    }

    /** In OSGi: inside the envelope in force (development default or signed file). */
    @Activate
    public ClearanceRule(ClearanceConfig config, Map<String, Object> properties, @Reference ConfigAudit audit,
            @Reference EnvelopeService envelopes) {
        this(config, properties, audit, envelopes.envelope());
    }

    /**
     * Outside OSGi with a given envelope (tests of a signed envelope). A factory, not a public constructor: SCR
     * considers every public constructor with as many parameters as the activation constructor.
     */
    public static ClearanceRule withEnvelope(ClearanceConfig config, Map<String, Object> properties, ConfigAudit audit,
            SafetyEnvelope envelope) {
        return new ClearanceRule(config, properties, audit, envelope);
    }

    private ClearanceRule(ClearanceConfig config, Map<String, Object> properties, ConfigAudit audit, SafetyEnvelope envelope) {
        this.guard = new ConfigGuard(PID, ClearanceConfig.class, envelope,
                audit, LEFTOVERS, v -> List.of());
        modified(config, properties);
    }

    /** Only reports leftover keys (one WARN each) and unknown ones; there is nothing to apply. */
    @Modified
    void modified(ClearanceConfig config, Map<String, Object> properties) {
        guard.apply(config, properties);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Violation> check(Intent intent, RuleContext ctx) {
        if (!(intent instanceof Drive d) || (d.linear() == 0 && d.angular() == 0)) {
            return List.of();
        }
        if (!(ctx instanceof SafetyPolicy.Holder holder)) {
            return List.of(Violation.critical("clearance.policy",
                    "the clearance rule needs the MechOS kernel's safety policy"));
        }
        SafetyPolicy p = holder.policy();
        Optional<Clearance> answer = ctx.clearance(d.linear(), d.angular(), p.horizon());
        SafetyPolicy.Assessment a = p.proposed(d.linear(), d.angular(), answer.orElse(null),
                holder.zone(d.linear(), d.angular()));
        return a.allowed() ? List.of() : List.of(Violation.reject(a.id(), a.reason()));
    }
}
