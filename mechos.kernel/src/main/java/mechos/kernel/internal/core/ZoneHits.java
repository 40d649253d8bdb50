package mechos.kernel.internal.core;

import mechos.kernel.internal.policy.SafetyPolicy;

/** What the kernel's raw-scan zone's stop and slow polygons say about a motion ({@link ScanZone#assess}). */
@FunctionalInterface
interface ZoneHits {
    ZoneHits NONE = (linear, angular, radius, horizon) -> SafetyPolicy.ZoneHit.NONE;

    /** @return never null */
    SafetyPolicy.ZoneHit at(double linear, double angular, double footprintRadius, double horizon);
}
