package mechos.platform.api;

import java.nio.charset.StandardCharsets;

/**
 * Payloads in log lines, bounded: an intent, an LLM reply or a request body can be arbitrarily large (a 400 KB
 * rejected intent must not become a 400 KB log line). {@link #cap(Object)} wraps a value so that, when the log line
 * is actually formatted, at most {@value #MAX_CHARS} characters of it are written, followed by
 * {@code …(N bytes)} naming the full size in UTF-8 bytes. Control characters are shown escaped so a payload cannot
 * forge log lines. The wrapper formats lazily (nothing is done for a disabled level).
 *
 * <p>Thread-safe, no state.
 */
public final class LogText {
    /** Characters of a payload written to a log line before it is cut. */
    public static final int MAX_CHARS = 2048;

    private LogText() {
    }

    /**
     * @param payload any value (null allowed); its {@code toString()} is called when the line is formatted
     * @return a value whose {@code toString()} is the payload capped at {@value #MAX_CHARS} characters
     */
    public static Object cap(Object payload) {
        return new Capped(payload, MAX_CHARS);
    }

    /**
     * @param text     the text to cap (null allowed: "null")
     * @param maxChars how many characters to keep, at least 1
     * @return {@code text} if it is at most {@code maxChars} characters of printable text, else its first
     *         {@code maxChars} characters followed by {@code …(N bytes)}; CR, LF, tab and other control characters
     *         appear as Java escapes
     */
    public static String cap(String text, int maxChars) {
        String s = String.valueOf(text);
        int keep = Math.min(s.length(), Math.max(1, maxChars));
        if (keep < s.length() && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--;
        }
        StringBuilder b = new StringBuilder(keep + 24);
        for (int i = 0; i < keep; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (keep < s.length()) {
            b.append("…(").append(s.getBytes(StandardCharsets.UTF_8).length).append(" bytes)");
        }
        return b.toString();
    }

    private record Capped(Object payload, int maxChars) {
        @Override
        public String toString() {
            return cap(String.valueOf(payload), maxChars);
        }
    }
}
