package mechos.hal.serial.internal.roboclaw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import mechos.hal.api.DriveGeometry;
import mechos.hal.api.HealthState;
import mechos.hal.serial.internal.port.JSerialCommLinkFactory;
import mechos.hal.serial.internal.port.PortSettings;
import mechos.hal.serial.internal.port.SerialLink;
import mechos.hal.serial.internal.port.SerialLinkFactory;
import mechos.hal.serial.internal.port.SocatPair;

/**
 * Issue 13 measurements for the RoboClaw driver over a socat pty with the emulated controller (lives in the driver's
 * package for its package-private constructor; run from bench/, see bench/REPORT-drivers.md).
 *
 * <ul>
 * <li>{@code wedge [rounds]}: while driving at 0.3 m/s, the open port's next read blocks inside the OS until the port
 *     is closed (what a read on a tty whose VMIN/VTIME another program changed did before the fix). Measures
 *     wedge → FAULT and wedge → zero speed received by the controller.</li>
 * <li>{@code silent [seconds]}: a pty with nothing on the other end; reconnect attempts per minute.</li>
 * <li>{@code noack [seconds]}: a controller that answers its version but never acknowledges a command; reconnect
 *     attempts per minute and how often the driver reported itself usable.</li>
 * </ul>
 */
public final class WedgedPortHarness {
    private static final double RADIUS = 0.05;
    private static final double TICKS_PER_METRE = 2000 / (2 * Math.PI * RADIUS);

    private WedgedPortHarness() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "wedge";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : mode.equals("wedge") ? 20 : 60;
        switch (mode) {
            case "wedge" -> wedge(n);
            case "silent" -> reconnects(n, false);
            case "noack" -> reconnects(n, true);
            default -> throw new IllegalArgumentException("mode: wedge | silent | noack");
        }
    }

    /** A link whose reads block, once wedged, until the port is closed (as a native read stuck in the OS). */
    private static final class WedgeableLink implements SerialLink {
        final SerialLink delegate;
        final CountDownLatch closed = new CountDownLatch(1);
        volatile boolean wedged;

        WedgeableLink(SerialLink delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (wedged) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    // a native read does not see Java interrupts: keep blocking until the port is closed
                    awaitUninterruptibly();
                    Thread.currentThread().interrupt();
                }
                throw new IOException("port closed under a blocked read");
            }
            return delegate.read(buffer, offset, length);
        }

        private void awaitUninterruptibly() {
            while (closed.getCount() > 0) {
                LockSupport.parkNanos(100_000);
            }
        }

        @Override
        public void write(byte[] data) throws IOException {
            delegate.write(data);
        }

        @Override
        public void discardInput() throws IOException {
            delegate.discardInput();
        }

        @Override
        public boolean setDtr(boolean asserted) {
            return delegate.setDtr(asserted);
        }

        @Override
        public void close() {
            delegate.close();
            closed.countDown();
        }
    }

    private static RoboClawOptions options(Path port) {
        return new RoboClawOptions(new PortSettings(port.toString(), 38400, 8,
                mechos.hal.serial.internal.port.Parity.NONE, mechos.hal.serial.internal.port.StopBits.ONE, 10, 100,
                100), 0x80, 30, 20, 500, 3,
                new WheelMapping(new DriveGeometry(0.3, RADIUS, 1.0, 3.0, 0.25), TICKS_PER_METRE, false, false, false),
                100, 5000);
    }

    private static boolean await(java.util.function.BooleanSupplier c, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    private static void wedge(int rounds) throws Exception {
        Path dir = Files.createTempDirectory("wedge");
        List<Double> toFault = new ArrayList<>();
        List<Double> toZero = new ArrayList<>();
        int q = (int) Math.round(0.3 * TICKS_PER_METRE);
        for (int r = 0; r < rounds; r++) {
            try (SocatPair pair = new SocatPair(dir).start();
                    RoboClawEmulator emulator = new RoboClawEmulator(pair.deviceSide(), 0x80)) {
                emulator.start();
                List<WedgeableLink> links = Collections.synchronizedList(new ArrayList<>());
                JSerialCommLinkFactory real = new JSerialCommLinkFactory();
                SerialLinkFactory factory = s -> {
                    WedgeableLink l = new WedgeableLink(real.open(s));
                    links.add(l);
                    return l;
                };
                RoboClawDriveBase drive = new RoboClawDriveBase("base", "odom", options(pair.driverSide()), factory);
                drive.start();
                try {
                    if (!await(() -> drive.health().state() == HealthState.ONLINE, 10_000)) {
                        throw new IllegalStateException("not ONLINE: " + drive.health());
                    }
                    drive.setVelocity(0.3, 0);
                    if (!await(() -> Arrays.equals(emulator.lastCommand(), new int[] { q, q }), 10_000)) {
                        throw new IllegalStateException("controller never got the speed");
                    }
                    WedgeableLink current = links.get(links.size() - 1);
                    long t0 = System.nanoTime();
                    current.wedged = true;
                    if (!await(() -> drive.health().state() == HealthState.FAULT, 10_000)) {
                        throw new IllegalStateException("no FAULT: " + drive.health());
                    }
                    long t1 = System.nanoTime();
                    if (!await(() -> Arrays.equals(emulator.lastCommand(), new int[] { 0, 0 }), 10_000)) {
                        throw new IllegalStateException("controller never got zero");
                    }
                    long t2 = System.nanoTime();
                    toFault.add((t1 - t0) / 1e6);
                    toZero.add((t2 - t0) / 1e6);
                    System.out.printf("round %2d: wedge -> FAULT %6.1f ms, wedge -> zero at controller %6.1f ms%n", r,
                            (t1 - t0) / 1e6, (t2 - t0) / 1e6);
                } finally {
                    drive.deactivate();
                }
            }
        }
        System.out.println("wedge -> FAULT: " + summary(toFault));
        System.out.println("wedge -> zero at controller: " + summary(toZero));
    }

    private static void reconnects(int seconds, boolean noAck) throws Exception {
        Path dir = Files.createTempDirectory("silent");
        try (SocatPair pair = new SocatPair(dir).start()) {
            RoboClawEmulator emulator = null;
            if (noAck) {
                emulator = new RoboClawEmulator(pair.deviceSide(), 0x80);
                emulator.fault = RoboClawEmulator.Fault.NO_ACK;
                emulator.start();
            }
            RoboClawDriveBase drive = new RoboClawDriveBase("base", "odom", options(pair.driverSide()),
                    new JSerialCommLinkFactory());
            drive.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            int usable = 0;
            int changes = 0;
            HealthState last = drive.health().state();
            while (System.nanoTime() < end) {
                HealthState s = drive.health().state();
                if (s != last) {
                    changes++;
                    if (s.acceptsCommands()) {
                        usable++;
                    }
                    last = s;
                }
                LockSupport.parkNanos(500_000);
            }
            long attempts = drive.connectAttempts();
            drive.deactivate();
            if (emulator != null) {
                emulator.close();
            }
            System.out.printf("%s device, %d s: %d connection attempts (%.1f per minute), %d health state changes, "
                    + "%d times usable (ONLINE/DEGRADED)%n", noAck ? "never-acknowledging" : "silent", seconds,
                    attempts, attempts * 60.0 / seconds, changes, usable);
        }
    }

    private static String summary(List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        return String.format("n=%d min %.1f ms, median %.1f ms, p95 %.1f ms, max %.1f ms", s.size(), s.get(0),
                s.get(s.size() / 2), s.get((int) Math.min(s.size() - 1, Math.ceil(s.size() * 0.95) - 1)),
                s.get(s.size() - 1));
    }
}
