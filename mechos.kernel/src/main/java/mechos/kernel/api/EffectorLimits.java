package mechos.kernel.api;

import mechos.hal.api.Box3;

/**
 * An end effector's frame and workspace as read when it registered.
 *
 * @param frame     frame its targets are expressed in
 * @param workspace reachable box in that frame, metres
 * @param maxSpeed  m/s
 */
public record EffectorLimits(String frame, Box3 workspace, double maxSpeed) {
}
