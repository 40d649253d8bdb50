package mechos.itest.hotswap;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A socat pseudo-terminal pair with a RoboClaw emulator (packet serial, from the Basicmicro user manual: commands
 * 18, 19, 21, 37, 78 with CRC16 and 0xFF acknowledgements) on the device end, using plain file I/O on the pty so
 * the test does not share the driver's serial library. {@link #kill()} makes the port vanish; {@link #start()}
 * brings it back under the same names.
 */
public final class PtyRoboClaw implements AutoCloseable {
    private static final int ADDRESS = 0x80;

    private final Path driverSide;
    private final Path deviceSide;
    private Process socat;
    private Thread emulator;
    /** Every speed command received (M1, M2 in pulses per second), across restarts. */
    public final List<int[]> speeds = new CopyOnWriteArrayList<>();
    /** When each of {@link #speeds} arrived ({@link System#nanoTime()}, acknowledged at once). */
    public final List<Long> speedNanos = new CopyOnWriteArrayList<>();

    public PtyRoboClaw(Path dir) {
        this.driverSide = dir.resolve("ttyRoboClaw");
        this.deviceSide = dir.resolve("ttyRoboClawDevice");
    }

    public Path driverSide() {
        return driverSide;
    }

    public synchronized void start() throws IOException {
        Files.createDirectories(driverSide.getParent());
        socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + driverSide,
                "pty,raw,echo=0,link=" + deviceSide).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(driverSide) && Files.exists(deviceSide))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("socat did not create the pty pair (is socat installed?)");
            }
            Thread.onSpinWait();
        }
        FileInputStream in = new FileInputStream(deviceSide.toFile());
        FileOutputStream out = new FileOutputStream(deviceSide.toFile());
        emulator = new Thread(() -> serve(in, out), "roboclaw-pty-emulator");
        emulator.setDaemon(true);
        emulator.start();
    }

    public synchronized void kill() throws IOException {
        if (socat == null) {
            return;
        }
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            emulator.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socat = null;
        Files.deleteIfExists(driverSide);
        Files.deleteIfExists(deviceSide);
    }

    @Override
    public void close() throws IOException {
        kill();
    }

    /** @return true when a non-zero speed command arrived after the first {@code from} commands */
    public boolean movedSince(int from) {
        for (int i = from; i < speeds.size(); i++) {
            if (speeds.get(i)[0] != 0 || speeds.get(i)[1] != 0) {
                return true;
            }
        }
        return false;
    }

    private void serve(FileInputStream in, FileOutputStream out) {
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        long m1 = 0;
        long m2 = 0;
        int s1 = 0;
        int s2 = 0;
        try (in; out) {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                pending.write(buf, 0, n);
                byte[] b = pending.toByteArray();
                int i = 0;
                while (b.length - i >= 2) {
                    int cmd = b[i + 1] & 0xFF;
                    if ((b[i] & 0xFF) != ADDRESS) {
                        i++;
                    } else if (cmd == 37) {
                        if (b.length - i < 12) {
                            break;
                        }
                        if (crc(b, i, 10) == ((b[i + 10] & 0xFF) << 8 | b[i + 11] & 0xFF)) {
                            s1 = int32(b, i + 2);
                            s2 = int32(b, i + 6);
                            speedNanos.add(System.nanoTime());
                            speeds.add(new int[] { s1, s2 });
                            out.write(0xFF);
                        }
                        i += 12;
                    } else if (cmd == 78) {
                        m1 += s1 / 50;
                        m2 += s2 / 50;
                        out.write(reply(cmd, concat(be((int) m1), be((int) m2))));
                        i += 2;
                    } else if (cmd == 18 || cmd == 19) {
                        int s = cmd == 18 ? s1 : s2;
                        out.write(reply(cmd, concat(be(Math.abs(s)), new byte[] { (byte) (s < 0 ? 1 : 0) })));
                        i += 2;
                    } else if (cmd == 21) {
                        out.write(reply(cmd, "USB Roboclaw 2x15a v4.2.8\n\0".getBytes(StandardCharsets.US_ASCII)));
                        i += 2;
                    } else {
                        i++;
                    }
                }
                pending.reset();
                pending.write(b, i, b.length - i);
                out.flush();
            }
        } catch (IOException e) {
            // the pty went away (socat killed): the emulated controller is unplugged
        }
    }

    private static byte[] reply(int cmd, byte[] data) {
        byte[] head = { (byte) ADDRESS, (byte) cmd };
        byte[] all = concat(head, data);
        int c = crc(all, 0, all.length);
        return concat(data, new byte[] { (byte) (c >>> 8), (byte) c });
    }

    private static int crc(byte[] b, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= (b[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }

    private static int int32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | b[off + 3] & 0xFF;
    }

    private static byte[] be(int v) {
        return new byte[] { (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
