package mechos.hal.serial.internal.roboclaw;

/**
 * Frames of the RoboClaw packet serial protocol (Basicmicro/Ion Motion Control user manual, "Packet Serial").
 *
 * <p>Every packet is {@code address, command, data..., CRC16} where the CRC (16-bit, CCITT polynomial 0x1021,
 * initial value 0, big-endian on the wire) covers address, command and data. Multi-byte values are big-endian.
 * Write commands are acknowledged with a single {@code 0xFF}; read commands answer {@code data..., CRC16} with
 * the CRC computed over the request's address and command followed by the data. A packet with a bad CRC is
 * ignored by the controller (no acknowledgement).
 */
public final class RoboClawProtocol {
    public static final int CMD_READ_ENCODER_M1 = 16;
    public static final int CMD_READ_ENCODER_M2 = 17;
    public static final int CMD_READ_SPEED_M1 = 18;
    public static final int CMD_READ_SPEED_M2 = 19;
    public static final int CMD_RESET_ENCODERS = 20;
    public static final int CMD_READ_VERSION = 21;
    public static final int CMD_READ_MAIN_BATTERY = 24;
    /** Drive M1 and M2 with signed speeds in quadrature pulses per second (4 + 4 bytes). */
    public static final int CMD_DRIVE_M1M2_SPEED = 37;
    /** Read both encoder counters (4 + 4 bytes). */
    public static final int CMD_READ_ENCODERS = 78;

    public static final int ACK = 0xFF;
    /** The longest version string the controller sends, including its terminating zero. */
    public static final int MAX_VERSION_LENGTH = 48;

    private RoboClawProtocol() {
    }

    /** @return the CRC16 (poly 0x1021, init 0) of {@code len} bytes at {@code off}, continuing from {@code crc} */
    public static int crc16(int crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc ^= (b[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }

    public static int crc16(byte[] b, int off, int len) {
        return crc16(0, b, off, len);
    }

    /** @return a complete write packet: address, command, payload and CRC */
    public static byte[] command(int address, int command, byte[] payload) {
        checkAddress(address);
        byte[] b = new byte[4 + payload.length];
        b[0] = (byte) address;
        b[1] = (byte) command;
        System.arraycopy(payload, 0, b, 2, payload.length);
        int crc = crc16(b, 0, b.length - 2);
        b[b.length - 2] = (byte) (crc >>> 8);
        b[b.length - 1] = (byte) crc;
        return b;
    }

    /** @return a read request: address and command (reads carry no CRC) */
    public static byte[] readRequest(int address, int command) {
        checkAddress(address);
        return new byte[] { (byte) address, (byte) command };
    }

    /** @return command 37: M1 and M2 signed speeds (quadrature pulses per second) */
    public static byte[] driveSpeeds(int address, int m1Qpps, int m2Qpps) {
        byte[] payload = new byte[8];
        putInt32(payload, 0, m1Qpps);
        putInt32(payload, 4, m2Qpps);
        return command(address, CMD_DRIVE_M1M2_SPEED, payload);
    }

    /**
     * @param reply the data bytes followed by the two CRC bytes
     * @return true when the reply's CRC matches address, command and data
     */
    public static boolean replyValid(int address, int command, byte[] reply) {
        if (reply.length < 2) {
            return false;
        }
        int crc = crc16(0, new byte[] { (byte) address, (byte) command }, 0, 2);
        crc = crc16(crc, reply, 0, reply.length - 2);
        int sent = (reply[reply.length - 2] & 0xFF) << 8 | reply[reply.length - 1] & 0xFF;
        return crc == sent;
    }

    /** @return a reply for {@code data} (used by the device emulator in tests) */
    public static byte[] reply(int address, int command, byte[] data) {
        byte[] b = new byte[data.length + 2];
        System.arraycopy(data, 0, b, 0, data.length);
        int crc = crc16(0, new byte[] { (byte) address, (byte) command }, 0, 2);
        crc = crc16(crc, data, 0, data.length);
        b[b.length - 2] = (byte) (crc >>> 8);
        b[b.length - 1] = (byte) crc;
        return b;
    }

    public static int int32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | b[off + 3] & 0xFF;
    }

    public static void putInt32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void checkAddress(int address) {
        if (address < 0x80 || address > 0x87) {
            throw new IllegalArgumentException("address must be 128..135 (0x80..0x87), was " + address);
        }
    }
}
