package mechos.fleet.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import mechos.fleet.internal.market.MarketAgent;
import mechos.fleet.internal.mqtt.Outbox;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationChecks;
import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationValidator;

/**
 * Checks the fleet configuration before the fleet component sees it, with the checks its activation runs (the
 * static functions of {@link FleetComponent}, {@link NodeOptions}, {@link MarketAgent.Settings} and {@link Outbox}):
 * robot id and fleet name, presence and peer model, market timing, store-and-forward capacity. A refused value then
 * never makes the activation throw; the platform keeps the values in force and reports the refusal. The TLS trust
 * store is not checked here (reading a file is not a configuration check): an unreadable one still fails the
 * activation, naming the property. Pure and stateless.
 */
@Component(service = ConfigurationValidator.class, property = ConfigurationValidator.PIDS + "=" + FleetComponent.PID)
public final class FleetConfigurationValidator implements ConfigurationValidator {
    @Override
    public List<ConfigurationProblem> problems(String pid, String factoryPid, Map<String, Object> values) {
        if (!FleetComponent.PID.equals(factoryPid != null ? factoryPid : pid)) {
            return List.of();
        }
        FleetConfig c = ComponentProperties.as(FleetConfig.class, values);
        ConfigurationChecks checks = new ConfigurationChecks();
        checks.check(() -> FleetComponent.requireRobotId(c.robot_id()), "robot.id");
        checks.check(() -> NodeOptions.checkRobotId(c.robot_id()), "robot.id");
        checks.check(() -> NodeOptions.checkFleet(c.fleet()), "fleet");
        checks.check(() -> NodeOptions.checkPositive("presence.period.ms", c.presence_period_ms()),
                "presence.period.ms");
        checks.check(() -> NodeOptions.checkPositive("peer.ttl.ms", c.peer_ttl_ms()), "peer.ttl.ms");
        checks.check(() -> NodeOptions.checkPositive("inbound.kept", c.inbound_kept()), "inbound.kept");
        checks.check(() -> NodeOptions.checkRadius(c.radius_m()), "radius.m");
        checks.check(() -> NodeOptions.checkPeerSpeed(c.peer_speed()), "peer.speed");
        checks.check(() -> NodeOptions.checkMaxRadius(c.peer_max_radius_m(), c.radius_m()), "peer.max.radius.m",
                "radius.m");
        checks.check(() -> MarketAgent.Settings.check(c.bid_window_ms(), c.lease_ms(), c.lease_grace_ms(),
                c.renew_ms()), "bid.window.ms", "lease.ms", "lease.grace.ms", "renew.ms");
        checks.check(() -> Outbox.checkCapacity(c.outbox_capacity()), "outbox.capacity");
        return checks.problems();
    }
}
