package mechos.hal.api;

/**
 * A planar pose: position in metres and heading in radians (counter-clockwise from +x), in some frame.
 */
public record Pose2D(double x, double y, double theta) {
    public static final Pose2D ORIGIN = new Pose2D(0, 0, 0);

    public boolean isFinite() {
        return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(theta);
    }

    /** @return {@code angle} wrapped to (-π, π] */
    public static double wrap(double angle) {
        double a = Math.IEEEremainder(angle, 2 * Math.PI);
        return a <= -Math.PI ? a + 2 * Math.PI : a;
    }
}
