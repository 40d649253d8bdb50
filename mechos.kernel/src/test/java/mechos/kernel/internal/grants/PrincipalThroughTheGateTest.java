package mechos.kernel.internal.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.internal.core.TestKernel;

/** The real gate treats "operator:alice" as the operator and records the principal. */
class PrincipalThroughTheGateTest {
    @TempDir
    Path home;

    @Test
    void anOperatorWithAPrincipalDrivesDuringTheOverrideAndIsRecorded() {
        try (TestKernel t = new TestKernel(home, Map.of("override__suspension", 5.0))) {
            t.kernel.engageOverride("operator");
            assertFalse(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
            Decision d = t.kernel.submit("operator:alice", new Drive(0.05, 0));
            assertTrue(d.approved(), d.reason());
            assertEquals("operator:alice", d.agentId());
        }
    }
}
