package mechos.kernel.internal.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import mechos.kernel.api.Clearance;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.RuleContext;
import mechos.kernel.api.SafetyRule;
import mechos.kernel.api.Violation;

/** Time to collision against the world model; creep speed when there is none (or it cannot answer). */
@Component(service = SafetyRule.class, configurationPid = ClearanceRule.PID)
@Designate(ocd = ClearanceConfig.class)
public final class ClearanceRule implements SafetyRule {
    public static final String PID = "mechos.kernel.rule.clearance";
    public static final String ID = "clearance";

    private volatile ClearanceConfig config;

    @Activate
    public ClearanceRule(ClearanceConfig config) {
        modified(config);
    }

    @Modified
    void modified(ClearanceConfig c) {
        this.config = c;
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
        ClearanceConfig c = config;
        List<Violation> v = new ArrayList<>(0);
        Optional<Clearance> answer = ctx.clearance(d.linear(), d.angular(), c.horizon());
        boolean known = answer.isPresent() && answer.get().valid()
                && answer.get().dataAgeNanos() <= TimeUnit.MILLISECONDS.toNanos(c.max__age__ms());
        if (!known) {
            String why = answer.isEmpty() ? "no world model" : "world model cannot answer or is stale";
            if (!(Math.abs(d.linear()) <= c.creep__linear())) {
                v.add(Violation.reject("clearance.creep", why + ": linear " + d.linear()
                        + " m/s exceeds the creep speed " + c.creep__linear() + " m/s"));
            }
            if (!(Math.abs(d.angular()) <= c.creep__angular())) {
                v.add(Violation.reject("clearance.creep", why + ": angular " + d.angular()
                        + " rad/s exceeds the creep turn rate " + c.creep__angular() + " rad/s"));
            }
            return v;
        }
        Clearance cl = answer.get();
        if (cl.timeToCollision() < c.min__ttc()) {
            v.add(Violation.reject("clearance.ttc", String.format("time to collision %.2f s at (%.2f m/s, %.2f rad/s) "
                    + "is below %.2f s (nearest obstacle %.2f m)", cl.timeToCollision(), d.linear(), d.angular(),
                    c.min__ttc(), cl.nearestObstacle())));
        }
        return v;
    }
}
