package mechos.kernel.api;

import java.util.List;
import java.util.Optional;

/**
 * The gate's answer to one intent. Every violated rule is listed (not just the first), most severe first.
 *
 * @param intentId   unique id of this intent, also on every bus message and log line about it (MDC {@code intentId})
 * @param agentId    who submitted it
 * @param intent     what was submitted
 * @param approved   true when no violation rejects it; an approved actuation is dispatched asynchronously
 * @param violations every violation, most severe first; empty when approved without remarks
 * @param wallMillis when it was decided
 */
public record Decision(String intentId, String agentId, Intent intent, boolean approved, List<Violation> violations,
        long wallMillis) {
    public Decision {
        violations = List.copyOf(violations);
    }

    /** @return the most severe violation, if any */
    public Optional<Violation> mostSevere() {
        return violations.isEmpty() ? Optional.empty() : Optional.of(violations.get(0));
    }

    /** @return a one-line summary: "approved" or every violation's rule id and reason */
    public String reason() {
        if (violations.isEmpty()) {
            return approved ? "approved" : "rejected";
        }
        StringBuilder b = new StringBuilder(approved ? "approved with warnings: " : "rejected: ");
        for (int i = 0; i < violations.size(); i++) {
            Violation v = violations.get(i);
            b.append(i == 0 ? "" : "; ").append('[').append(v.ruleId()).append("] ").append(v.reason());
        }
        return b.toString();
    }
}
