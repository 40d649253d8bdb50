package mechos.memory.internal.mcap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads an MCAP file front to back without relying on the summary, so a file cut short by a crash yields every
 * complete, CRC-valid chunk (and any unchunked messages) before the damage. Only uncompressed chunks are supported
 * (that is what {@link McapWriter} writes); a compressed chunk is reported, not silently dropped.
 */
public final class McapReader {
    /** A channel as read. */
    public record Channel(int id, String topic, String messageEncoding, String schemaName, String schemaEncoding,
            byte[] schemaData, Map<String, String> metadata) {
    }

    /** A message as read. */
    public record Message(Channel channel, long sequence, long logTime, long publishTime, byte[] data) {
    }

    /** Receives messages in file order. Return false to stop reading. */
    @FunctionalInterface
    public interface Visitor {
        boolean onMessage(Message message) throws Exception;
    }

    /**
     * What the scan found.
     *
     * @param complete       Data End, summary and footer were found and the file ends with magic
     * @param channels       every channel seen
     * @param messages       messages delivered
     * @param chunks         complete chunks read
     * @param badChunks      chunks skipped because their CRC did not match or their compression is unsupported
     * @param unreadableTail bytes at the end that do not form a complete record
     * @param problem        description of the first problem, or empty
     */
    public record Scan(boolean complete, Map<Integer, Channel> channels, long messages, int chunks, int badChunks,
            long unreadableTail, String problem) {
    }

    private record Schema(int id, String name, String encoding, byte[] data) {
    }

    private McapReader() {
    }

    public static Scan read(Path path, Visitor visitor) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return new Session(ch, visitor).run();
        }
    }

    private static final class Session {
        private final FileChannel file;
        private final Visitor visitor;
        private final long size;
        private final Map<Integer, Schema> schemas = new HashMap<>();
        private final Map<Integer, Channel> channels = new LinkedHashMap<>();
        private long messages;
        private int chunks;
        private int badChunks;
        private String problem = "";
        private boolean stopped;

        Session(FileChannel file, Visitor visitor) throws IOException {
            this.file = file;
            this.visitor = visitor;
            this.size = file.size();
        }

        Scan run() throws IOException {
            if (size < Mcap.MAGIC.length) {
                throw new IOException("not an MCAP file (only " + size + " bytes)");
            }
            byte[] magic = readBytes(0, Mcap.MAGIC.length);
            if (!Arrays.equals(magic, Mcap.MAGIC)) {
                throw new IOException("not an MCAP file (bad magic)");
            }
            long pos = Mcap.MAGIC.length;
            boolean dataEnd = false;
            while (!stopped && pos < size) {
                if (size - pos < 9) {
                    problem = "truncated record header at offset " + pos;
                    break;
                }
                ByteBuffer head = le(readBytes(pos, 9));
                int opcode = head.get() & 0xff;
                long length = head.getLong();
                if (length < 0 || length > size - pos - 9) {
                    problem = "truncated record (opcode 0x" + Integer.toHexString(opcode) + ") at offset " + pos;
                    break;
                }
                if (opcode == Mcap.DATA_END) {
                    dataEnd = true;
                    pos += 9 + length;
                    break;
                }
                if (opcode == Mcap.CHUNK) {
                    chunk(pos, le(readBytes(pos + 9, length)));
                } else if (opcode == Mcap.SCHEMA || opcode == Mcap.CHANNEL || opcode == Mcap.MESSAGE) {
                    record(opcode, le(readBytes(pos + 9, length)));
                }
                pos += 9 + length;
            }
            long tail = dataEnd || stopped ? 0 : size - pos;
            boolean complete = dataEnd && endsWithFooter();
            return new Scan(complete, Map.copyOf(channels), messages, chunks, badChunks, tail, problem);
        }

        private boolean endsWithFooter() throws IOException {
            long footerLen = 1 + 8 + 20;
            if (size < Mcap.MAGIC.length * 2 + footerLen) {
                return false;
            }
            byte[] end = readBytes(size - Mcap.MAGIC.length, Mcap.MAGIC.length);
            byte[] op = readBytes(size - Mcap.MAGIC.length - footerLen, 1);
            return Arrays.equals(end, Mcap.MAGIC) && (op[0] & 0xff) == Mcap.FOOTER;
        }

        private void chunk(long offset, ByteBuffer b) throws IOException {
            b.getLong(); // start time
            b.getLong(); // end time
            long uncompressedSize = b.getLong();
            long crc = b.getInt() & 0xffffffffL;
            String compression = string(b);
            long recordsLength = b.getLong();
            if (!compression.isEmpty()) {
                badChunks++;
                note("chunk at offset " + offset + " uses unsupported compression '" + compression + "'");
                return;
            }
            if (recordsLength != uncompressedSize || recordsLength > b.remaining()) {
                badChunks++;
                note("chunk at offset " + offset + " has inconsistent sizes");
                return;
            }
            int start = b.position();
            if (crc != 0) {
                CRC32 c = new CRC32();
                c.update(b.array(), b.arrayOffset() + start, (int) recordsLength);
                if (c.getValue() != crc) {
                    badChunks++;
                    note("chunk at offset " + offset + " fails its CRC check");
                    return;
                }
            }
            chunks++;
            int end = start + (int) recordsLength;
            int p = start;
            while (!stopped && p + 9 <= end) {
                b.position(p);
                int opcode = b.get() & 0xff;
                long length = b.getLong();
                if (length < 0 || p + 9 + length > end) {
                    note("malformed record inside chunk at offset " + offset);
                    return;
                }
                ByteBuffer body = b.slice(p + 9, (int) length).order(ByteOrder.LITTLE_ENDIAN);
                record(opcode, body);
                p += 9 + (int) length;
            }
        }

        private void record(int opcode, ByteBuffer b) throws IOException {
            switch (opcode) {
                case Mcap.SCHEMA -> {
                    int id = b.getShort() & 0xffff;
                    String name = string(b);
                    String encoding = string(b);
                    int len = b.getInt();
                    byte[] data = new byte[len];
                    b.get(data);
                    schemas.put(id, new Schema(id, name, encoding, data));
                }
                case Mcap.CHANNEL -> {
                    int id = b.getShort() & 0xffff;
                    int schemaId = b.getShort() & 0xffff;
                    String topic = string(b);
                    String encoding = string(b);
                    int metaLen = b.getInt();
                    int metaEnd = b.position() + metaLen;
                    Map<String, String> meta = new LinkedHashMap<>();
                    while (b.position() < metaEnd) {
                        meta.put(string(b), string(b));
                    }
                    Schema s = schemas.get(schemaId);
                    channels.put(id, new Channel(id, topic, encoding, s == null ? "" : s.name(),
                            s == null ? "" : s.encoding(), s == null ? new byte[0] : s.data(), Map.copyOf(meta)));
                }
                case Mcap.MESSAGE -> {
                    int channelId = b.getShort() & 0xffff;
                    long sequence = b.getInt() & 0xffffffffL;
                    long logTime = b.getLong();
                    long publishTime = b.getLong();
                    byte[] data = new byte[b.remaining()];
                    b.get(data);
                    Channel ch = channels.get(channelId);
                    if (ch == null) {
                        note("message on unknown channel " + channelId);
                        return;
                    }
                    messages++;
                    try {
                        if (!visitor.onMessage(new Message(ch, sequence, logTime, publishTime, data))) {
                            stopped = true;
                        }
                    } catch (IOException | RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }
                default -> {
                    // message indexes, attachments, metadata: not needed for a sequential read
                }
            }
        }

        private void note(String p) {
            if (problem.isEmpty()) {
                problem = p;
            }
        }

        private byte[] readBytes(long pos, long len) throws IOException {
            if (len > Integer.MAX_VALUE - 16) {
                throw new IOException("record too large: " + len + " bytes");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) len);
            while (buf.hasRemaining()) {
                int n = file.read(buf, pos + buf.position());
                if (n < 0) {
                    throw new EOFException("unexpected end of file at " + (pos + buf.position()));
                }
            }
            return buf.array();
        }

        private static ByteBuffer le(byte[] b) {
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        }

        private static String string(ByteBuffer b) {
            int len = b.getInt();
            byte[] s = new byte[len];
            b.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }
    }
}
