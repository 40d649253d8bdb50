package mechos.perception.api;

import java.util.Objects;

import mechos.hal.api.Pose2D;

/**
 * The fused planar pose of {@code base_link} in {@code odom}, with its body velocity and covariance.
 *
 * @param timestampNanos sensor time of the estimate
 * @param receivedNanos  {@link System#nanoTime()} when it was computed (for data-age checks)
 * @param pose           x, y (m) and heading (rad, wrapped to (-π, π])
 * @param linear         m/s along base_link +x
 * @param angular        rad/s
 * @param varX           m² variance of x
 * @param varY           m² variance of y
 * @param varTheta       rad² variance of the heading
 * @param covXY          m² covariance of x and y
 * @param confidence     which inputs were fresh
 */
public record FusedPose(long timestampNanos, long receivedNanos, Pose2D pose, double linear, double angular,
        double varX, double varY, double varTheta, double covXY, PoseConfidence confidence) {
    public FusedPose {
        Objects.requireNonNull(pose, "pose");
        Objects.requireNonNull(confidence, "confidence");
    }

    /** @return 1-σ position uncertainty in m (square root of the larger eigenvalue of the xy covariance) */
    public double positionSigma() {
        double tr = varX + varY;
        double det = varX * varY - covXY * covXY;
        double l = tr / 2 + Math.sqrt(Math.max(0, tr * tr / 4 - det));
        return Math.sqrt(Math.max(0, l));
    }
}
