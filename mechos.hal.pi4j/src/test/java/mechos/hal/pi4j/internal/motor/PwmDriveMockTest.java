package mechos.hal.pi4j.internal.motor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

import mechos.hal.api.DeviceException;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.HealthState;
import mechos.hal.api.control.PidGains;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;
import mechos.hal.pi4j.internal.platform.PlatformKind;
import mechos.hal.pi4j.internal.support.Await;

/** The PWM H-bridge drive through the real Pi4J API on the mock platform, with simulated encoders. */
class PwmDriveMockTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final double MPC = 2 * Math.PI * 0.05 / 1200;

    private final Pi4jPlatform platform = new Pi4jPlatform(PlatformKind.MOCK, 2);
    private PwmDriveBase drive;
    private WheelPlant plant;

    @AfterEach
    void tearDown() {
        if (plant != null) {
            plant.stop();
        }
        if (drive != null) {
            drive.close();
        }
        platform.close();
    }

    private static DriveOptions options(PidGains gains, boolean rightInverted) {
        return new DriveOptions(new DriveOptions.WheelPins(0, 5, 6, 16, false),
                new DriveOptions.WheelPins(1, 26, 20, 21, rightInverted), 20000,
                new DriveGeometry(0.3, 0.05, 0.8, 3.0, 0.25), MPC, 1.0, gains, 1.0, 20);
    }

    private PwmDriveBase started(DriveOptions o) {
        PwmDriveBase d = new PwmDriveBase("base", o, platform);
        d.start();
        Await.until("drive ONLINE", T, () -> d.health().state() == HealthState.ONLINE, () -> d.health().toString());
        return d;
    }

    private Pwm pwm(String side) {
        return platform.context().registry().get(drive.ioId(side, "pwm"), Pwm.class);
    }

    private DigitalOutput dir(String side) {
        return platform.context().registry().get(drive.ioId(side, "dir"), DigitalOutput.class);
    }

    private void awaitDuty(String side, double percent, DigitalState direction) {
        Await.until(side + " duty " + percent + "% " + direction, T,
                () -> Math.abs(pwm(side).dutyCycle() - percent) < 0.01 && dir(side).state() == direction,
                () -> "was " + pwm(side).dutyCycle() + "% " + dir(side).state());
    }

    @Test
    void commandedSpeedsBecomeDutyAndDirection() throws DeviceException {
        drive = started(options(new PidGains(0, 0, 0), true));
        assertEquals(0, pwm("left").dutyCycle(), 1e-6, "PWM starts at 0 %");
        drive.setVelocity(0.5, 0);
        awaitDuty("left", 50, DigitalState.HIGH);
        awaitDuty("right", 50, DigitalState.LOW); // right bridge mounted reversed
        drive.setVelocity(-0.25, 0);
        awaitDuty("left", 25, DigitalState.LOW);
        drive.setVelocity(0, 1.0); // wheels ±0.15 m/s
        awaitDuty("left", 15, DigitalState.LOW);
        awaitDuty("right", 15, DigitalState.LOW);
        drive.setVelocity(2.0, 0); // scaled to the 0.8 m/s limit
        awaitDuty("left", 80, DigitalState.HIGH);
        drive.stop();
        assertEquals(0, pwm("left").dutyCycle(), 1e-6, "stop zeroes the duty at once");
        assertEquals(0, pwm("right").dutyCycle(), 1e-6);
        assertEquals(false, pwm("left").isOn());
    }

    @Test
    void encoderPulsesCloseTheSpeedLoop() throws DeviceException {
        drive = started(options(new PidGains(0.5, 4.0, 0), false));
        plant = new WheelPlant(platform.context(), drive, 0.7);
        plant.start();
        drive.setVelocity(0.3, 0);
        // the motors only reach 70 % of the feed-forward speed: the integral term must make up the rest
        Await.until("both wheels at 0.3 m/s", T, () -> {
            double sum = 0;
            for (int i = 0; i < 10; i++) {
                sum += drive.measuredWheelSpeeds().left() + drive.measuredWheelSpeeds().right();
                LockSupport.parkNanos(20_000_000);
            }
            return Math.abs(sum / 20 - 0.3) < 0.02;
        }, () -> "measured " + drive.measuredWheelSpeeds() + " duty " + drive.duties()[0]);
        assertTrue(drive.duties()[0] > 0.35, "duty above feed-forward: " + drive.duties()[0]);
        drive.setVelocity(-0.2, 0);
        Await.until("reverses to -0.2 m/s", T, () -> drive.measuredWheelSpeeds().left() < -0.17
                && drive.measuredWheelSpeeds().right() < -0.17, () -> drive.measuredWheelSpeeds().toString());
        drive.stop();
        Await.until("wheels stop", T, () -> Math.abs(drive.measuredWheelSpeeds().left()) < 1e-9);
    }

    @Test
    void commandsAreRefusedUntilTheOutputsAreClaimedAndAfterStop() {
        Pi4jPlatform closed = new Pi4jPlatform(PlatformKind.MOCK, 1);
        closed.close();
        PwmDriveBase d = new PwmDriveBase("base", options(new PidGains(0, 0, 0), false), closed);
        d.start();
        assertThrows(DeviceException.class, () -> d.setVelocity(0.1, 0));
        assertDoesNotThrow(d::stop, "nothing is driven before the I/O is claimed: a stop holds");
        drive = started(options(new PidGains(0, 0, 0), false));
        drive.close();
        assertThrows(DeviceException.class, () -> drive.setVelocity(0.1, 0));
        assertDoesNotThrow(drive::stop, "released outputs are at their shutdown state: a stop holds");
        assertEquals(HealthState.OFFLINE, drive.health().state());
    }

    /** Ideal DC motors: wheel speed = efficiency × duty × 1 m/s, turned into quadrature edges on the mock inputs. */
    static final class WheelPlant {
        private final Context ctx;
        private final PwmDriveBase drive;
        private final double efficiency;
        private final Thread thread;
        private volatile boolean running = true;

        WheelPlant(Context ctx, PwmDriveBase drive, double efficiency) {
            this.ctx = ctx;
            this.drive = drive;
            this.efficiency = efficiency;
            this.thread = new Thread(this::run, "wheel-plant");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            running = false;
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            double[] acc = new double[2];
            int[] phase = new int[2];
            String[] sides = { "left", "right" };
            long last = System.nanoTime();
            while (running) {
                LockSupport.parkNanos(1_000_000);
                long now = System.nanoTime();
                double dt = (now - last) / 1e9;
                last = now;
                for (int s = 0; s < 2; s++) {
                    Pwm pwm = ctx.registry().get(drive.ioId(sides[s], "pwm"), Pwm.class);
                    DigitalOutput dir = ctx.registry().get(drive.ioId(sides[s], "dir"), DigitalOutput.class);
                    double sign = dir.state() == DigitalState.HIGH ? 1 : -1;
                    double speed = sign * efficiency * pwm.dutyCycle() / 100.0;
                    acc[s] += speed * dt / MPC;
                    while (Math.abs(acc[s]) >= 1) {
                        int step = acc[s] > 0 ? 1 : -1;
                        acc[s] -= step;
                        phase[s] = Math.floorMod(phase[s] + step, 4);
                        // forward sequence (A,B): 00, 10, 11, 01
                        boolean a = phase[s] == 1 || phase[s] == 2;
                        boolean b = phase[s] == 2 || phase[s] == 3;
                        MockDigitalInput ia = ctx.registry().get(drive.ioId(sides[s], "enc-a"), MockDigitalInput.class);
                        MockDigitalInput ib = ctx.registry().get(drive.ioId(sides[s], "enc-b"), MockDigitalInput.class);
                        if (ia.isHigh() != a) {
                            ia.mockState(a ? DigitalState.HIGH : DigitalState.LOW);
                        }
                        if (ib.isHigh() != b) {
                            ib.mockState(b ? DigitalState.HIGH : DigitalState.LOW);
                        }
                    }
                }
            }
        }
    }
}
