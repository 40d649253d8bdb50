package mechos.memory.internal.mcap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import com.github.luben.zstd.Zstd;

import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;

/**
 * MCAP chunk compression: {@code ""} (none), {@code "zstd"} (zstd-jni, a zstd frame) and {@code "lz4"} (lz4-java,
 * an LZ4 frame), the names and framing the MCAP spec and the reference libraries use.
 */
public enum ChunkCompression {
    NONE(""), ZSTD("zstd"), LZ4("lz4");

    /** zstd level: 3 is zstd's own default, and the one the MCAP reference writers use. */
    static final int ZSTD_LEVEL = 3;

    private final String wireName;

    ChunkCompression(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name written into Chunk records */
    public String wireName() {
        return wireName;
    }

    /** Parses a configured name (case-insensitive; "none" or "" for no compression). */
    public static ChunkCompression parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "none" -> NONE;
            case "zstd" -> ZSTD;
            case "lz4" -> LZ4;
            default -> throw new IllegalArgumentException(
                    "unknown chunk compression '" + s + "' (expected zstd, lz4 or none)");
        };
    }

    /** @return the compression of that wire name, or null if unsupported */
    static ChunkCompression byWireName(String name) {
        for (ChunkCompression c : values()) {
            if (c.wireName.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Compresses {@code len} bytes of {@code src}. */
    byte[] compress(byte[] src, int len) throws IOException {
        switch (this) {
            case ZSTD -> {
                byte[] dst = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Zstd.compressBound(len))];
                long n = Zstd.compressByteArray(dst, 0, dst.length, src, 0, len, ZSTD_LEVEL);
                if (Zstd.isError(n)) {
                    throw new IOException("zstd compression failed: " + Zstd.getErrorName(n));
                }
                return java.util.Arrays.copyOf(dst, (int) n);
            }
            case LZ4 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, len / 2));
                try (LZ4FrameOutputStream lz = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB,
                        len, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                        LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
                    lz.write(src, 0, len);
                }
                return out.toByteArray();
            }
            default -> {
                return java.util.Arrays.copyOf(src, len);
            }
        }
    }

    /**
     * Decompresses exactly {@code uncompressedSize} bytes.
     *
     * @throws IOException if the data is corrupt or does not decompress to exactly that size
     */
    byte[] decompress(byte[] src, int off, int len, int uncompressedSize) throws IOException {
        byte[] dst = new byte[uncompressedSize];
        switch (this) {
            case ZSTD -> {
                long n = Zstd.decompressByteArray(dst, 0, dst.length, src, off, len);
                if (Zstd.isError(n)) {
                    throw new IOException("zstd: " + Zstd.getErrorName(n));
                }
                if (n != uncompressedSize) {
                    throw new IOException("zstd data holds " + n + " bytes, the chunk header says " + uncompressedSize);
                }
            }
            case LZ4 -> {
                try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(src, off, len))) {
                    int p = 0;
                    while (p < dst.length) {
                        int n = in.read(dst, p, dst.length - p);
                        if (n < 0) {
                            throw new IOException("lz4 data holds " + p + " bytes, the chunk header says "
                                    + uncompressedSize);
                        }
                        p += n;
                    }
                    if (in.read() >= 0) {
                        throw new IOException("lz4 data holds more than the " + uncompressedSize
                                + " bytes the chunk header says");
                    }
                } catch (RuntimeException e) {
                    // lz4-java reports some malformed frames as runtime exceptions (LZ4Exception)
                    throw new IOException("lz4: " + e.getMessage(), e);
                }
            }
            default -> {
                if (len != uncompressedSize) {
                    throw new IOException("uncompressed chunk holds " + len + " bytes, its header says "
                            + uncompressedSize);
                }
                System.arraycopy(src, off, dst, 0, len);
            }
        }
        return dst;
    }
}
