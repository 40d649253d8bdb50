package mechos.kernel.internal.rules;

import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * No settings of its own any more: the gate's clearance check and the safety tick share one
 * {@link mechos.kernel.internal.policy.SafetyPolicy}, configured in {@code mechos.kernel} (min_ttc,
 * clearance_horizon, clearance_max_age_ms, creep_linear, creep_angular). Old keys of this PID are ignored with one
 * WARN each.
 */
@ObjectClassDefinition(name = "MechOS rule: clearance and time to collision",
        description = "Drive commands are checked against the world model by the kernel's one safety policy; its "
                + "settings are in 'MechOS kernel' (min_ttc, clearance_horizon, clearance_max_age_ms, creep_linear, "
                + "creep_angular). This PID has no settings left.")
public @interface ClearanceConfig {
}
