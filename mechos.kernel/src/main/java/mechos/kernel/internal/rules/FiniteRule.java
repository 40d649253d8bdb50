package mechos.kernel.internal.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import mechos.kernel.internal.policy.ConfigAudit;
import mechos.kernel.internal.policy.ConfigGuard;
import mechos.kernel.internal.policy.ConfigValues;
import mechos.kernel.internal.policy.EnvelopeService;
import mechos.kernel.internal.policy.SafetyEnvelope;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.kernel.api.AskHuman;
import mechos.kernel.api.BroadcastFleet;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.MessagePeer;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.api.PostTask;
import mechos.kernel.api.RuleContext;
import mechos.kernel.api.SafetyRule;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TriggerRelay;
import mechos.kernel.api.Violation;

/** Rejects any intent with a non-finite number, a missing required text, or an oversized text. */
@Component(service = SafetyRule.class, configurationPid = FiniteRule.PID)
@Designate(ocd = FiniteConfig.class)
public final class FiniteRule implements SafetyRule {
    public static final String PID = "mechos.kernel.rule.finite";
    public static final String ID = "finite";

    private final ConfigGuard guard;
    private volatile int maxText;

    /** Outside OSGi (tests, benchmarks). */
    public FiniteRule(FiniteConfig config) {
        this(config, null, new ConfigAudit());
    }

    /**
     * @param audit where refusals and accepted changes go (the kernel shows them); one per kernel bundle
     */
    public FiniteRule(FiniteConfig config, Map<String, Object> properties, ConfigAudit audit) {
        this(config, properties, audit, SafetyEnvelope.builtIn());
    }

    /** In OSGi: inside the envelope in force (development default or signed file). */
    @Activate
    public FiniteRule(FiniteConfig config, Map<String, Object> properties, @Reference ConfigAudit audit,
            @Reference EnvelopeService envelopes) {
        this(config, properties, audit, envelopes.envelope());
    }

    /**
     * Outside OSGi with a given envelope (tests of a signed envelope). A factory, not a public constructor: SCR
     * considers every public constructor with as many parameters as the activation constructor.
     */
    public static FiniteRule withEnvelope(FiniteConfig config, Map<String, Object> properties, ConfigAudit audit,
            SafetyEnvelope envelope) {
        return new FiniteRule(config, properties, audit, envelope);
    }

    private FiniteRule(FiniteConfig config, Map<String, Object> properties, ConfigAudit audit, SafetyEnvelope envelope) {
        this.guard = new ConfigGuard(PID, FiniteConfig.class, envelope,
                audit, Map.of(), v -> List.of());
        modified(config, properties);
    }

    @Modified
    void modified(FiniteConfig config, Map<String, Object> properties) {
        this.maxText = ConfigValues.i(guard.apply(config, properties), "max_text_length");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Violation> check(Intent intent, RuleContext context) {
        List<Violation> v = new ArrayList<>(0);
        if (intent instanceof Drive d) {
            finite(v, "linear", d.linear());
            finite(v, "angular", d.angular());
        } else if (intent instanceof MoveEndEffector m) {
            text(v, "device", m.device(), true);
            finite(v, "x", m.x());
            finite(v, "y", m.y());
            finite(v, "z", m.z());
            text(v, "frame", m.frame(), false);
        } else if (intent instanceof TriggerRelay r) {
            text(v, "relay", r.relay(), true);
        } else if (intent instanceof AskHuman a) {
            text(v, "question", a.question(), true);
            text(v, "contextImageId", a.contextImageId(), false);
        } else if (intent instanceof MessagePeer m) {
            text(v, "peer", m.peer(), true);
            text(v, "text", m.text(), true);
        } else if (intent instanceof BroadcastFleet b) {
            text(v, "text", b.text(), true);
        } else if (intent instanceof PostTask p) {
            text(v, "title", p.title(), true);
            text(v, "description", p.description(), false);
            text(v, "assignee", p.assignee(), false);
        } else if (intent instanceof Stop s) {
            text(v, "reason", s.reason(), false);
        }
        return v;
    }

    private static void finite(List<Violation> v, String field, double value) {
        if (!Double.isFinite(value)) {
            v.add(Violation.critical("finite." + field, "'" + field + "' is " + value + "; every number must be finite"));
        }
    }

    private void text(List<Violation> v, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                v.add(Violation.reject("finite." + field, "'" + field + "' is required"));
            }
        } else if (value.length() > maxText) {
            v.add(Violation.reject("finite." + field, "'" + field + "' is " + value.length()
                    + " characters; at most " + maxText));
        }
    }
}
