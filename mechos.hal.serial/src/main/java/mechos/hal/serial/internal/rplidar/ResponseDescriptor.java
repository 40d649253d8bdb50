package mechos.hal.serial.internal.rplidar;

/**
 * The 7-byte header before every RPLIDAR response: {@code A5 5A}, a little-endian 32-bit word whose low 30 bits
 * are the response length and top 2 bits the send mode (0 single, 1 multiple), then the data type.
 */
public record ResponseDescriptor(int length, int sendMode, int dataType) {
    public static final int LENGTH = 7;

    /** @return the descriptor at {@code off}, or null when the sync bytes are not there */
    public static ResponseDescriptor parse(byte[] b, int off) {
        if (b.length - off < LENGTH || (b[off] & 0xFF) != RplidarProtocol.SYNC1
                || (b[off + 1] & 0xFF) != RplidarProtocol.SYNC2) {
            return null;
        }
        long word = (b[off + 2] & 0xFFL) | (b[off + 3] & 0xFFL) << 8 | (b[off + 4] & 0xFFL) << 16
                | (b[off + 5] & 0xFFL) << 24;
        return new ResponseDescriptor((int) (word & 0x3FFFFFFFL), (int) (word >>> 30), b[off + 6] & 0xFF);
    }

    /** @return the 7 bytes of this descriptor */
    public byte[] encode() {
        long word = (length & 0x3FFFFFFFL) | ((long) sendMode & 0x3) << 30;
        return new byte[] { (byte) RplidarProtocol.SYNC1, (byte) RplidarProtocol.SYNC2, (byte) word,
                (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24), (byte) dataType };
    }
}
