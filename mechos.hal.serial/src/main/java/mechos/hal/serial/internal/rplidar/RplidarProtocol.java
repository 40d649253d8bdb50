package mechos.hal.serial.internal.rplidar;

/**
 * Requests of the RPLIDAR A-series serial protocol (SLAMTEC "RPLIDAR Interface Protocol and Application Notes").
 *
 * <p>A request is {@code 0xA5, command} and, for commands with a payload, {@code size, payload..., checksum}
 * where the checksum is the XOR of every byte before it. Responses start with a 7-byte
 * {@link ResponseDescriptor}.
 */
public final class RplidarProtocol {
    public static final int SYNC1 = 0xA5;
    public static final int SYNC2 = 0x5A;

    public static final int CMD_STOP = 0x25;
    public static final int CMD_RESET = 0x40;
    public static final int CMD_SCAN = 0x20;
    public static final int CMD_FORCE_SCAN = 0x21;
    public static final int CMD_GET_INFO = 0x50;
    public static final int CMD_GET_HEALTH = 0x52;
    public static final int CMD_SET_MOTOR_PWM = 0xF0;

    /** Data type of a standard scan response (5-byte nodes, multiple-response mode). */
    public static final int TYPE_SCAN = 0x81;
    public static final int TYPE_INFO = 0x04;
    public static final int TYPE_HEALTH = 0x06;

    public static final int SCAN_NODE_LENGTH = 5;
    public static final int INFO_LENGTH = 20;
    public static final int HEALTH_LENGTH = 3;

    private RplidarProtocol() {
    }

    /** @return a request without payload */
    public static byte[] request(int command) {
        return new byte[] { (byte) SYNC1, (byte) command };
    }

    /** @return a request with payload and XOR checksum */
    public static byte[] request(int command, byte[] payload) {
        if (payload.length > 255) {
            throw new IllegalArgumentException("RPLIDAR payload too long: " + payload.length);
        }
        byte[] b = new byte[4 + payload.length];
        b[0] = (byte) SYNC1;
        b[1] = (byte) command;
        b[2] = (byte) payload.length;
        System.arraycopy(payload, 0, b, 3, payload.length);
        int checksum = 0;
        for (int i = 0; i < b.length - 1; i++) {
            checksum ^= b[i];
        }
        b[b.length - 1] = (byte) checksum;
        return b;
    }

    /** @return the A2/A3 motor speed request (0..1023; A1 ignores it and uses DTR) */
    public static byte[] motorPwm(int pwm) {
        if (pwm < 0 || pwm > 1023) {
            throw new IllegalArgumentException("motor.pwm must be 0..1023, was " + pwm);
        }
        return request(CMD_SET_MOTOR_PWM, new byte[] { (byte) pwm, (byte) (pwm >>> 8) });
    }

    /** @return true when requests with this command carry a size, payload and checksum (bit 7 set) */
    public static boolean hasPayload(int command) {
        return (command & 0x80) != 0;
    }
}
