package mechos.itest.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 1: SIGTERM on a robot driving a real serial motor controller must leave the controller stopped.
 * The exported jar drives a RoboClaw (emulated over a socat pty) and gets SIGTERM mid-drive; the controller must
 * receive, and acknowledge, zero speed after the last non-zero command, before the process exits.
 */
class SigtermSerialDriveIT {
    @Test
    void sigtermWhileDrivingLeavesTheMotorControllerAtZero() throws Exception {
        try (SerialRobot r = SerialRobot.start()) {
            r.awaitDriving();
            int before = r.robot.output().length();
            long sent = r.sigterm();
            assertTrue(r.robot.process.waitFor(20, TimeUnit.SECONDS), "exits within 20 s of SIGTERM");
            r.robot.awaitOutputDrained(Duration.ofSeconds(5));
            String out = r.robot.output().substring(before);

            int zero = r.firstZeroAfter(sent);
            int lastMoving = r.lastNonZero();
            assertTrue(zero >= 0, "the controller never received zero speed after SIGTERM; shutdown output:\n" + out);
            assertTrue(zero > lastMoving, "a non-zero speed (#" + lastMoving + ") reached the controller after the "
                    + "zero (#" + zero + "):\n" + out);
            assertFalse(out.contains("wrote 0 of"), "the port was closed under the driver:\n" + out);
            int gate = out.indexOf("gate closed");
            int safe = out.indexOf("commanding ");
            assertTrue(gate >= 0 && safe > gate, "the gate closes before the safe-state command:\n" + out);
            assertTrue(out.matches("(?s).*actuators acknowledged their safe state.*"), out);
            System.out.printf("SIGTERM -> zero speed at the controller: %.1f ms%n",
                    (r.claw.speedNanos.get(zero) - sent) / 1e6);
        }
    }
}
