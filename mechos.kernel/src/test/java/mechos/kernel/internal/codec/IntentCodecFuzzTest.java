package mechos.kernel.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentFormatException;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.internal.core.TestKernel;

/**
 * Coverage-guided fuzzing of the intent JSON codec (what the LLM's reply becomes) and of the gate behind it.
 * Properties: only {@link IntentFormatException} escapes; a parsed intent re-encodes to an equal one; and whatever
 * parses, the gate never approves an intent carrying a non-finite number.
 */
class IntentCodecFuzzTest {
    private static final JacksonIntentCodec CODEC = new JacksonIntentCodec();
    private static Path home;
    private static TestKernel kernel;

    @BeforeAll
    static void kernel() throws Exception {
        home = Files.createTempDirectory("mechos-fuzz-gate-");
        kernel = new TestKernel(home, Map.of());
    }

    @AfterAll
    static void close() {
        kernel.close();
    }

    @FuzzTest(maxDuration = "10s")
    void intentJson(byte[] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        Intent intent;
        try {
            intent = CODEC.parse(text);
        } catch (IntentFormatException refused) {
            assertFalse(String.valueOf(refused.getMessage()).isBlank(), "a refusal must say why");
            return;
        }
        try {
            assertEquals(intent, CODEC.parse(CODEC.toJson(intent)), "round trip of " + text);
        } catch (IntentFormatException e) {
            throw new AssertionError("a parsed intent does not re-parse: " + CODEC.toJson(intent), e);
        }
        Decision d = kernel.kernel.submit("operator", intent);
        if (d.approved()) {
            if (intent instanceof Drive drive) {
                assertTrue(Double.isFinite(drive.linear()) && Double.isFinite(drive.angular()), "approved " + intent);
            } else if (intent instanceof MoveEndEffector m) {
                assertTrue(Double.isFinite(m.x()) && Double.isFinite(m.y()) && Double.isFinite(m.z()),
                        "approved " + intent);
            }
        }
        // leave the robot still for the next input: the gate's acceleration limit and lease see a fresh start
        kernel.kernel.submit("operator", new mechos.kernel.api.Stop("fuzz"));
    }
}
