package mechos.perception.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.slf4j.Logger;

/**
 * A component's own check of its configuration, value by value, before it is used: a value outside its bounds
 * (the same bounds its metatype declares, so that the platform's metatype check and this one agree), not finite,
 * or inconsistent with another key is replaced by the attribute's default and reported in one WARN naming the PID,
 * key, value and reason ("configuration PID rejected: key=value: reason; using the default D"); activation goes on.
 * The platform normally refuses such values before they arrive; this covers checks across keys, values the
 * metatype cannot express, and components built outside the framework. Used on the activating thread only.
 */
final class ConfigGuard {
    private final String pid;
    private final Class<?> type;
    private final Logger log;
    private final List<String> rejections = new ArrayList<>();
    private final Map<String, double[]> bounds = new LinkedHashMap<>();

    ConfigGuard(String pid, Class<?> type, Logger log) {
        this.pid = pid;
        this.type = type;
        this.log = log;
    }

    /** @return the property key of an attribute method by the DS name mapping ({@code max_range} → {@code max.range}) */
    static String key(String attribute) {
        return attribute.replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    /** The value if it is finite and within [min, max], else the attribute's default (one WARN). */
    double number(String attribute, double value, double min, double max) {
        bounds.put(attribute, new double[] {min, max});
        if (Double.isNaN(value)) {
            return reject(attribute, value, "not a number", Double.class);
        }
        if (!(value >= min && value <= max)) {
            return reject(attribute, value, "outside [" + text(min) + ", " + text(max) + "]", Double.class);
        }
        return value;
    }

    /** The value if it is within [min, max], else the attribute's default (one WARN). */
    int integer(String attribute, int value, int min, int max) {
        bounds.put(attribute, new double[] {min, max});
        if (value < min || value > max) {
            return reject(attribute, value, "outside [" + min + ", " + max + "]", Integer.class);
        }
        return value;
    }

    /** A string whose length is within [min, max] (its metatype bounds), else the default (one WARN). */
    String text(String attribute, String value, int minLength, int maxLength) {
        bounds.put(attribute, new double[] {minLength, maxLength});
        if (value == null || value.length() < minLength || value.length() > maxLength) {
            return reject(attribute, value, "length not within [" + minLength + ", " + maxLength + "]",
                    String.class);
        }
        return value;
    }

    /** The value if {@code ok} accepts it, else the attribute's default (one WARN with {@code reason}). */
    <T> T check(String attribute, T value, Predicate<T> ok, String reason, Class<T> as) {
        if (ok.test(value)) {
            return value;
        }
        return reject(attribute, value, reason, as);
    }

    /** Replaces {@code value} by the attribute's default and says so once. */
    <T> T reject(String attribute, Object value, String reason, Class<T> as) {
        Object fallback = defaultOf(attribute);
        String line = "configuration " + pid + " rejected: " + key(attribute) + "=" + value + ": " + reason
                + "; using the default " + fallback;
        rejections.add(line);
        log.warn(line);
        return as.cast(fallback);
    }

    /** Reports a value that is dropped without a replacement (e.g. one malformed entry of a list). */
    void dropped(String attribute, Object value, String reason, String consequence) {
        String line = "configuration " + pid + " rejected: " + key(attribute) + "=" + value + ": " + reason + "; "
                + consequence;
        rejections.add(line);
        log.warn(line);
    }

    /** The attribute's declared default (boxed). */
    Object defaultOf(String attribute) {
        try {
            return type.getMethod(attribute).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getSimpleName() + " has no attribute " + attribute, e);
        }
    }

    /** The WARN lines so far (tests). */
    List<String> rejections() {
        return Collections.unmodifiableList(rejections);
    }

    /** Attribute → {min, max} as checked (tests compare them with the metatype's). */
    Map<String, double[]> bounds() {
        return Collections.unmodifiableMap(bounds);
    }

    private static String text(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
