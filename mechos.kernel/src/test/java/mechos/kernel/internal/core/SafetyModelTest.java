package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-checks the kernel's safety states with spin: the Promela transition part is generated from the Java
 * {@link SafetyTable} (and must equal the committed {@code kernel_safety_table.pml}), the environment and the
 * properties are in {@code kernel_safety.pml}. Mutations show the check can fail. Needs {@code spin} and
 * {@code gcc} (cnf/test-packages.txt); under {@code CI=true} a missing tool fails the test instead of skipping it.
 */
class SafetyModelTest {
    static final Path MODEL_DIR = Paths.get("src/test/promela");
    static final String MODEL = "kernel_safety.pml";
    static final String TABLE = "kernel_safety_table.pml";

    @TempDir
    Path work;

    @BeforeAll
    static void toolsPresent() {
        for (String tool : List.of("spin", "gcc")) {
            boolean found = onPath(tool);
            if (!found && "true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(tool + " is not installed: the safety model cannot be checked (install the Debian package; "
                        + "./mechos test does it from cnf/test-packages.txt)");
            }
            Assumptions.assumeTrue(found, tool + " not installed: safety model check skipped outside CI");
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The committed table is exactly what the Java table generates: model and code cannot drift apart. */
    @Test
    void committedPromelaTableIsGeneratedFromTheJavaTable() throws IOException {
        String generated = PromelaTable.generate(new SafetyTable(false));
        Path committed = MODEL_DIR.resolve(TABLE);
        if (Boolean.getBoolean("mechos.promela.regenerate")) {
            Files.writeString(committed, generated, StandardCharsets.UTF_8);
        }
        assertEquals(generated, Files.readString(committed, StandardCharsets.UTF_8),
                "src/test/promela/" + TABLE + " differs from SafetyTable: regenerate it (see its header)");
    }

    @Test
    void theKernelsSafetyStatesHoldEveryProperty() throws Exception {
        String out = check(Files.readString(MODEL_DIR.resolve(MODEL)), PromelaTable.generate(new SafetyTable(false)));
        assertTrue(out.contains("errors: 0"), out);
        assertTrue(!out.contains("assertion violated") && !out.contains("max search depth too small"), out);
    }

    /** Mutation: an e-stop that only makes a SAFE_STOP recovers by itself; spin must find the motion. */
    @Test
    void aBadTransitionIsFound() throws Exception {
        SafetyTable t = new SafetyTable(false);
        String out = check(Files.readString(MODEL_DIR.resolve(MODEL)),
                PromelaTable.generate((p, e) -> PromelaTable.estopOnlySafeStops(t, p, e), "mutated"));
        assertTrue(out.contains("assertion violated"), out);
    }

    /** The simulation-only setting breaks "reset is not resume", and the model says so. */
    @Test
    void autoResumeAfterResetViolatesResetIsNotResume() throws Exception {
        String out = check(Files.readString(MODEL_DIR.resolve(MODEL)), PromelaTable.generate(new SafetyTable(true)));
        assertTrue(out.contains("assertion violated") && out.contains("needResume"), out);
    }

    /** Mutation of the gate: without the re-check under the state lock an e-stop can slip in after the assessment. */
    @Test
    void dispatchWithoutTheRecheckUnderTheLockIsFound() throws Exception {
        String model = Files.readString(MODEL_DIR.resolve(MODEL));
        String recheck = "permits(operator, ok);                    /* re-check under the state lock */";
        assertTrue(model.contains(recheck), "the model changed: update this mutation");
        String out = check(model.replace(recheck, "ok = assessed;"), PromelaTable.generate(new SafetyTable(false)));
        assertTrue(out.contains("assertion violated"), out);
    }

    /** spin -a, gcc, pan; returns pan's output (and the trail replayed, if any). */
    private String check(String model, String table) throws Exception {
        Files.writeString(work.resolve(MODEL), model);
        Files.writeString(work.resolve(TABLE), table);
        run(List.of("spin", "-a", MODEL), 60);
        run(List.of("gcc", "-O0", "-DSAFETY", "-o", "pan", "pan.c"), 120);
        String out = run(List.of("./pan", "-m100000"), 120);
        if (Files.exists(work.resolve(MODEL + ".trail"))) {
            out += "\n--- counterexample ---\n" + run(List.of("spin", "-t", "-p", MODEL), 60);
        }
        return out;
    }

    private String run(List<String> cmd, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !cmd.get(0).equals("./pan")) {
            fail(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "):\n" + text);
        }
        return text;
    }
}
