package mechos.hal.api;

/**
 * Fixed geometry and hardware limits of a drive base.
 *
 * @param wheelSeparation  m between the wheels' contact points
 * @param wheelRadius      m
 * @param maxLinear        m/s the hardware can do (the kernel may cap lower)
 * @param maxAngular       rad/s the hardware can do
 * @param footprintRadius  m, radius of a circle around {@code base_link} enclosing the robot
 */
public record DriveGeometry(double wheelSeparation, double wheelRadius, double maxLinear, double maxAngular,
        double footprintRadius) {
    public DriveGeometry {
        if (!(wheelSeparation > 0) || !(wheelRadius > 0) || !(maxLinear > 0) || !(maxAngular > 0)
                || !(footprintRadius > 0)) {
            throw new IllegalArgumentException("drive geometry values must be positive and finite: wheelSeparation="
                    + wheelSeparation + " wheelRadius=" + wheelRadius + " maxLinear=" + maxLinear + " maxAngular="
                    + maxAngular + " footprintRadius=" + footprintRadius);
        }
    }
}
