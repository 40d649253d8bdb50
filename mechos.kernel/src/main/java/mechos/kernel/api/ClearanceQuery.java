package mechos.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the kernel asks the world model (provided by {@code mechos.perception} when installed). Without a
 * provider the kernel limits motion to a conservative creep speed.
 *
 * <p><b>Threading.</b> Called from the safety tick and the gate: it must answer in microseconds from a
 * consistent snapshot and never block on map updates.
 */
@ProviderType
public interface ClearanceQuery {
    /**
     * Evaluates the current robot pose moving at a constant body velocity.
     *
     * @param linear          m/s along base_link +x
     * @param angular         rad/s
     * @param footprintRadius m
     * @param horizonSeconds  how far ahead to look
     * @return never null
     */
    Clearance clearance(double linear, double angular, double footprintRadius, double horizonSeconds);
}
