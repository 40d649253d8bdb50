package mechos.webconsole.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from the console's status printers (e.g. {@code configuration-status.txt}, whose "Component
 * Configurations" and "Configurations" sections print every property in clear). A property is secret when its
 * key starts with {@code .} (Config Admin's private-property convention) or contains {@code password},
 * {@code secret}, {@code token} or {@code key}. Two layers: every <em>value</em> of such a property in Config Admin
 * is replaced wherever it appears, whatever the format; and any {@code key = value} / {@code key: value} /
 * {@code "key": "value"} of a secret-looking key is masked, covering secrets that are not in Config Admin.
 */
final class SecretRedactor {
    static final String MASK = "********";
    /** Values shorter than this are not replaced by value (too likely to hit unrelated text). */
    private static final int MIN_VALUE_LENGTH = 4;
    private static final String KEY = "[\\w.\\-]*?(?:password|passwd|secret|token|key)[\\w.\\-]*|\\.[\\w.\\-]+";
    private static final Pattern LINE = Pattern.compile(
            "(?im)^(\\s*(?:" + KEY + ")\\s*(?:=|:)[ \\t]*)(?!\\s*$)([^\\r\\n]+)");
    private static final Pattern JSON = Pattern.compile("(?i)(\"(?:" + KEY + ")\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\")");

    private SecretRedactor() {
    }

    /** @return true when a property of that name holds a secret */
    static boolean secretKey(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT);
        return k.startsWith(".") || k.contains("password") || k.contains("passwd") || k.contains("secret")
                || k.contains("token") || k.contains("key");
    }

    /** Adds the values of every secret property of the dictionary to {@code into}. */
    static void collect(Dictionary<String, ?> props, Set<String> into) {
        if (props == null) {
            return;
        }
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (secretKey(k)) {
                addValue(props.get(k), into);
            }
        }
    }

    private static void addValue(Object v, Set<String> into) {
        if (v instanceof Object[] a) {
            for (Object o : a) {
                addValue(o, into);
            }
        } else if (v instanceof Collection<?> c) {
            c.forEach(o -> addValue(o, into));
        } else if (v != null) {
            String s = v.toString();
            if (s.length() >= MIN_VALUE_LENGTH) {
                into.add(s);
            }
        }
    }

    /** @return the text with every known secret value and every secret-looking key's value masked */
    static String redact(String text, Collection<String> secretValues) {
        String out = text;
        List<String> longestFirst = new LinkedHashSet<>(secretValues).stream()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String v : longestFirst) {
            out = out.replace(v, MASK);
        }
        out = JSON.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"" + MASK + "\""));
        return LINE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }
}
