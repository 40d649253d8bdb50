package mechos.kernel.api;

/**
 * Move an end effector's tool point to a position. Wire name {@value #ACTION}.
 *
 * @param device end effector device id ({@code mechos.device.id}), required
 * @param x      m, required, finite
 * @param y      m, required, finite
 * @param z      m, required, finite
 * @param frame  frame the position is expressed in; nullable: null means the effector's own frame. The
 *               kernel does not transform: a frame other than the effector's is rejected.
 */
public record MoveEndEffector(String device, double x, double y, double z, String frame) implements Intent {
    /** Wire name of this action. */
    public static final String ACTION = "move_end_effector";
}
