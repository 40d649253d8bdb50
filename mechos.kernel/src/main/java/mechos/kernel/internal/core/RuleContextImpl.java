package mechos.kernel.internal.core;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.BatteryReading;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.OdometryReading;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.EffectorLimits;
import mechos.kernel.api.RuleContext;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.internal.hw.DeviceEntry;
import mechos.kernel.internal.hw.HardwareRegistry;
import mechos.kernel.internal.policy.SafetyPolicy;

/** What rules see for one intent; answers from the kernel's cached state only. */
final class RuleContextImpl implements RuleContext, SafetyPolicy.Holder {
    private static final Logger LOG = LoggerFactory.getLogger(RuleContextImpl.class);

    private final String agentId;
    private final boolean operator;
    private final String intentId;
    private final SafetyStatus status;
    private final Motion.Command command;
    private final HardwareRegistry registry;
    private final Supplier<ClearanceQuery> clearance;
    private final DeviceEntry drive;
    private final double defaultFootprint;
    private final SafetyPolicy policy;
    private final ZoneOptions zoneOptions;
    private final ZoneHits zoneHits;

    RuleContextImpl(String agentId, boolean operator, String intentId, SafetyStatus status, Motion.Command command,
            HardwareRegistry registry, Supplier<ClearanceQuery> clearance, DeviceEntry drive, double defaultFootprint,
            SafetyPolicy policy, ZoneOptions zoneOptions, ZoneHits zoneHits) {
        this.policy = policy;
        this.zoneOptions = zoneOptions;
        this.zoneHits = zoneHits;
        this.agentId = agentId;
        this.operator = operator;
        this.intentId = intentId;
        this.status = status;
        this.command = command;
        this.registry = registry;
        this.clearance = clearance;
        this.drive = drive;
        this.defaultFootprint = defaultFootprint;
    }

    @Override
    public SafetyPolicy policy() {
        return policy;
    }

    @Override
    public String agentId() {
        return agentId;
    }

    @Override
    public boolean operator() {
        return operator;
    }

    @Override
    public String intentId() {
        return intentId;
    }

    @Override
    public SafetyStatus status() {
        return status;
    }

    @Override
    public double commandedLinear() {
        return command.linear();
    }

    @Override
    public double commandedAngular() {
        return command.angular();
    }

    @Override
    public double footprintRadius() {
        DriveGeometry g = drive == null ? null : drive.geometry();
        return zoneOptions.mapRadius(g != null ? g.footprintRadius() : defaultFootprint);
    }

    @Override
    public SafetyPolicy.ZoneHit zone(double linear, double angular) {
        try {
            return zoneHits.at(linear, angular, footprintRadius(), policy.horizon());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("raw-scan zone failed; its polygons count as empty (the clearance query fails too: creep)", e);
            return SafetyPolicy.ZoneHit.NONE;
        }
    }

    @Override
    public OptionalDouble batteryStateOfCharge() {
        for (DeviceEntry e : registry.ofKind(DeviceKind.BATTERY)) {
            if (e.present() && e.latestSample() instanceof BatteryReading r && Double.isFinite(r.stateOfCharge())) {
                return OptionalDouble.of(r.stateOfCharge());
            }
        }
        return OptionalDouble.empty();
    }

    @Override
    public Optional<Pose2D> odometryPose() {
        for (DeviceEntry e : registry.ofKind(DeviceKind.ODOMETRY)) {
            if (e.present() && e.latestSample() instanceof OdometryReading r) {
                return Optional.of(new Pose2D(r.x(), r.y(), r.theta()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Clearance> clearance(double linear, double angular, double horizonSeconds) {
        ClearanceQuery q = clearance.get();
        if (q == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(q.clearance(linear, angular, footprintRadius(), horizonSeconds));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("clearance query failed; treating the world as unknown", e);
            return Optional.empty();
        }
    }

    @Override
    public Optional<DeviceInfo> device(String deviceId) {
        return registry.device(deviceId);
    }

    @Override
    public Optional<EffectorLimits> endEffector(String deviceId) {
        return registry.entry(deviceId).map(DeviceEntry::effector);
    }
}
