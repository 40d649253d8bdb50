package mechos.memory.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Third-party npm clients for interoperability tests, installed by the test run into {@code target/npm-interop}
 * with the scripts of {@code src/test/mcap-interop}. Without node/npm (or the registry) the tests are skipped,
 * except under CI=true where they fail.
 */
public final class NodeTools {
    public static final Path DIR = Path.of("target", "npm-interop").toAbsolutePath();
    private static final String[] PACKAGES = {"@mcap/core@2.2.2", "@mcap/support@1.1.0",
        "@foxglove/ws-protocol@0.8.0", "ws@8.23.1"};

    /** The outcome of a command. */
    public record Result(int exit, String output) {
        /** @return the last line of the output (the scripts print one JSON line) */
        public String lastLine() {
            return output.lines().reduce((a, b) -> b).orElse("");
        }
    }

    private NodeTools() {
    }

    /** Installs the packages (once) and copies the scripts; skips or fails the calling test if impossible. */
    public static synchronized void install() throws IOException {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!onPath("node") || !onPath("npm")) {
            if (ci) {
                fail("node and npm are needed (cnf/test-packages.txt: nodejs, npm)");
            }
            Assumptions.abort("node/npm not installed");
        }
        Files.createDirectories(DIR);
        try (var scripts = Files.list(Path.of("src", "test", "mcap-interop"))) {
            for (Path s : scripts.filter(p -> p.toString().endsWith(".mjs")).toList()) {
                Files.copy(s, DIR.resolve(s.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(DIR.resolve("node_modules/@foxglove/ws-protocol"))
                || !Files.isDirectory(DIR.resolve("node_modules/@mcap/support"))) {
            Files.writeString(DIR.resolve("package.json"), "{\"name\":\"mechos-npm-interop\",\"private\":true}\n");
            String[] cmd = new String[4 + PACKAGES.length];
            cmd[0] = "npm";
            cmd[1] = "install";
            cmd[2] = "--no-audit";
            cmd[3] = "--no-fund";
            System.arraycopy(PACKAGES, 0, cmd, 4, PACKAGES.length);
            Result r = run(DIR, 300, cmd);
            if (r.exit() != 0) {
                if (ci) {
                    fail("npm install failed: " + r.output());
                }
                Assumptions.abort("npm install failed (offline?): " + r.output());
            }
        }
    }

    private static boolean onPath(String tool) {
        try {
            return run(Path.of("."), 30, tool, "--version").exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a command, reading its output, with a deadline. */
    public static Result run(Path cwd, int timeoutSeconds, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }
}
