package mechos.webconsole.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mechos.kernel.api.Intent;

/**
 * How decisions read on the page: numbers rounded to at most three decimals ({@code 0.19999999999999996} →
 * {@code 0.2}), the verdict said once ({@code rejected: [rule] …}, never {@code rejected: rejected: …}), and a run
 * of identical decisions (the renewals of one drive) collapsed into one row with a count.
 */
final class DecisionText {
    /** A decimal number with a fractional part (optionally signed, optionally with an exponent). */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?\\d+\\.\\d+(?:[eE][-+]?\\d+)?(?![\\w.])");

    private DecisionText() {
    }

    /** @return the text with every decimal number rounded to at most three decimals, trailing zeros dropped */
    static String roundNumbers(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = NUMBER.matcher(s);
        StringBuilder b = new StringBuilder(s.length());
        while (m.find()) {
            String r;
            try {
                BigDecimal v = new BigDecimal(m.group()).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
                r = v.signum() == 0 ? "0" : v.toPlainString();
            } catch (NumberFormatException e) {
                r = m.group();
            }
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** @return the intent as text with rounded numbers */
    static String intent(Intent i) {
        return roundNumbers(String.valueOf(i));
    }

    /**
     * @return the verdict with its outcome said once: the kernel's verdict text usually starts with
     *         {@code approved}/{@code rejected} already; otherwise the outcome is put in front
     */
    static String verdict(boolean approved, String verdict) {
        String outcome = approved ? "approved" : "rejected";
        String v = verdict == null ? "" : roundNumbers(verdict.strip());
        while (v.startsWith("rejected: rejected") || v.startsWith("approved: approved")) {
            v = v.substring(outcome.length() + 2);
        }
        if (v.isEmpty()) {
            return outcome;
        }
        if (v.startsWith("approved") || v.startsWith("rejected")) {
            return v;
        }
        return outcome + ": " + v;
    }

    /**
     * Collapses {@code row} into the previous row of {@code rows} when they agree on every key: the previous row
     * counts it ({@code count}) and keeps the time span ({@code time} newest, {@code firstTime} oldest; rows are
     * newest first).
     *
     * @return true when collapsed (the row is not to be added)
     */
    static boolean collapse(List<Map<String, Object>> rows, Map<String, Object> row, String... keys) {
        if (rows.isEmpty()) {
            row.put("count", 1);
            return false;
        }
        Map<String, Object> prev = rows.get(rows.size() - 1);
        for (String k : keys) {
            if (!Objects.equals(prev.get(k), row.get(k))) {
                row.put("count", 1);
                return false;
            }
        }
        prev.put("count", ((Integer) prev.get("count")) + 1);
        prev.put("firstTime", row.get("time"));
        return true;
    }
}
