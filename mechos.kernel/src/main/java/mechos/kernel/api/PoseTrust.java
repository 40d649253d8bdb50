package mechos.kernel.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whether the robot's pose in the map can be trusted (provided by localisation, e.g. {@code mechos.perception}).
 * While it cannot, the kernel treats the world model as unknown: new commands and the current motion are held to
 * creep speed ({@code clearance.creep}), because clearance computed from a lost pose may hide a real obstacle.
 * Without a provider the pose is trusted as before (odometry only).
 *
 * <p><b>Threading.</b> Called from the safety tick and the gate: must answer in microseconds, never block.
 */
@ConsumerType
public interface PoseTrust {
    /** @return empty when the pose can be trusted; otherwise why not (for the log and the operator) */
    Optional<String> distrust();
}
