package mechos.kernel.internal.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.kernel.api.EmergencyStopResult;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.internal.Configs;

/**
 * Issue 12, defect 6, for operator controls: anyone may stop the robot, but only a bundle the signed grants bind to
 * {@code operator} may reset, resume, override or renew the dead-man switch.
 */
class BundleBoundOperatorControlTest {
    @TempDir
    Path home;

    private final List<String> kernelSaw = new CopyOnWriteArrayList<>();

    private final OperatorControl kernel = new OperatorControl() {
        @Override
        public void engageOverride(String operator) {
            kernelSaw.add("override");
        }

        @Override
        public boolean renewOverride(String operator) {
            kernelSaw.add("renew");
            return true;
        }

        @Override
        public void releaseOverride(String operator) {
            kernelSaw.add("release");
        }

        @Override
        public void emergencyStop(String reason) {
            kernelSaw.add("estop");
        }

        @Override
        public EmergencyStopResult latchEmergencyStop(String reason) {
            kernelSaw.add("latch");
            return null;
        }

        @Override
        public boolean reset(String operator) {
            kernelSaw.add("reset");
            return true;
        }

        @Override
        public boolean resume(String operator) {
            kernelSaw.add("resume");
            return true;
        }

        @Override
        public void deadManRenew() {
            kernelSaw.add("deadman");
        }
    };

    private CapabilityManager devGrants() {
        return new CapabilityManager(Configs.of(GrantsConfig.class, Map.of("dev__mode", true)), home,
                Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void theBrainsBundleMayStopButNotReEnable() {
        OperatorControl brain = new BundleBoundOperatorControl(kernel, devGrants(), "mechos.runtime");
        brain.emergencyStop("brain saw smoke");
        brain.latchEmergencyStop("brain saw fire");
        assertEquals(List.of("estop", "latch"), kernelSaw);
        SecurityException e = assertThrows(SecurityException.class, () -> brain.reset("operator"));
        assertTrue(e.getMessage().contains("e-stop reset refused") && e.getMessage().contains("mechos.runtime"),
                e.getMessage());
        assertThrows(SecurityException.class, () -> brain.resume("operator"));
        assertThrows(SecurityException.class, () -> brain.engageOverride("operator"));
        SecurityException renew = assertThrows(SecurityException.class, () -> brain.renewOverride("operator"));
        assertTrue(renew.getMessage().contains("manual override renewal refused"), renew.getMessage());
        assertThrows(SecurityException.class, () -> brain.releaseOverride("operator"));
        assertThrows(SecurityException.class, brain::deadManRenew);
        assertEquals(List.of("estop", "latch"), kernelSaw, "nothing that re-enables motion reached the kernel");
    }

    @Test
    void theConsolesActAsOperator() {
        CapabilityManager grants = devGrants();
        for (String bsn : List.of("mechos.shell", "mechos.webconsole", "mechos.kernel")) {
            OperatorControl c = new BundleBoundOperatorControl(kernel, grants, bsn);
            assertTrue(c.reset("console"));
            assertTrue(c.resume("console"));
            c.engageOverride("console");
            assertTrue(c.renewOverride("console"));
            c.releaseOverride("console");
            c.deadManRenew();
        }
        assertEquals(18, kernelSaw.size());
    }

    @Test
    void everyOperatorControlMethodIsDelegated() {
        // a method added to the API must be added here, with its rule (stop: anyone; re-enable: operator only)
        List<String> names = java.util.Arrays.stream(OperatorControl.class.getMethods()).map(Method::getName)
                .sorted().toList();
        assertEquals(List.of("deadManRenew", "emergencyStop", "engageOverride", "latchEmergencyStop",
                "releaseOverride", "renewOverride", "reset", "resume"), names);
    }
}
