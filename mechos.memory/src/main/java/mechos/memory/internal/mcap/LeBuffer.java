package mechos.memory.internal.mcap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer for building MCAP records. */
final class LeBuffer {
    private byte[] data;
    private int size;

    LeBuffer(int capacity) {
        data = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    byte[] array() {
        return data;
    }

    void reset() {
        size = 0;
    }

    private void ensure(int extra) {
        if (size + extra > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
        }
    }

    LeBuffer u8(int v) {
        ensure(1);
        data[size++] = (byte) v;
        return this;
    }

    LeBuffer u16(int v) {
        ensure(2);
        data[size++] = (byte) v;
        data[size++] = (byte) (v >>> 8);
        return this;
    }

    LeBuffer u32(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            data[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    LeBuffer u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            data[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** Overwrites 8 bytes at {@code pos}. */
    void putU64(int pos, long v) {
        for (int i = 0; i < 8; i++) {
            data[pos + i] = (byte) (v >>> (8 * i));
        }
    }

    void putU32(int pos, long v) {
        for (int i = 0; i < 4; i++) {
            data[pos + i] = (byte) (v >>> (8 * i));
        }
    }

    LeBuffer bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, data, size, len);
        size += len;
        return this;
    }

    LeBuffer bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    LeBuffer string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        return bytes(b);
    }
}
