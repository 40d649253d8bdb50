package mechos.webconsole.internal;

import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The form of one operator action ({@code POST /api/...} of the MechOS page), read within bounds. The body's size
 * is checked from its declared length before anything is read; the form is parsed once, and a form the server
 * cannot parse is a 400, never an exception; each value is read with its own bound. A {@link Refused} carries the
 * HTTP status and a short message for the client (no exception text, no payload echoed; a refused whole number is
 * shown back shortened to 20 characters, control characters replaced, so the operator sees which entry was wrong).
 */
final class ActionForm {
    private static final Logger LOG = LoggerFactory.getLogger(ActionForm.class);
    /** Largest body of an operator action: the largest real one (an answer) is a few hundred bytes. */
    static final long MAX_BODY_BYTES = 16 * 1024;
    /** Largest text value (an AskHuman answer), in characters. */
    static final int MAX_TEXT_CHARS = 2_000;
    /** Most topics of a recorder selection, and the longest topic name. */
    static final int MAX_TOPICS = 100;
    static final int MAX_TOPIC_CHARS = 200;
    /** Longest number, in characters (a double printed in full is at most 24). */
    static final int MAX_NUMBER_CHARS = 40;

    /** A request the page refuses: {@code status} 400, 411 or 413, {@code message} short and safe to show. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final Map<String, String[]> parameters;

    private ActionForm(Map<String, String[]> parameters) {
        this.parameters = parameters;
    }

    /**
     * Checks the body's size, then parses the form.
     *
     * @param contentLength the declared body length, or -1 when none was declared
     * @param transferEncoding the {@code Transfer-Encoding} header, or null
     * @param parse parses the form (the servlet's parameter map); may throw for a malformed body
     * @throws Refused 413 for a body above {@value #MAX_BODY_BYTES} bytes, 411 for a body without a length, 400 for
     *         a form that cannot be parsed
     */
    static ActionForm read(long contentLength, String transferEncoding, Supplier<Map<String, String[]>> parse)
            throws Refused {
        if (contentLength > MAX_BODY_BYTES) {
            throw new Refused(413, "request body too large: at most " + MAX_BODY_BYTES + " bytes");
        }
        if (contentLength < 0 && transferEncoding != null && !transferEncoding.isBlank()) {
            throw new Refused(411, "a request body needs a Content-Length");
        }
        Map<String, String[]> p;
        try {
            p = parse.get();
        } catch (RuntimeException e) {
            // e.g. Jetty's BadMessageException for bad %-escapes: tell the client what is wrong, not what threw
            LOG.debug("an operator action's form could not be parsed", e);
            throw new Refused(400, "malformed form body");
        }
        return new ActionForm(p == null ? Map.of() : p);
    }

    /** @return the first value of {@code name}, or null when it is absent */
    String value(String name) {
        String[] v = parameters.get(name);
        return v == null || v.length == 0 ? null : v[0];
    }

    /** @return the finite number {@code name}; 400 when it is absent, not a number or not finite */
    double number(String name) throws Refused {
        String v = value(name);
        if (v == null || v.isBlank()) {
            throw new Refused(400, "missing parameter '" + name + "'");
        }
        if (v.length() > MAX_NUMBER_CHARS) {
            throw new Refused(400, "parameter '" + name + "' is not a number");
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new Refused(400, "parameter '" + name + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw new Refused(400, "parameter '" + name + "' must be a finite number");
        }
        return d;
    }

    /**
     * An optional whole number: only the digits 0-9 (no sign, exponent, decimal point or spaces inside), at most
     * {@code max}.
     *
     * @return the number, or null when {@code name} is absent or blank (the caller's default applies)
     * @throws Refused 400 naming the parameter and its value (shortened, control characters replaced) for
     *         anything else
     */
    Long wholeNumber(String name, long max) throws Refused {
        String v = value(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        String t = v.strip();
        // at most 18 digits: always a long, and far above any bound a form asks for
        long n = t.length() <= 18 && t.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(t) : -1;
        if (n < 0 || n > max) {
            throw new Refused(400, "parameter '" + name + "' must be a whole number from 0 to " + max + ", not '"
                    + shown(v) + "'");
        }
        return n;
    }

    /** A client's value as it may be shown back: at most 20 characters, control characters as '?'. */
    private static String shown(String v) {
        String s = v.length() > 20 ? v.substring(0, 20) + "…" : v;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    /** @return the text {@code name} (null when absent); 413 above {@value #MAX_TEXT_CHARS} characters */
    String text(String name) throws Refused {
        String v = value(name);
        if (v != null && v.length() > MAX_TEXT_CHARS) {
            throw new Refused(413, "parameter '" + name + "' too long: at most " + MAX_TEXT_CHARS + " characters");
        }
        return v;
    }

    /**
     * @return the comma-separated topic names of {@code name} (absent or blank: none, which means all topics);
     *         413 for more than {@value #MAX_TOPICS} topics or a name above {@value #MAX_TOPIC_CHARS} characters,
     *         400 for a name with control characters
     */
    java.util.List<String> topics(String name) throws Refused {
        java.util.List<String> topics = MechosPlugin.topics(value(name));
        if (topics.size() > MAX_TOPICS) {
            throw new Refused(413, "too many topics: at most " + MAX_TOPICS);
        }
        for (String t : topics) {
            if (t.length() > MAX_TOPIC_CHARS) {
                throw new Refused(413, "topic name too long: at most " + MAX_TOPIC_CHARS + " characters");
            }
            if (t.chars().anyMatch(Character::isISOControl)) {
                throw new Refused(400, "topic names must not contain control characters");
            }
        }
        return topics;
    }
}
