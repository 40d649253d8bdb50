package mechos.runtime.internal.behaviours;

import java.util.Optional;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.Clearance;

/** What behaviours read about the world: the robot pose and clearance queries (perception, when present). */
public interface WorldView {
    /** @return the current pose in the odom frame, if known */
    Optional<Pose2D> pose();

    /**
     * @return the clearance if the robot moved at this body velocity; {@link Clearance#unknown()} without
     *         perception
     */
    Clearance clearance(double linear, double angular);
}
