package mechos.perception.internal.slam;

import mechos.hal.api.Pose2D;

/** Planar rigid transforms as {@link Pose2D} (x, y, heading): composition and inverse. */
public final class Planar {
    private Planar() {
    }

    /** @return {@code a ∘ b}: b expressed in a's parent frame */
    public static Pose2D compose(Pose2D a, Pose2D b) {
        double c = Math.cos(a.theta());
        double s = Math.sin(a.theta());
        return new Pose2D(a.x() + c * b.x() - s * b.y(), a.y() + s * b.x() + c * b.y(),
                Pose2D.wrap(a.theta() + b.theta()));
    }

    /** @return the inverse transform */
    public static Pose2D inverse(Pose2D a) {
        double c = Math.cos(a.theta());
        double s = Math.sin(a.theta());
        return new Pose2D(-c * a.x() - s * a.y(), s * a.x() - c * a.y(), Pose2D.wrap(-a.theta()));
    }
}
