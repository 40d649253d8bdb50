package mechos.hal.api;

/**
 * @param min         rad or m
 * @param max         rad or m
 * @param maxVelocity rad/s or m/s
 */
public record JointLimits(double min, double max, double maxVelocity) {
    public JointLimits {
        if (!(min <= max) || !(maxVelocity > 0)) {
            throw new IllegalArgumentException("joint limits need min <= max and maxVelocity > 0: min=" + min
                    + " max=" + max + " maxVelocity=" + maxVelocity);
        }
    }

    public boolean contains(double position) {
        return position >= min && position <= max;
    }
}
