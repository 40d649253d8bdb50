package mechos.hal.serial.internal.roboclaw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import mechos.hal.serial.internal.port.LinkReader;

/**
 * Request/response exchanges with one RoboClaw address over an open link. A failed exchange (no answer in
 * time, bad CRC, an unexpected byte) is counted and returns null/false; the input is then discarded so the
 * next exchange starts in sync. Only a failing port throws. Not thread-safe (the device's I/O thread).
 */
final class RoboClawClient {
    private final LinkReader in;
    private final int address;
    private final long replyTimeoutNanos;
    private final RoboClawStats stats;

    RoboClawClient(LinkReader in, int address, int replyTimeoutMs, RoboClawStats stats) {
        this.in = in;
        this.address = address;
        this.replyTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(replyTimeoutMs);
        this.stats = stats;
    }

    /** Sends a write packet; @return true when the controller acknowledged it with 0xFF */
    boolean write(byte[] packet) throws IOException {
        in.link().write(packet);
        int b = in.read(System.nanoTime() + replyTimeoutNanos);
        if (b == RoboClawProtocol.ACK) {
            stats.goodReplies.incrementAndGet();
            return true;
        }
        if (b < 0) {
            stats.timeouts.incrementAndGet();
        } else {
            stats.garbage.incrementAndGet();
            in.discard();
        }
        return false;
    }

    boolean driveSpeeds(int m1Qpps, int m2Qpps) throws IOException {
        return write(RoboClawProtocol.driveSpeeds(address, m1Qpps, m2Qpps));
    }

    /** @return the {@code length} data bytes of a read command, or null when the reply was missing or bad */
    byte[] read(int command, int length) throws IOException {
        in.link().write(RoboClawProtocol.readRequest(address, command));
        byte[] reply = new byte[length + 2];
        if (!in.readFully(reply, System.nanoTime() + replyTimeoutNanos)) {
            stats.timeouts.incrementAndGet();
            in.discard();
            return null;
        }
        if (!RoboClawProtocol.replyValid(address, command, reply)) {
            stats.crcErrors.incrementAndGet();
            in.discard();
            return null;
        }
        stats.goodReplies.incrementAndGet();
        byte[] data = new byte[length];
        System.arraycopy(reply, 0, data, 0, length);
        return data;
    }

    /** @return {M1, M2} encoder counts (command 78), or null */
    int[] readEncoders() throws IOException {
        byte[] d = read(RoboClawProtocol.CMD_READ_ENCODERS, 8);
        return d == null ? null : new int[] { RoboClawProtocol.int32(d, 0), RoboClawProtocol.int32(d, 4) };
    }

    /**
     * The fallback for firmware without command 78: commands 16 and 17 (one encoder each: count, then a status
     * byte), which every controller of the family answers.
     *
     * @return {M1, M2} encoder counts, or null
     */
    int[] readEncodersSeparately() throws IOException {
        byte[] m1 = read(RoboClawProtocol.CMD_READ_ENCODER_M1, 5);
        if (m1 == null) {
            return null;
        }
        byte[] m2 = read(RoboClawProtocol.CMD_READ_ENCODER_M2, 5);
        return m2 == null ? null : new int[] { RoboClawProtocol.int32(m1, 0), RoboClawProtocol.int32(m2, 0) };
    }

    /**
     * @param command {@link RoboClawProtocol#CMD_READ_SPEED_M1} or M2
     * @return signed speed in pulses per second (magnitude plus direction byte, 1 = backwards), or null
     */
    Integer readSpeed(int command) throws IOException {
        byte[] d = read(command, 5);
        if (d == null) {
            return null;
        }
        int magnitude = RoboClawProtocol.int32(d, 0);
        return (d[4] & 1) != 0 ? -Math.abs(magnitude) : magnitude;
    }

    /** @return the firmware version text (command 21), or null */
    String readVersion() throws IOException {
        in.link().write(RoboClawProtocol.readRequest(address, RoboClawProtocol.CMD_READ_VERSION));
        long deadline = System.nanoTime() + replyTimeoutNanos;
        byte[] buf = new byte[RoboClawProtocol.MAX_VERSION_LENGTH + 2];
        int n = 0;
        while (true) {
            int b = in.read(deadline);
            if (b < 0) {
                stats.timeouts.incrementAndGet();
                in.discard();
                return null;
            }
            buf[n++] = (byte) b;
            if (b == 0) {
                break;
            }
            if (n == RoboClawProtocol.MAX_VERSION_LENGTH) {
                stats.garbage.addAndGet(n);
                in.discard();
                return null;
            }
        }
        byte[] crc = new byte[2];
        if (!in.readFully(crc, deadline)) {
            stats.timeouts.incrementAndGet();
            in.discard();
            return null;
        }
        byte[] reply = new byte[n + 2];
        System.arraycopy(buf, 0, reply, 0, n);
        reply[n] = crc[0];
        reply[n + 1] = crc[1];
        if (!RoboClawProtocol.replyValid(address, RoboClawProtocol.CMD_READ_VERSION, reply)) {
            stats.crcErrors.incrementAndGet();
            in.discard();
            return null;
        }
        stats.goodReplies.incrementAndGet();
        return new String(buf, 0, n - 1, StandardCharsets.US_ASCII).trim();
    }
}
