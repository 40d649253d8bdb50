package mechos.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentCodec;
import mechos.kernel.api.IntentFormatException;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TickStats;
import mechos.kernel.api.Violation;

class MotionCommandsTest {
    private final List<String> submitted = new ArrayList<>();
    private final List<String> control = new ArrayList<>();
    private boolean approve = true;

    private final Kernel kernel = new Kernel() {
        @Override
        public Decision submit(String agentId, Intent intent) {
            submitted.add(agentId + ":" + intent);
            boolean ok = approve || intent instanceof Stop;
            return new Decision("i" + submitted.size(), agentId, intent, ok,
                    ok ? List.of() : List.of(Violation.reject("estop", "e-stop latched")), 0);
        }

        @Override
        public SafetyStatus status() {
            return new SafetyStatus(SafetyState.NOMINAL, "", 0, 0, false);
        }

        @Override
        public TickStats tickStats() {
            return new TickStats(0, 0, 0, 0, 0, 0);
        }

        @Override
        public void resetTickStats() {
        }

        @Override
        public long clearanceMaxAgeNanos() {
            return 500_000_000L;
        }
    };

    private final OperatorControl operator = new OperatorControl() {
        @Override
        public void engageOverride(String op) {
            control.add("engage");
        }

        @Override
        public boolean renewOverride(String op) {
            control.add("renew");
            return true;
        }

        @Override
        public void releaseOverride(String op) {
            control.add("release");
        }

        @Override
        public void emergencyStop(String reason) {
            control.add("estop");
        }

        @Override
        public mechos.kernel.api.EmergencyStopResult latchEmergencyStop(String reason) {
            control.add("estop");
            return new mechos.kernel.api.EmergencyStopResult(true, "e-stop latched (durable)");
        }

        @Override
        public boolean resume(String op) {
            return true;
        }

        @Override
        public boolean reset(String op) {
            return true;
        }

        @Override
        public void deadManRenew() {
            control.add("deadman");
        }
    };

    private final IntentCodec codec = new IntentCodec() {
        @Override
        public Intent parse(String json) throws IntentFormatException {
            if (json.equals("{\"action\":\"stop\"}")) {
                return new Stop(null);
            }
            throw new IntentFormatException("unknown action", "action");
        }

        @Override
        public String toJson(Intent intent) {
            return "{}";
        }
    };

    private final MotionCommands commands = new MotionCommands(kernel, operator, codec);

    @Test
    void badArgumentsGiveAClearMessageAndTheUsage() {
        assertTrue(commands.drive().startsWith("error: expected 2 or 3 arguments, got 0\nusage: mechos:drive"));
        assertTrue(commands.drive("fast", "0").startsWith("error: linear must be a number, got 'fast'"));
        assertTrue(commands.drive("0.1", "NaN").startsWith("error: angular must be a finite number"));
        assertTrue(commands.drive("0.1", "0", "31").startsWith("error: seconds must be between 0 and 30, got 31"));
        assertTrue(commands.drive("help").startsWith("mechos:drive <linear m/s>"));
        assertEquals(List.of(), submitted, "nothing reaches the kernel");
    }

    @Test
    void driveForZeroSecondsSubmitsOneDriveThenAStopAsTheOperator() {
        String out = commands.drive("0.2", "-0.1", "0");
        assertTrue(out.startsWith("drove linear=0.200 m/s angular=-0.100 rad/s for 0 s"), out);
        assertEquals(List.of("operator:" + new Drive(0.2, -0.1), "operator:" + new Stop("end of mechos:drive")), submitted);
        assertEquals("engage", control.get(0), "the override suspends the AI first");
    }

    /**
     * Issue 15: the drive used to engage the override again with every renewal, and every engagement makes the
     * kernel stop every drive. It renews the active override instead. (The command drives for its real second.)
     */
    @Test
    void aLongerDriveRenewsTheOverrideInsteadOfEngagingItAgain() {
        String out = commands.drive("0.2", "0", "1");
        assertTrue(out.startsWith("drove linear=0.200 m/s"), out);
        assertEquals(1, control.stream().filter("engage"::equals).count(), "engaged once, at the start: " + control);
        assertTrue(control.contains("renew"), "renewed while driving: " + control);
        assertTrue(submitted.size() >= 3, "renewed drives and the stop: " + submitted);
    }

    @Test
    void rejectedDriveShowsTheKernelsReason() {
        approve = false;
        assertEquals("drive rejected: [estop] e-stop latched", commands.drive("0.2", "0"));
    }

    @Test
    void intentIsParsedAndSubmittedAsTheGivenAgent() {
        assertTrue(commands.intent("brain", "{\"action\":\"stop\"}").startsWith("approved intent i1"));
        assertEquals(List.of("brain:" + new Stop(null)), submitted);
        String bad = commands.intent("brain", "{\"action\":\"fly\"}");
        assertTrue(bad.startsWith("error: not a valid intent: unknown action\nusage: mechos:intent"), bad);
        assertTrue(commands.intent("brain").startsWith("error: expected an agent id and the intent JSON"));
    }

    @Test
    void missingKernelIsSaid() {
        MotionCommands none = new MotionCommands(null, null, null);
        assertEquals("error: kernel not available", none.drive("0.1", "0"));
        assertEquals("error: kernel not available", none.intent("brain", "{}"));
    }
}
