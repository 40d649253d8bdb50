package mechos.itest.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import mechos.itest.hotswap.PtyRoboClaw;
import mechos.itest.support.MechosTestSupport;

/**
 * The exported robot jar driving a RoboClaw (mechos.hal.serial) on a socat pty with the emulated controller on the
 * other end, as device {@code wheels}, the drive the kernel sends Drive intents to (the simulator's own drive base
 * stays, unused). The brain's fallback patrol drives it. Shared by {@link SigtermSerialDriveIT} and the hand-run {@link SigtermLatencyBench}.
 */
final class SerialRobot implements AutoCloseable {
    static final Duration BOOT = Duration.ofSeconds(90);
    private static final String PASSWORD = "sigterm-itest-7";

    final Path home;
    final PtyRoboClaw claw;
    final RobotProcess robot;

    private SerialRobot(Path home, PtyRoboClaw claw, RobotProcess robot) {
        this.home = home;
        this.claw = claw;
        this.robot = robot;
    }

    static SerialRobot start() throws IOException {
        Path home = MechosTestSupport.freshRunDirectory();
        PtyRoboClaw claw = new PtyRoboClaw(home.resolve("pty"));
        claw.start();
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("mechos.hal.serial.roboclaw-wheels.cfg"), String.join("\n",
                "mechos.device.id=wheels", "odometry.id=", "port.path=" + claw.driverSide(), "reconnect.min.ms=50",
                "reconnect.max.ms=200", ""));
        // The kernel drives the RoboClaw; the simulator's own drive base stays, unused. The hardware profile runs
        // both families (the shipped file says sim only; a file written before the first start is kept).
        Files.writeString(conf.resolve("mechos.hardware.cfg"), "profile=sim,serial\n");
        Files.writeString(conf.resolve("mechos.kernel.cfg"), "drive_device=wheels\n");
        int port = MechosTestSupport.freePort();
        RobotProcess robot = RobotProcess.start(home, port, Map.of("MECHOS_CONSOLE_PASSWORD", PASSWORD));
        return new SerialRobot(home, claw, robot);
    }

    /**
     * Waits for the console, the RoboClaw answering and the agent: with no LLM reachable the brain runs its fallback
     * patrol (0.3 m/s), whose Drive intents the kernel routes to {@code wheels}, renewed several times a second; then
     * waits until the controller has been turning for a while and the last commands on the wire are all non-zero
     * (the state a SIGTERM meets on a driving robot).
     */
    void awaitDriving() {
        robot.awaitConsole(BOOT);
        try {
            MechosTestSupport.awaitCondition("the RoboClaw driver talks to the controller", Duration.ofSeconds(60),
                    () -> claw.speeds.size() > 3);
            MechosTestSupport.awaitCondition("the agent started", Duration.ofSeconds(60),
                    () -> robot.output().contains("agent 'brain' started"));
            int from = claw.speeds.size();
            MechosTestSupport.awaitCondition("the patrol turns the wheels", Duration.ofSeconds(60),
                    () -> claw.movedSince(from));
            int moving = claw.speeds.size();
            MechosTestSupport.awaitCondition("the patrol keeps driving", Duration.ofSeconds(60),
                    () -> claw.speeds.size() > moving + 30 && lastAllMoving(5));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + robot.output(), e);
        }
    }

    private boolean lastAllMoving(int n) {
        List<int[]> s = claw.speeds;
        if (s.size() < n) {
            return false;
        }
        for (int i = s.size() - n; i < s.size(); i++) {
            if (s.get(i)[0] == 0 && s.get(i)[1] == 0) {
                return false;
            }
        }
        return true;
    }

    /** Sends SIGTERM the way a service manager does; @return {@link System#nanoTime()} just before */
    long sigterm() {
        long t = System.nanoTime();
        if (!robot.process.toHandle().destroy()) { // kill(pid, SIGTERM), leaves our end of its output open
            throw new AssertionError("SIGTERM not delivered");
        }
        return t;
    }

    /** @return the index of the first zero speed command received at or after {@code nanos}, or -1 */
    int firstZeroAfter(long nanos) {
        for (int i = 0; i < claw.speeds.size(); i++) {
            if (claw.speedNanos.get(i) >= nanos && claw.speeds.get(i)[0] == 0 && claw.speeds.get(i)[1] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of the last non-zero speed command received, or -1 */
    int lastNonZero() {
        for (int i = claw.speeds.size() - 1; i >= 0; i--) {
            if (claw.speeds.get(i)[0] != 0 || claw.speeds.get(i)[1] != 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        try {
            robot.close();
        } finally {
            claw.close();
        }
    }
}
