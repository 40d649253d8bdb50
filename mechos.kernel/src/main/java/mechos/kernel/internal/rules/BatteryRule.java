package mechos.kernel.internal.rules;

import java.util.List;
import java.util.Map;

import mechos.kernel.internal.policy.ConfigAudit;
import mechos.kernel.internal.policy.ConfigGuard;
import mechos.kernel.internal.policy.ConfigValues;
import mechos.kernel.internal.policy.EnvelopeService;
import mechos.kernel.internal.policy.SafetyEnvelope;
import java.util.Optional;
import java.util.OptionalDouble;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.api.RuleContext;
import mechos.kernel.api.SafetyRule;
import mechos.kernel.api.Violation;

/** Low battery: only motion toward the base, turning in place, or stopping. */
@Component(service = SafetyRule.class, configurationPid = BatteryRule.PID)
@Designate(ocd = BatteryConfig.class)
public final class BatteryRule implements SafetyRule {
    public static final String PID = "mechos.kernel.rule.battery";
    public static final String ID = "battery";

    private final ConfigGuard guard;
    private volatile Settings config;

    private record Settings(double low__threshold, double base__x, double base__y) {
    }

    /** Outside OSGi (tests, benchmarks). */
    public BatteryRule(BatteryConfig config) {
        this(config, null, new ConfigAudit());
    }

    /**
     * @param audit where refusals and accepted changes go (the kernel shows them); one per kernel bundle
     */
    public BatteryRule(BatteryConfig config, Map<String, Object> properties, ConfigAudit audit) {
        this(config, properties, audit, SafetyEnvelope.builtIn());
    }

    /** In OSGi: inside the envelope in force (development default or signed file). */
    @Activate
    public BatteryRule(BatteryConfig config, Map<String, Object> properties, @Reference ConfigAudit audit,
            @Reference EnvelopeService envelopes) {
        this(config, properties, audit, envelopes.envelope());
    }

    /**
     * Outside OSGi with a given envelope (tests of a signed envelope). A factory, not a public constructor: SCR
     * considers every public constructor with as many parameters as the activation constructor.
     */
    public static BatteryRule withEnvelope(BatteryConfig config, Map<String, Object> properties, ConfigAudit audit,
            SafetyEnvelope envelope) {
        return new BatteryRule(config, properties, audit, envelope);
    }

    private BatteryRule(BatteryConfig config, Map<String, Object> properties, ConfigAudit audit, SafetyEnvelope envelope) {
        this.guard = new ConfigGuard(PID, BatteryConfig.class, envelope,
                audit, Map.of(), v -> List.of());
        modified(config, properties);
    }

    @Modified
    void modified(BatteryConfig config, Map<String, Object> properties) {
        Map<String, Object> c = guard.apply(config, properties);
        this.config = new Settings(ConfigValues.d(c, "low_threshold"), ConfigValues.d(c, "base_x"),
                ConfigValues.d(c, "base_y"));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Violation> check(Intent intent, RuleContext ctx) {
        Settings c = config;
        OptionalDouble soc = ctx.batteryStateOfCharge();
        if (soc.isEmpty() || soc.getAsDouble() >= c.low__threshold()) {
            return List.of();
        }
        String low = String.format("battery at %.0f%% (below %.0f%%)", soc.getAsDouble() * 100, c.low__threshold() * 100);
        if (intent instanceof MoveEndEffector) {
            return List.of(Violation.reject("battery.low", low + ": only motion toward the base is allowed"));
        }
        if (!(intent instanceof Drive d) || d.linear() == 0) {
            return List.of(); // stopping and turning in place are fine
        }
        Optional<Pose2D> pose = ctx.odometryPose();
        if (pose.isEmpty()) {
            return List.of(Violation.reject("battery.low", low + " and no odometry to tell where the base is"));
        }
        Pose2D p = pose.get();
        double bearing = Math.atan2(c.base__y() - p.y(), c.base__x() - p.x());
        double toward = d.linear() * Math.cos(Pose2D.wrap(bearing - p.theta()));
        if (!(toward > 0)) {
            return List.of(Violation.reject("battery.low", low + ": this command moves away from the base at ("
                    + c.base__x() + ", " + c.base__y() + ")"));
        }
        return List.of();
    }
}
