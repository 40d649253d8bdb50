package mechos.kernel.api;

import java.util.Optional;
import java.util.OptionalDouble;

import mechos.hal.api.Pose2D;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link SafetyRule} may know about the robot when it checks an intent. Every method answers from
 * state the kernel already holds (no driver calls, no waiting).
 */
@ProviderType
public interface RuleContext {
    /** @return the submitting agent */
    String agentId();

    /** @return true when the agent is one of the configured operator agents (a person) */
    boolean operator();

    /** @return the intent id */
    String intentId();

    /** @return the current safety state */
    SafetyStatus status();

    /** @return the currently commanded linear velocity of the drive base, m/s (0 when stopped) */
    double commandedLinear();

    /** @return the currently commanded angular velocity of the drive base, rad/s (0 when stopped) */
    double commandedAngular();

    /** @return the footprint radius of the drive base, m (a configured default when no base is known) */
    double footprintRadius();

    /** @return the battery state of charge 0..1 from the newest battery reading, empty when unknown */
    OptionalDouble batteryStateOfCharge();

    /** @return the newest odometry pose ({@code odom} frame), empty when unknown */
    Optional<Pose2D> odometryPose();

    /**
     * Asks the world model, if one is installed.
     *
     * @return empty when no {@link ClearanceQuery} is available (or it failed); the answer may still be
     *         {@link Clearance#valid() invalid}
     */
    Optional<Clearance> clearance(double linear, double angular, double horizonSeconds);

    /** @return what the kernel knows about a device, empty when no such device was ever registered */
    Optional<DeviceInfo> device(String deviceId);

    /** @return limits of an end effector (frame and workspace as it reported them at registration) */
    Optional<EffectorLimits> endEffector(String deviceId);
}
