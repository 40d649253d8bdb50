package mechos.kernel.api;

/**
 * One rule an intent broke.
 *
 * @param ruleId   stable rule id, e.g. {@code "speed.linear"}, {@code "capability"}
 * @param severity never null
 * @param reason   human-readable reason the brain sees on its next turn, naming the value and the limit
 */
public record Violation(String ruleId, Severity severity, String reason) {
    public static Violation reject(String ruleId, String reason) {
        return new Violation(ruleId, Severity.REJECT, reason);
    }

    public static Violation critical(String ruleId, String reason) {
        return new Violation(ruleId, Severity.CRITICAL, reason);
    }

    public static Violation warning(String ruleId, String reason) {
        return new Violation(ruleId, Severity.WARNING, reason);
    }
}
