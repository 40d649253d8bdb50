package mechos.hal.serial.internal.rplidar;

/**
 * One measurement of a standard RPLIDAR scan, decoded from its 5 bytes:
 * <pre>
 * byte 0: quality (6 bits) | S̄ (bit 1) | S (bit 0)   S = first node of a new revolution, S̄ must be its inverse
 * byte 1: angle_q6 bits 6..0 (bits 7..1) | C (bit 0) C, the check bit, is always 1
 * byte 2: angle_q6 bits 14..7                          angle = angle_q6 / 64 degrees, clockwise
 * byte 3-4: distance_q2, little endian                 distance = distance_q2 / 4 mm; 0 means no return
 * </pre>
 *
 * @param quality    0..63
 * @param angleDeg   [0, 360), clockwise seen from above (the device's convention)
 * @param distanceMm 0 for no return
 * @param start      true on the first node of a revolution
 */
public record ScanNode(int quality, double angleDeg, double distanceMm, boolean start) {

    /** @return the node at {@code off}, or null when its start or check bits are inconsistent or the angle is out of range */
    public static ScanNode decode(byte[] b, int off) {
        int b0 = b[off] & 0xFF;
        int b1 = b[off + 1] & 0xFF;
        int s = b0 & 1;
        int sInverse = (b0 >>> 1) & 1;
        if (s == sInverse || (b1 & 1) != 1) {
            return null;
        }
        int angleQ6 = (b1 >>> 1) | (b[off + 2] & 0xFF) << 7;
        if (angleQ6 >= 360 * 64) {
            return null;
        }
        int distanceQ2 = (b[off + 3] & 0xFF) | (b[off + 4] & 0xFF) << 8;
        return new ScanNode(b0 >>> 2, angleQ6 / 64.0, distanceQ2 / 4.0, s == 1);
    }

    /** @return the 5 bytes of a node (angle and distance rounded to the wire resolution) */
    public static byte[] encode(int quality, double angleDeg, double distanceMm, boolean start) {
        int angleQ6 = (int) Math.round(angleDeg * 64) % (360 * 64);
        int distanceQ2 = (int) Math.min(0xFFFF, Math.round(distanceMm * 4));
        int s = start ? 1 : 0;
        return new byte[] { (byte) ((quality & 0x3F) << 2 | (1 - s) << 1 | s), (byte) ((angleQ6 & 0x7F) << 1 | 1),
                (byte) (angleQ6 >>> 7), (byte) distanceQ2, (byte) (distanceQ2 >>> 8) };
    }
}
