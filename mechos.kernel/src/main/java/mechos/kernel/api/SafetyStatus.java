package mechos.kernel.api;

/**
 * A snapshot of the safety state.
 *
 * @param state                   never null
 * @param reason                  why the state was entered; empty for NOMINAL
 * @param sinceWallMillis         when the state was entered
 * @param overrideRemainingMillis time left of a manual override, 0 when none is active
 * @param moving                  true while a non-zero velocity is commanded
 */
public record SafetyStatus(SafetyState state, String reason, long sinceWallMillis, long overrideRemainingMillis,
        boolean moving) {
}
