package mechos.hal.serial.internal.roboclaw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.hal.api.DeviceException;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.HealthState;
import mechos.hal.api.OdometryReading;
import mechos.hal.serial.internal.port.Await;
import mechos.hal.serial.internal.port.JSerialCommLinkFactory;
import mechos.hal.serial.internal.port.PortSettings;
import mechos.hal.serial.internal.port.SocatPair;

/** The RoboClaw driver against an emulated controller over a socat pseudo-terminal pair. */
class RoboClawSocatTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final double RADIUS = 0.05;
    private static final double TICKS_PER_METRE = 2000 / (2 * Math.PI * RADIUS);

    @TempDir
    Path dir;
    private SocatPair pair;
    private RoboClawEmulator emulator;
    private RoboClawDriveBase drive;

    @BeforeEach
    void setUp() throws IOException {
        pair = new SocatPair(dir).start();
        emulator = new RoboClawEmulator(pair.deviceSide(), 0x80);
        emulator.start();
        RoboClawOptions o = new RoboClawOptions(PortSettings.of(pair.driverSide().toString(), 38400, 10), 0x80, 30,
                20, 1000, 3, new WheelMapping(new DriveGeometry(0.3, RADIUS, 1.0, 3.0, 0.25), TICKS_PER_METRE, false,
                        false, false),
                50, 400);
        drive = new RoboClawDriveBase("base", "odom", o, new JSerialCommLinkFactory());
        drive.start();
    }

    @AfterEach
    void tearDown() throws IOException {
        drive.deactivate();
        emulator.close();
        pair.close();
    }

    private void awaitState(HealthState state) {
        Await.until("health " + state, T, () -> drive.health().state() == state,
                () -> "was " + drive.health() + " " + drive.stats());
    }

    private void awaitCommand(int m1, int m2) {
        Await.until("controller receives " + m1 + "/" + m2, T, () -> {
            int[] c = emulator.lastCommand();
            return c != null && c[0] == m1 && c[1] == m2;
        }, () -> "last " + java.util.Arrays.toString(emulator.lastCommand()));
    }

    @Test
    void drivesWithSignedSpeedsAndIntegratesOdometry() throws DeviceException {
        awaitState(HealthState.ONLINE);
        assertEquals(RoboClawEmulator.VERSION.trim(), drive.firmwareVersion());
        int q = (int) Math.round(0.2 * TICKS_PER_METRE);
        drive.setVelocity(0.2, 0);
        awaitCommand(q, q);
        Await.until("measured wheel speed 0.2 m/s", T,
                () -> Math.abs(drive.measuredWheelSpeeds().left() - 0.2) < 0.002
                        && Math.abs(drive.measuredWheelSpeeds().right() - 0.2) < 0.002);
        Await.until("odometry moves forward", T, () -> {
            OdometryReading r = drive.odometry().latest();
            return r != null && r.x() > 0.02;
        });
        OdometryReading r = drive.odometry().latest();
        assertEquals(0, r.y(), 1e-3);
        assertEquals(0, r.theta(), 1e-3);
        assertEquals(0.2, r.linear(), 0.002);

        int w = (int) Math.round(1.0 * 0.15 * TICKS_PER_METRE);
        drive.setVelocity(0, 1.0);
        awaitCommand(-w, w);
        Await.until("odometry turns counter-clockwise", T, () -> drive.odometry().latest().theta() > 0.05);

        drive.stop();
        awaitCommand(0, 0);
        assertEquals(0, emulator.badCrcPackets.get(), "every packet the driver sent had a valid CRC");
        assertEquals(0, drive.stats().failures());
    }

    /** Issue 13 defect 7: firmware that does not answer command 78 is read with 16/17 and still gives odometry. */
    @Test
    void firmwareWithoutCommand78FallsBackTo16And17() throws DeviceException {
        emulator.supports78 = false;
        awaitState(HealthState.ONLINE);
        drive.setVelocity(0.2, 0);
        Await.until("odometry moves forward without command 78", T, () -> {
            OdometryReading r = drive.odometry().latest();
            return r != null && r.x() > 0.02;
        }, () -> drive.health() + " " + drive.stats());
        assertEquals("16/17", drive.encoderCommands());
    }

    @Test
    void commandsBeyondTheLimitAreScaledKeepingTheCurvature() throws DeviceException {
        awaitState(HealthState.ONLINE);
        drive.setVelocity(2.0, 0);
        int max = (int) Math.round(1.0 * TICKS_PER_METRE);
        awaitCommand(max, max);
    }

    @Test
    void badCrcRepliesAreRejectedCountedAndTheDriverRecovers() {
        awaitState(HealthState.ONLINE);
        emulator.fault = RoboClawEmulator.Fault.BAD_CRC;
        Await.until("CRC errors counted", T, () -> drive.stats().crcErrors.get() > 0);
        Await.until("not ONLINE", T, () -> drive.health().state() != HealthState.ONLINE);
        emulator.fault = RoboClawEmulator.Fault.NONE;
        awaitState(HealthState.ONLINE);
    }

    @Test
    void garbageAndTruncatedRepliesAreRejectedAndCounted() {
        awaitState(HealthState.ONLINE);
        emulator.fault = RoboClawEmulator.Fault.GARBAGE;
        Await.until("garbage counted", T, () -> drive.stats().garbage.get() + drive.stats().crcErrors.get() > 0);
        Await.until("not ONLINE", T, () -> drive.health().state() != HealthState.ONLINE);
        emulator.fault = RoboClawEmulator.Fault.NONE;
        awaitState(HealthState.ONLINE);
        long timeoutsBefore = drive.stats().timeouts.get();
        emulator.fault = RoboClawEmulator.Fault.TRUNCATED;
        Await.until("truncated replies time out", T, () -> drive.stats().timeouts.get() > timeoutsBefore);
        Await.until("not ONLINE", T, () -> drive.health().state() != HealthState.ONLINE);
        emulator.fault = RoboClawEmulator.Fault.NONE;
        awaitState(HealthState.ONLINE);
    }

    @Test
    void silentControllerGoesDegradedThenOfflineRefusesCommandsAndDoesNotResumeMotion() throws DeviceException {
        awaitState(HealthState.ONLINE);
        drive.setVelocity(0.3, 0);
        int q = (int) Math.round(0.3 * TICKS_PER_METRE);
        awaitCommand(q, q);
        emulator.fault = RoboClawEmulator.Fault.SILENT;
        awaitState(HealthState.DEGRADED);
        awaitState(HealthState.OFFLINE);
        assertThrows(DeviceException.class, () -> drive.setVelocity(0.1, 0));
        int before = emulator.speedCommands.size();
        emulator.fault = RoboClawEmulator.Fault.NONE;
        awaitState(HealthState.ONLINE);
        Await.until("commands flow again", T, () -> emulator.speedCommands.size() > before + 3);
        assertArrayEquals(new int[] { 0, 0 }, emulator.lastCommand(), "motion never resumes by itself");
    }

    /**
     * Issue 13 defect 2: another program opens the port (as screen, minicom or ModemManager would) and sets VMIN=1,
     * VTIME=0. The old driver relied on the port's VTIME for its read timeouts: once the controller missed a reply,
     * the I/O thread blocked in readBytes forever and health stayed ONLINE while the controller kept the last speed.
     */
    @Test
    void anotherOpenerChangingTheTermiosNeverWedgesTheIoThread() throws Exception {
        awaitState(HealthState.ONLINE);
        drive.setVelocity(0.3, 0);
        int q = (int) Math.round(0.3 * TICKS_PER_METRE);
        awaitCommand(q, q);
        // stty opens the port without the driver's lock and leaves its settings behind, like a terminal program
        Process stty = new ProcessBuilder("stty", "-F", pair.driverSide().toString(), "min", "1", "time", "0")
                .redirectErrorStream(true).start();
        assertTrue(stty.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && stty.exitValue() == 0,
                "stty could not change the port settings");
        emulator.fault = RoboClawEmulator.Fault.SILENT;
        awaitState(HealthState.OFFLINE);
        assertThrows(DeviceException.class, () -> drive.setVelocity(0.3, 0));
        int before = emulator.speedCommands.size();
        emulator.fault = RoboClawEmulator.Fault.NONE;
        awaitState(HealthState.ONLINE);
        Await.until("commands flow again", T, () -> emulator.speedCommands.size() > before + 3);
        assertArrayEquals(new int[] { 0, 0 }, emulator.lastCommand(), "motion never resumes by itself");
    }

    /**
     * Issue 13 defect 3: a controller that answers its version but never acknowledges a command went ONLINE after
     * every reconnect (45-47 state changes per 10 s). Opening the port and reading the version is not a working
     * controller: it stays OFFLINE across reconnects.
     */
    @Test
    void aControllerThatNeverAcknowledgesNeverGoesOnline() {
        awaitState(HealthState.ONLINE);
        emulator.fault = RoboClawEmulator.Fault.NO_ACK;
        awaitState(HealthState.OFFLINE);
        long attempts = drive.connectAttempts();
        boolean sawOnline = false;
        long deadline = System.nanoTime() + T.toNanos();
        while (drive.connectAttempts() < attempts + 3 && System.nanoTime() < deadline) {
            sawOnline |= drive.health().state().acceptsCommands();
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
        assertTrue(drive.connectAttempts() >= attempts + 3, "reconnected " + (drive.connectAttempts() - attempts));
        assertTrue(!sawOnline, "a controller that never acknowledges was reported usable");
    }

    @Test
    void portVanishingMidRunGoesOfflineAndRecoversStopped() throws IOException, DeviceException {
        awaitState(HealthState.ONLINE);
        drive.setVelocity(0.3, 0);
        int q = (int) Math.round(0.3 * TICKS_PER_METRE);
        awaitCommand(q, q);
        emulator.close();
        pair.kill();
        awaitState(HealthState.OFFLINE);
        assertTrue(!drive.health().reason().isEmpty(), "OFFLINE carries a reason: " + drive.health());
        assertThrows(DeviceException.class, () -> drive.setVelocity(0.3, 0));
        pair.start();
        emulator = new RoboClawEmulator(pair.deviceSide(), 0x80);
        emulator.start();
        awaitState(HealthState.ONLINE);
        Await.until("commands flow again", T, () -> emulator.speedCommands.size() > 3);
        for (int[] c : emulator.speedCommands) {
            assertArrayEquals(new int[] { 0, 0 }, c, "after reconnecting only zero speed is sent until commanded");
        }
        drive.setVelocity(0.1, 0);
        int q1 = (int) Math.round(0.1 * TICKS_PER_METRE);
        awaitCommand(q1, q1);
    }

    /** With stop.ack.timeout.ms, the safe-state acknowledgement means the controller has the zero. */
    @Test
    void stopReturnsOnlyOnceTheControllerAcknowledgedZero() throws DeviceException {
        drive.stopAckTimeoutMs(1000);
        awaitState(HealthState.ONLINE);
        int q = (int) Math.round(0.3 * TICKS_PER_METRE);
        for (int i = 0; i < 5; i++) {
            drive.setVelocity(0.3, 0);
            awaitCommand(q, q);
            drive.stop();
            assertArrayEquals(new int[] { 0, 0 }, emulator.lastCommand(), "zero reached the controller before stop() "
                    + "returned (round " + i + ")");
        }
    }

    @Test
    void stopFailsWhenTheControllerDoesNotAcknowledge() throws DeviceException {
        drive.stopAckTimeoutMs(200);
        awaitState(HealthState.ONLINE);
        drive.setVelocity(0.3, 0);
        emulator.fault = RoboClawEmulator.Fault.SILENT;
        awaitState(HealthState.DEGRADED);
        DeviceException e = assertThrows(DeviceException.class, drive::stop);
        assertTrue(e.getMessage().contains("did not acknowledge") || e.getMessage().contains("OFFLINE"),
                e.getMessage());
    }

    /**
     * On JVM exit jSerialComm runs our participant before it closes the port: motion is refused from then on, zero is
     * acknowledged by the controller, and the kernel's stop (which follows its gate closing) is waited for.
     */
    @Test
    void jvmExitStopRefusesMotionAndWaitsForTheAcknowledgedZeroAndTheKernelStop() throws Exception {
        awaitState(HealthState.ONLINE);
        int q = (int) Math.round(0.3 * TICKS_PER_METRE);
        drive.setVelocity(0.3, 0);
        awaitCommand(q, q);
        var participant = drive.shutdownParticipant();
        participant.beginShutdown();
        assertThrows(DeviceException.class, () -> drive.setVelocity(0.3, 0), "motion refused once the JVM exits");
        Thread kernel = new Thread(() -> {
            try {
                Thread.sleep(30); // the kernel's stop arrives a little after the JVM began exiting: a delayed
                drive.stop();     // actor, not a wait for a condition
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        kernel.start();
        String outcome = participant.awaitSafe(System.nanoTime() + Duration.ofSeconds(2).toNanos());
        kernel.join(2000);
        assertTrue(outcome.contains("zero speed acknowledged") && outcome.contains("kernel stop acknowledged"),
                outcome);
        assertArrayEquals(new int[] { 0, 0 }, emulator.lastCommand());
    }
}
