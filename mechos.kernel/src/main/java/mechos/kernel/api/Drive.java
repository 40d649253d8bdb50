package mechos.kernel.api;

/**
 * Drive the base at a body velocity. Wire name {@value #ACTION}.
 *
 * <p>The command is a lease: it holds for the kernel's {@code lease_ms} (default 500 ms) and the base stops
 * unless the same or a new {@code Drive} renews it. The kernel sends it to the configured drive base
 * (the only one, if the robot has one).
 *
 * @param linear  m/s along {@code base_link} +x (forward positive), required, finite
 * @param angular rad/s about {@code base_link} +z (counter-clockwise positive), required, finite
 */
public record Drive(double linear, double angular) implements Intent {
    /** Wire name of this action. */
    public static final String ACTION = "drive";
}
