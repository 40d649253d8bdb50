package mechos.hal.serial.internal.roboclaw;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import mechos.hal.serial.internal.port.DeviceEmulator;

/**
 * A RoboClaw in packet serial mode, written from the user manual: commands 16-19, 21, 37 and 78, CRC16 on every
 * packet, 0xFF acknowledgements, packets with a bad CRC ignored. Encoders integrate the commanded speeds (an
 * ideal motor). Faults can be switched on to test the driver.
 */
final class RoboClawEmulator extends DeviceEmulator {
    enum Fault {
        NONE, BAD_CRC, GARBAGE, TRUNCATED, SILENT, NO_ACK
    }

    static final String VERSION = "USB Roboclaw 2x15a v4.2.8\n";

    private final int address;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    volatile Fault fault = Fault.NONE;
    /** false: firmware without command 78 (read both encoders), which only answers 16/17. */
    volatile boolean supports78 = true;
    volatile int m1Speed;
    volatile int m2Speed;
    private double m1Count;
    private double m2Count;
    private long lastNanos = System.nanoTime();
    final List<int[]> speedCommands = new CopyOnWriteArrayList<>();
    final AtomicLong badCrcPackets = new AtomicLong();
    final AtomicLong requests = new AtomicLong();

    RoboClawEmulator(Path path, int address) throws IOException {
        super(path, "roboclaw-emulator");
        this.address = address;
    }

    @Override
    protected synchronized void received(byte[] data, int length) {
        pending.write(data, 0, length);
        byte[] b = pending.toByteArray();
        int used = parse(b);
        pending.reset();
        pending.write(b, used, b.length - used);
    }

    /** @return bytes consumed */
    private int parse(byte[] b) {
        int i = 0;
        while (b.length - i >= 2) {
            int addr = b[i] & 0xFF;
            int cmd = b[i + 1] & 0xFF;
            if (addr != address) {
                i++;
                continue;
            }
            switch (cmd) {
                case RoboClawProtocol.CMD_DRIVE_M1M2_SPEED -> {
                    if (b.length - i < 12) {
                        return i;
                    }
                    int crc = RoboClawProtocol.crc16(b, i, 10);
                    int sent = (b[i + 10] & 0xFF) << 8 | b[i + 11] & 0xFF;
                    if (crc != sent) {
                        badCrcPackets.incrementAndGet();
                        i++;
                        continue;
                    }
                    integrate();
                    m1Speed = RoboClawProtocol.int32(b, i + 2);
                    m2Speed = RoboClawProtocol.int32(b, i + 6);
                    speedCommands.add(new int[] { m1Speed, m2Speed });
                    answer(new byte[] { (byte) RoboClawProtocol.ACK }, false);
                    i += 12;
                }
                case RoboClawProtocol.CMD_READ_ENCODER_M1, RoboClawProtocol.CMD_READ_ENCODER_M2 -> {
                    integrate();
                    byte[] d = new byte[5];
                    double c = cmd == RoboClawProtocol.CMD_READ_ENCODER_M1 ? m1Count : m2Count;
                    RoboClawProtocol.putInt32(d, 0, (int) Math.round(c));
                    d[4] = 0; // status: no underflow/overflow, forward
                    answer(RoboClawProtocol.reply(address, cmd, d), true);
                    i += 2;
                }
                case RoboClawProtocol.CMD_READ_ENCODERS -> {
                    if (!supports78) {
                        i += 2; // older firmware: unknown command, no answer
                        continue;
                    }
                    integrate();
                    byte[] d = new byte[8];
                    RoboClawProtocol.putInt32(d, 0, (int) Math.round(m1Count));
                    RoboClawProtocol.putInt32(d, 4, (int) Math.round(m2Count));
                    answer(RoboClawProtocol.reply(address, cmd, d), true);
                    i += 2;
                }
                case RoboClawProtocol.CMD_READ_SPEED_M1, RoboClawProtocol.CMD_READ_SPEED_M2 -> {
                    int s = cmd == RoboClawProtocol.CMD_READ_SPEED_M1 ? m1Speed : m2Speed;
                    byte[] d = new byte[5];
                    RoboClawProtocol.putInt32(d, 0, Math.abs(s));
                    d[4] = (byte) (s < 0 ? 1 : 0);
                    answer(RoboClawProtocol.reply(address, cmd, d), true);
                    i += 2;
                }
                case RoboClawProtocol.CMD_READ_VERSION -> {
                    byte[] text = VERSION.getBytes(StandardCharsets.US_ASCII);
                    byte[] d = new byte[text.length + 1];
                    System.arraycopy(text, 0, d, 0, text.length);
                    answer(RoboClawProtocol.reply(address, cmd, d), true);
                    i += 2;
                }
                default -> i++;
            }
        }
        return i;
    }

    private void answer(byte[] reply, boolean hasCrc) {
        requests.incrementAndGet();
        switch (fault) {
            case NONE -> send(reply);
            case NO_ACK -> {
                if (hasCrc) {
                    send(reply); // answers reads (the version), never acknowledges a command
                }
            }
            case SILENT -> {
            }
            case BAD_CRC -> {
                byte[] bad = reply.clone();
                if (hasCrc) {
                    bad[bad.length - 1] ^= 0x5A;
                } else {
                    bad[0] = 0x00; // a corrupted acknowledgement
                }
                send(bad);
            }
            case GARBAGE -> {
                send(new byte[] { 0x13, 0x37, (byte) 0xA5 });
                send(reply);
            }
            case TRUNCATED -> send(java.util.Arrays.copyOf(reply, Math.max(1, reply.length / 2)));
        }
    }

    private void integrate() {
        long now = System.nanoTime();
        double dt = (now - lastNanos) / 1e9;
        lastNanos = now;
        m1Count += m1Speed * dt;
        m2Count += m2Speed * dt;
    }

    int[] lastCommand() {
        return speedCommands.isEmpty() ? null : speedCommands.get(speedCommands.size() - 1);
    }
}
