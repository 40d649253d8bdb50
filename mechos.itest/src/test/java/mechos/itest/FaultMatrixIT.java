package mechos.itest;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * The fault matrix ({@code FAULT-MATRIX.md} at the project root) names, for every fault and bad input, the tests that
 * prove MechOS's behaviour. This checks that every {@code Class#method} it names exists in the sources, so a renamed
 * or deleted test cannot leave the matrix claiming something nobody tests any more.
 */
public class FaultMatrixIT {
    private static final Pattern REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9_]*)#([a-z_][A-Za-z0-9_]*)`");

    @Test
    public void everyTestTheMatrixNamesExists() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path matrix = root.resolve("FAULT-MATRIX.md");
        String text = Files.readString(matrix, StandardCharsets.UTF_8);
        Map<String, List<Path>> sources = new HashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().contains("/src/test/java/") && p.toString().endsWith(".java")
                    && !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .forEach(p -> sources.computeIfAbsent(p.getFileName().toString().replace(".java", ""),
                            k -> new ArrayList<>()).add(p));
        }
        List<String> missing = new ArrayList<>();
        int references = 0;
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            references++;
            String cls = m.group(1);
            String method = m.group(2);
            List<Path> files = sources.get(cls);
            boolean found = false;
            if (files != null) {
                for (Path f : files) {
                    if (Files.readString(f, StandardCharsets.UTF_8).matches("(?s).*\\b" + method + "\\s*\\(.*")) {
                        found = true;
                    }
                }
            }
            if (!found) {
                missing.add(cls + "#" + method + (files == null ? " (no such test class)" : " (no such method)"));
            }
        }
        assertTrue("the fault matrix names no tests", references > 50);
        assertTrue("FAULT-MATRIX.md names tests that do not exist: " + missing, missing.isEmpty());
    }
}
