package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every violation id the kernel can emit is asserted by some test. The ids are read from the kernel's own sources
 * ({@code Violation.reject/critical/warning(<id>, ...)}), so a new id without a test makes this fail:
 * <ul>
 * <li>a literal id must appear as a string literal in a test;</li>
 * <li>an id built from literals and expressions ({@code "finite." + field}, {@code r.id() + ".error"}) is a family:
 * some test literal must match it;</li>
 * <li>an id passed in a variable is resolved to the id-shaped literals of the same file (as {@code SpeedCapRule}
 * passes {@code "speed.accel_linear"} to a helper).</li>
 * </ul>
 */
class ViolationIdsTest {
    private static final Pattern CALL = Pattern.compile("Violation\\.(?:reject|critical|warning)\\(");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern ID_SHAPED = Pattern.compile("\"([a-z]+\\.[a-z_]+)\"");
    private static final Path MAIN = Path.of("src/main/java");
    private static final Path TEST = Path.of("src/test/java");

    /** id (or family pattern) → where it is emitted. */
    static TreeMap<String, String> emittedIds() {
        TreeMap<String, String> ids = new TreeMap<>();
        for (Path f : javaFiles(MAIN)) {
            String src = read(f);
            Matcher m = CALL.matcher(src);
            while (m.find()) {
                String arg = firstArgument(src, m.end()).trim();
                String where = MAIN.relativize(f) + ":" + (src.substring(0, m.start()).split("\n", -1).length);
                if (arg.matches("\"[^\"]*\"")) {
                    ids.put(Pattern.quote(arg.substring(1, arg.length() - 1)), where);
                } else if (arg.matches("[A-Za-z_]\\w*")) {
                    String constant = constantValue(arg);
                    if (constant != null) { // a named constant, e.g. Kernel.VIOLATION_IDENTITY
                        ids.put(Pattern.quote(constant), where + " (constant " + arg + ")");
                        continue;
                    }
                    Matcher lit = ID_SHAPED.matcher(src);
                    int found = 0;
                    while (lit.find()) {
                        ids.put(Pattern.quote(lit.group(1)), where + " (via " + arg + ")");
                        found++;
                    }
                    assertTrue(found > 0, "cannot tell which ids '" + arg + "' holds at " + where);
                } else {
                    StringBuilder family = new StringBuilder();
                    for (String part : arg.split("\\+")) {
                        String p = part.trim();
                        family.append(p.matches("\"[^\"]*\"") ? Pattern.quote(p.substring(1, p.length() - 1)) : ".+");
                    }
                    ids.put(family.toString(), where + " (family " + arg + ")");
                }
            }
        }
        return ids;
    }

    /** @return the value of a String constant declared as {@code NAME = "value"} in the main sources, or null */
    private static String constantValue(String name) {
        Pattern decl = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*=\\s*\"([^\"]+)\"");
        for (Path f : javaFiles(MAIN)) {
            Matcher m = decl.matcher(read(f));
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    @Test
    void everyViolationIdTheKernelEmitsIsAssertedByATest() {
        TreeMap<String, String> emitted = emittedIds();
        // a sanity floor: the scan must see the rules and the gate
        assertTrue(emitted.size() >= 20, "only " + emitted.size() + " ids found: " + emitted.keySet());

        Set<String> testLiterals = new TreeSet<>();
        for (Path f : javaFiles(TEST)) {
            if (f.getFileName().toString().equals(ViolationIdsTest.class.getSimpleName() + ".java")) {
                continue;
            }
            Matcher m = LITERAL.matcher(read(f));
            while (m.find()) {
                testLiterals.add(m.group(1));
            }
        }
        List<String> untested = new ArrayList<>();
        emitted.forEach((pattern, where) -> {
            Pattern p = Pattern.compile(pattern);
            if (testLiterals.stream().noneMatch(l -> p.matcher(l).matches())) {
                untested.add(pattern.replace("\\Q", "").replace("\\E", "") + "  (" + where + ")");
            }
        });
        assertTrue(untested.isEmpty(), "violation ids no test asserts:\n  " + String.join("\n  ", untested));
    }

    /** The text of the first argument of a call whose '(' ends just before {@code from}. */
    private static String firstArgument(String src, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < src.length(); i++) {
            char c = src.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    return src.substring(from, i);
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return src.substring(from, i);
            }
        }
        throw new IllegalStateException("unterminated call at " + from);
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
