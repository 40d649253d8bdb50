package mechos.kernel.api;

/** How bad a {@link Violation} is. Ordered from least to most severe; the most severe one decides. */
public enum Severity {
    /** Noted in the decision; the intent is still approved. */
    WARNING,
    /** The intent is rejected. */
    REJECT,
    /** The intent is rejected and the cause is a safety condition (e-stop, failed rule, broken device). */
    CRITICAL;

    /** @return true when a violation of this severity rejects the intent */
    public boolean rejects() {
        return this != WARNING;
    }
}
