package mechos.kernel.internal.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import mechos.kernel.internal.policy.ConfigAudit;
import mechos.kernel.internal.policy.ConfigGuard;
import mechos.kernel.internal.policy.ConfigValues;
import mechos.kernel.internal.policy.EnvelopeService;
import mechos.kernel.internal.policy.SafetyEnvelope;
import mechos.kernel.internal.policy.ConfigRefusal;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Box3;
import mechos.hal.api.Point3;
import mechos.kernel.api.EffectorLimits;
import mechos.kernel.api.Intent;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.api.RuleContext;
import mechos.kernel.api.SafetyRule;
import mechos.kernel.api.Violation;

/** End-effector targets inside the configured bounds and the device's own workspace, in its own frame. */
@Component(service = SafetyRule.class, configurationPid = WorkspaceRule.PID)
@Designate(ocd = WorkspaceConfig.class)
public final class WorkspaceRule implements SafetyRule {
    public static final String PID = "mechos.kernel.rule.workspace";
    public static final String ID = "workspace";

    private final ConfigGuard guard;
    private volatile Box3 bounds;

    /** Outside OSGi (tests, benchmarks). */
    public WorkspaceRule(WorkspaceConfig config) {
        this(config, null, new ConfigAudit());
    }

    /**
     * @param audit where refusals and accepted changes go (the kernel shows them); one per kernel bundle
     */
    public WorkspaceRule(WorkspaceConfig config, Map<String, Object> properties, ConfigAudit audit) {
        this(config, properties, audit, SafetyEnvelope.builtIn());
    }

    /** In OSGi: inside the envelope in force (development default or signed file). */
    @Activate
    public WorkspaceRule(WorkspaceConfig config, Map<String, Object> properties, @Reference ConfigAudit audit,
            @Reference EnvelopeService envelopes) {
        this(config, properties, audit, envelopes.envelope());
    }

    /**
     * Outside OSGi with a given envelope (tests of a signed envelope). A factory, not a public constructor: SCR
     * considers every public constructor with as many parameters as the activation constructor.
     */
    public static WorkspaceRule withEnvelope(WorkspaceConfig config, Map<String, Object> properties, ConfigAudit audit,
            SafetyEnvelope envelope) {
        return new WorkspaceRule(config, properties, audit, envelope);
    }

    private WorkspaceRule(WorkspaceConfig config, Map<String, Object> properties, ConfigAudit audit, SafetyEnvelope envelope) {
        this.guard = new ConfigGuard(PID, WorkspaceConfig.class, envelope,
                audit, Map.of(), WorkspaceRule::consistency);
        modified(config, properties);
    }

    @Modified
    void modified(WorkspaceConfig config, Map<String, Object> properties) {
        Map<String, Object> c = guard.apply(config, properties);
        this.bounds = new Box3(new Point3(ConfigValues.d(c, "min_x"), ConfigValues.d(c, "min_y"), ConfigValues.d(c, "min_z")),
                new Point3(ConfigValues.d(c, "max_x"), ConfigValues.d(c, "max_y"), ConfigValues.d(c, "max_z")));
    }

    private static List<ConfigRefusal> consistency(Map<String, Object> c) {
        List<ConfigRefusal> out = new ArrayList<>(0);
        for (String axis : List.of("x", "y", "z")) {
            if (!(ConfigValues.d(c, "min_" + axis) < ConfigValues.d(c, "max_" + axis))) {
                out.add(new ConfigRefusal(PID, "min_" + axis, ConfigValues.show(c.get("min_" + axis)),
                        "must be below max_" + axis + " (" + ConfigValues.show(c.get("max_" + axis)) + ")"));
            }
        }
        return out;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Violation> check(Intent intent, RuleContext ctx) {
        if (!(intent instanceof MoveEndEffector m)) {
            return List.of();
        }
        List<Violation> v = new ArrayList<>(0);
        Point3 p = new Point3(m.x(), m.y(), m.z());
        if (!bounds.contains(p)) {
            v.add(Violation.reject("workspace.bounds", "target " + p + " is outside the allowed bounds " + bounds));
        }
        Optional<EffectorLimits> limits = m.device() == null ? Optional.empty() : ctx.endEffector(m.device());
        if (limits.isEmpty()) {
            v.add(Violation.reject("workspace.unknown", "workspace of effector '" + m.device() + "' is not known yet"));
        } else {
            EffectorLimits l = limits.get();
            if (m.frame() != null && !m.frame().equals(l.frame())) {
                v.add(Violation.reject("workspace.frame", "target frame '" + m.frame() + "' is not the effector's frame '"
                        + l.frame() + "' (the kernel does not transform)"));
            }
            if (!l.workspace().contains(p)) {
                v.add(Violation.reject("workspace.device", "target " + p + " is outside the workspace of '"
                        + m.device() + "' " + l.workspace()));
            }
        }
        return v;
    }
}
