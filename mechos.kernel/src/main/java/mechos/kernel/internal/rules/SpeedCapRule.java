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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.RuleContext;
import mechos.kernel.api.SafetyRule;
import mechos.kernel.api.Violation;

/** Linear and angular speed caps, and an acceleration limit relative to the current command. */
@Component(service = SafetyRule.class, configurationPid = SpeedCapRule.PID)
@Designate(ocd = SpeedConfig.class)
public final class SpeedCapRule implements SafetyRule {
    public static final String PID = "mechos.kernel.rule.speed";
    public static final String ID = "speed";
    private static final Logger LOG = LoggerFactory.getLogger(SpeedCapRule.class);

    record Limits(double maxLinear, double maxAngular, double linearStep, double angularStep) {
    }

    private final ConfigGuard guard;
    private volatile Limits limits;

    /** Outside OSGi (tests, benchmarks). */
    public SpeedCapRule(SpeedConfig config) {
        this(config, null, new ConfigAudit());
    }

    /**
     * @param audit where refusals and accepted changes go (the kernel shows them); one per kernel bundle
     */
    public SpeedCapRule(SpeedConfig config, Map<String, Object> properties, ConfigAudit audit) {
        this(config, properties, audit, SafetyEnvelope.builtIn());
    }

    /** In OSGi: inside the envelope in force (development default or signed file). */
    @Activate
    public SpeedCapRule(SpeedConfig config, Map<String, Object> properties, @Reference ConfigAudit audit,
            @Reference EnvelopeService envelopes) {
        this(config, properties, audit, envelopes.envelope());
    }

    /**
     * Outside OSGi with a given envelope (tests of a signed envelope). A factory, not a public constructor: SCR
     * considers every public constructor with as many parameters as the activation constructor.
     */
    public static SpeedCapRule withEnvelope(SpeedConfig config, Map<String, Object> properties, ConfigAudit audit,
            SafetyEnvelope envelope) {
        return new SpeedCapRule(config, properties, audit, envelope);
    }

    private SpeedCapRule(SpeedConfig config, Map<String, Object> properties, ConfigAudit audit, SafetyEnvelope envelope) {
        this.guard = new ConfigGuard(PID, SpeedConfig.class, envelope,
                audit, Map.of(), v -> List.of());
        modified(config, properties);
    }

    /** Values outside the safety envelope (every one must be finite and bounded) are refused as a whole. */
    @Modified
    void modified(SpeedConfig config, Map<String, Object> properties) {
        Map<String, Object> c = guard.apply(config, properties);
        double window = ConfigValues.l(c, "accel_window_ms") / 1000.0;
        Limits l = new Limits(ConfigValues.d(c, "max_linear"), ConfigValues.d(c, "max_angular"),
                ConfigValues.d(c, "max_linear_accel") * window, ConfigValues.d(c, "max_angular_accel") * window);
        this.limits = l;
        LOG.info("speed caps: linear {} m/s, angular {} rad/s", l.maxLinear(), l.maxAngular());
    }

    /** For tests: the limits in force. */
    Limits limits() {
        return limits;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Violation> check(Intent intent, RuleContext ctx) {
        if (!(intent instanceof Drive d)) {
            return List.of();
        }
        Limits l = limits;
        List<Violation> v = new ArrayList<>(0);
        // NaN fails every comparison: write the checks so that NaN is rejected too.
        if (!(Math.abs(d.linear()) <= l.maxLinear())) {
            v.add(Violation.reject("speed.linear", "linear " + d.linear() + " m/s exceeds the cap of "
                    + l.maxLinear() + " m/s"));
        }
        if (!(Math.abs(d.angular()) <= l.maxAngular())) {
            v.add(Violation.reject("speed.angular", "angular " + d.angular() + " rad/s exceeds the cap of "
                    + l.maxAngular() + " rad/s"));
        }
        step(v, "speed.accel_linear", "linear", ctx.commandedLinear(), d.linear(), l.linearStep(), "m/s");
        step(v, "speed.accel_angular", "angular", ctx.commandedAngular(), d.angular(), l.angularStep(), "rad/s");
        return v;
    }

    private static void step(List<Violation> v, String id, String what, double current, double next, double maxStep,
            String unit) {
        boolean slowingDown = Math.abs(next) <= Math.abs(current) && (next == 0 || Math.signum(next) == Math.signum(current));
        if (slowingDown) {
            return;
        }
        if (!(Math.abs(next - current) <= maxStep)) {
            v.add(Violation.reject(id, String.format("%s change from %.3f to %.3f %s exceeds the acceleration limit "
                    + "(at most %.3f %s per command); ramp up in steps", what, current, next, unit, maxStep, unit)));
        }
    }
}
