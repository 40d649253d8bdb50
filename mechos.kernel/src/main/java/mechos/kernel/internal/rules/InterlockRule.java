package mechos.kernel.internal.rules;

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

import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentAction;
import mechos.kernel.api.RuleContext;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.TriggerRelay;
import mechos.kernel.api.Violation;

/** E-stop, SAFE_STOP and manual-override interlocks. A zero-velocity Drive is a stop and always passes. */
@Component(service = mechos.kernel.api.SafetyRule.class, configurationPid = InterlockRule.PID)
@Designate(ocd = InterlockConfig.class)
public final class InterlockRule implements mechos.kernel.api.SafetyRule {
    public static final String PID = "mechos.kernel.rule.interlock";
    public static final String ID = "interlock";

    private final ConfigGuard guard;
    private volatile boolean relaysInSafeStop;

    /** Outside OSGi (tests, benchmarks). */
    public InterlockRule(InterlockConfig config) {
        this(config, null, new ConfigAudit());
    }

    /**
     * @param audit where refusals and accepted changes go (the kernel shows them); one per kernel bundle
     */
    public InterlockRule(InterlockConfig config, Map<String, Object> properties, ConfigAudit audit) {
        this(config, properties, audit, SafetyEnvelope.builtIn());
    }

    /** In OSGi: inside the envelope in force (development default or signed file). */
    @Activate
    public InterlockRule(InterlockConfig config, Map<String, Object> properties, @Reference ConfigAudit audit,
            @Reference EnvelopeService envelopes) {
        this(config, properties, audit, envelopes.envelope());
    }

    /**
     * Outside OSGi with a given envelope (tests of a signed envelope). A factory, not a public constructor: SCR
     * considers every public constructor with as many parameters as the activation constructor.
     */
    public static InterlockRule withEnvelope(InterlockConfig config, Map<String, Object> properties, ConfigAudit audit,
            SafetyEnvelope envelope) {
        return new InterlockRule(config, properties, audit, envelope);
    }

    private InterlockRule(InterlockConfig config, Map<String, Object> properties, ConfigAudit audit, SafetyEnvelope envelope) {
        this.guard = new ConfigGuard(PID, InterlockConfig.class, envelope,
                audit, Map.of(), v -> List.of());
        modified(config, properties);
    }

    @Modified
    void modified(InterlockConfig config, Map<String, Object> properties) {
        this.relaysInSafeStop = ConfigValues.b(guard.apply(config, properties), "relays_in_safe_stop");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Violation> check(Intent intent, RuleContext ctx) {
        if (!IntentAction.of(intent).isActuation() || (intent instanceof Drive d && d.linear() == 0 && d.angular() == 0)) {
            return List.of();
        }
        SafetyStatus s = ctx.status();
        if (s.state() == SafetyState.ESTOP_LATCHED) {
            return List.of(Violation.critical("interlock.estop", "e-stop latched (" + s.reason()
                    + "); nothing moves until an operator reset"));
        }
        if (s.state() == SafetyState.SAFE_STOP && !(intent instanceof TriggerRelay && relaysInSafeStop)) {
            return List.of(Violation.critical("interlock.safe_stop", "robot is in SAFE_STOP (" + s.reason() + ")"));
        }
        boolean override = s.state() == SafetyState.OVERRIDE || s.overrideRemainingMillis() > 0;
        if (override && !ctx.operator()) {
            return List.of(Violation.reject("interlock.override", "manual override active for another "
                    + s.overrideRemainingMillis() + " ms; AI intents are suspended"));
        }
        return List.of();
    }
}
