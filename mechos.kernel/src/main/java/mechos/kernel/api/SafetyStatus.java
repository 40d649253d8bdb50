package mechos.kernel.api;

/**
 * A snapshot of the safety state.
 *
 * @param state                   never null
 * @param reason                  why the state was entered; empty for NOMINAL (unless autonomy awaits a resume)
 * @param sinceWallMillis         when the state was entered
 * @param overrideRemainingMillis time left of a manual override, 0 when none is active
 * @param moving                  true while a non-zero velocity is commanded
 * @param awaitingResume          true after an e-stop reset until an operator resumes autonomy
 *                                ({@link OperatorControl#resume}): operators may act, other agents' actuation is
 *                                rejected with {@code interlock.awaiting_resume}
 * @since 1.2
 */
public record SafetyStatus(SafetyState state, String reason, long sinceWallMillis, long overrideRemainingMillis,
        boolean moving, boolean awaitingResume) {

    /** A status with nothing awaiting a resume (the form before API 1.2). */
    public SafetyStatus(SafetyState state, String reason, long sinceWallMillis, long overrideRemainingMillis,
            boolean moving) {
        this(state, reason, sinceWallMillis, overrideRemainingMillis, moving, false);
    }
}
