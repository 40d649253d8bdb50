package mechos.memory.internal.mcap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads an MCAP file front to back without relying on the summary, so a file cut short by a crash yields every
 * complete, CRC-valid chunk (and any unchunked messages) before the damage, and a file written by another tool
 * (zstd or lz4 chunks, ROS 2 channels) is read as far as it can be.
 *
 * <p>Damage is contained: a chunk is decompressed and its CRC verified <em>before</em> any record inside it is
 * parsed; a chunk that fails (unsupported compression, bad sizes, corrupt compressed data, CRC mismatch, a
 * malformed record) is skipped and counted, and reading continues with the next record. A malformed record outside
 * chunks is skipped the same way. Reading stops only where the record framing itself is lost (a length pointing
 * past the end of the file), which is what a crash leaves. Nothing in a file makes this reader throw anything but
 * an {@link IOException} for a file that is not MCAP at all; exceptions thrown by the {@link Visitor} propagate
 * unchanged.
 */
public final class McapReader {
    /** Chunks larger than this (uncompressed) are not inflated: a corrupt size must not allocate gigabytes. */
    static final long MAX_CHUNK_BYTES = 1L << 30;
    private static final int MAX_NOTES = 20;

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
     * @param badChunks      chunks skipped: CRC mismatch, unsupported or corrupt compression, inconsistent sizes,
     *                       or a malformed record inside
     * @param unreadableTail bytes at the end that do not form a complete record
     * @param problem        description of the first problem, or empty
     * @param badRecords     records outside chunks skipped because they were malformed, plus messages on channels
     *                       never defined
     * @param notes          the first problems found, in file order (at most 20)
     */
    public record Scan(boolean complete, Map<Integer, Channel> channels, long messages, int chunks, int badChunks,
            long unreadableTail, String problem, long badRecords, List<String> notes) {
        public Scan {
            notes = List.copyOf(notes);
        }
    }

    private record Schema(int id, String name, String encoding, byte[] data) {
    }

    /** Carries an exception of the visitor through the damage handling, which must not count it as corruption. */
    private static final class VisitorFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VisitorFailure(Exception cause) {
            super(cause);
        }

        IOException unwrap() {
            Throwable c = getCause();
            if (c instanceof IOException io) {
                return io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            return new IOException(c.getMessage(), c);
        }
    }

    /** A malformed structure inside a record. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
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
        private final List<String> notes = new ArrayList<>();
        private long messages;
        private int chunks;
        private int badChunks;
        private long badRecords;
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
            summaryChannels();
            try {
                while (!stopped && pos < size) {
                    if (size - pos < 9) {
                        note("truncated record header at offset " + pos);
                        break;
                    }
                    ByteBuffer head = le(readBytes(pos, 9));
                    int opcode = head.get() & 0xff;
                    long length = head.getLong();
                    if (length < 0 || length > size - pos - 9) {
                        note("truncated record (opcode 0x" + Integer.toHexString(opcode) + ", length " + length
                                + ") at offset " + pos);
                        break;
                    }
                    if (opcode == Mcap.DATA_END) {
                        dataEnd = true;
                        pos += 9 + length;
                        break;
                    }
                    if (opcode == Mcap.CHUNK) {
                        chunk(pos, length);
                    } else if (opcode == Mcap.SCHEMA || opcode == Mcap.CHANNEL || opcode == Mcap.MESSAGE) {
                        try {
                            record(opcode, le(readBytes(pos + 9, length)));
                        } catch (Malformed | RuntimeException e) {
                            if (e instanceof VisitorFailure) {
                                throw (VisitorFailure) e;
                            }
                            badRecords++;
                            note("malformed record (opcode 0x" + Integer.toHexString(opcode) + ") at offset " + pos
                                    + ": " + describe(e));
                        }
                    }
                    pos += 9 + length;
                }
            } catch (VisitorFailure f) {
                throw f.unwrap();
            }
            long tail = dataEnd || stopped ? 0 : size - pos;
            boolean complete = dataEnd && endsWithFooter();
            return new Scan(complete, Map.copyOf(channels), messages, chunks, badChunks, tail,
                    notes.isEmpty() ? "" : notes.get(0), badRecords, notes);
        }

        /**
         * A file with a footer lists its schemas and channels in the summary: learn them first, so messages of a
         * chunk whose channel definition sat in a damaged chunk can still be read. A damaged summary is ignored.
         */
        private void summaryChannels() throws IOException {
            if (!endsWithFooter()) {
                return;
            }
            ByteBuffer footer = le(readBytes(size - Mcap.MAGIC.length - 20, 20));
            long summaryStart = footer.getLong();
            long summaryEnd = size - Mcap.MAGIC.length - 29;
            if (summaryStart < Mcap.MAGIC.length || summaryStart >= summaryEnd) {
                return;
            }
            ByteBuffer b = le(readBytes(summaryStart, summaryEnd - summaryStart));
            try {
                while (b.remaining() >= 9) {
                    int opcode = b.get() & 0xff;
                    long len = b.getLong();
                    if (len < 0 || len > b.remaining()) {
                        return;
                    }
                    if (opcode == Mcap.SCHEMA || opcode == Mcap.CHANNEL) {
                        record(opcode, b.slice(b.position(), (int) len).order(ByteOrder.LITTLE_ENDIAN));
                    }
                    b.position(b.position() + (int) len);
                }
            } catch (Malformed | RuntimeException e) {
                note("summary is damaged (" + describe(e) + "); channels are taken from the data section");
            }
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

        /** Reads, inflates and CRC-checks one chunk, then parses its records; a bad chunk is counted and skipped. */
        private void chunk(long offset, long length) throws IOException {
            byte[] records;
            try {
                records = inflate(readBytes(offset + 9, length));
            } catch (Malformed | IOException | RuntimeException e) {
                badChunks++;
                note("chunk at offset " + offset + " skipped: " + describe(e));
                return;
            }
            chunks++;
            ByteBuffer b = le(records);
            int p = 0;
            while (!stopped && p < records.length) {
                try {
                    if (records.length - p < 9) {
                        throw new Malformed("record header cut at " + p);
                    }
                    b.position(p);
                    int opcode = b.get() & 0xff;
                    long len = b.getLong();
                    if (len < 0 || len > records.length - p - 9L) {
                        throw new Malformed("record length " + len + " at " + p + " runs past the chunk");
                    }
                    record(opcode, b.slice(p + 9, (int) len).order(ByteOrder.LITTLE_ENDIAN));
                    p += 9 + (int) len;
                } catch (Malformed | RuntimeException e) {
                    if (e instanceof VisitorFailure) {
                        throw (VisitorFailure) e;
                    }
                    // the CRC matched, so the writer wrote this: count the chunk as bad, keep what was read
                    chunks--;
                    badChunks++;
                    note("malformed record inside chunk at offset " + offset + ": " + describe(e));
                    return;
                }
            }
        }

        /** @return the chunk's records, decompressed and CRC-verified */
        private byte[] inflate(byte[] body) throws Malformed, IOException {
            ByteBuffer b = le(body);
            b.getLong(); // message start time
            b.getLong(); // message end time
            long uncompressedSize = b.getLong();
            long crc = b.getInt() & 0xffffffffL;
            String compressionName = string(b);
            long recordsLength = b.getLong();
            if (recordsLength < 0 || recordsLength > b.remaining()) {
                throw new Malformed("records length " + recordsLength + " exceeds the chunk (" + b.remaining()
                        + " bytes left)");
            }
            if (uncompressedSize < 0 || uncompressedSize > MAX_CHUNK_BYTES) {
                throw new Malformed("uncompressed size " + uncompressedSize + " is out of range");
            }
            ChunkCompression compression = ChunkCompression.byWireName(compressionName);
            if (compression == null) {
                throw new Malformed("unsupported compression '" + compressionName + "'");
            }
            byte[] records = compression.decompress(body, b.position(), (int) recordsLength, (int) uncompressedSize);
            if (crc != 0) {
                CRC32 c = new CRC32();
                c.update(records, 0, records.length);
                if (c.getValue() != crc) {
                    throw new Malformed("CRC mismatch (0x" + Long.toHexString(c.getValue()) + " != 0x"
                            + Long.toHexString(crc) + ")");
                }
            }
            return records;
        }

        private void record(int opcode, ByteBuffer b) throws Malformed {
            switch (opcode) {
                case Mcap.SCHEMA -> {
                    int id = b.getShort() & 0xffff;
                    String name = string(b);
                    String encoding = string(b);
                    byte[] data = bytes(b, b.getInt());
                    if (id == 0) {
                        throw new Malformed("schema id 0 is reserved");
                    }
                    schemas.put(id, new Schema(id, name, encoding, data));
                }
                case Mcap.CHANNEL -> {
                    int id = b.getShort() & 0xffff;
                    int schemaId = b.getShort() & 0xffff;
                    String topic = string(b);
                    String encoding = string(b);
                    long metaLen = b.getInt() & 0xffffffffL;
                    if (metaLen > b.remaining()) {
                        throw new Malformed("channel metadata length " + metaLen + " exceeds the record");
                    }
                    int metaEnd = b.position() + (int) metaLen;
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
                    byte[] data = bytes(b, b.remaining());
                    Channel ch = channels.get(channelId);
                    if (ch == null) {
                        badRecords++;
                        note("message on unknown channel " + channelId);
                        return;
                    }
                    messages++;
                    try {
                        if (!visitor.onMessage(new Message(ch, sequence, logTime, publishTime, data))) {
                            stopped = true;
                        }
                    } catch (Exception e) {
                        throw new VisitorFailure(e);
                    }
                }
                default -> {
                    // message indexes, attachments, metadata: not needed for a sequential read
                }
            }
        }

        private void note(String p) {
            if (notes.size() < MAX_NOTES) {
                notes.add(p);
            }
        }

        private static String describe(Exception e) {
            if (e instanceof Malformed || e instanceof IOException) {
                return e.getMessage();
            }
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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

        private static byte[] bytes(ByteBuffer b, long len) throws Malformed {
            if (len < 0 || len > b.remaining()) {
                throw new Malformed("field length " + len + " exceeds the record (" + b.remaining() + " bytes left)");
            }
            byte[] out = new byte[(int) len];
            b.get(out);
            return out;
        }

        private static String string(ByteBuffer b) throws Malformed {
            return new String(bytes(b, b.getInt() & 0xffffffffL), StandardCharsets.UTF_8);
        }
    }
}
