package mechos.memory.internal.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes one MCAP file, append-only and chunked. Messages are buffered into the current chunk; {@link #flushChunk()}
 * compresses it (zstd by default, lz4 or none) and appends the Chunk record (with the CRC32 of its uncompressed
 * records) and its Message Index records in one write, so a crash
 * loses at most the chunk being buffered. Schemas and Channels are written inside the first chunk that uses them
 * (so every complete chunk is readable without the summary) and repeated in the summary. {@link #close()} writes
 * Data End, the summary (schemas, channels, chunk indexes, statistics), summary offsets, Footer and magic.
 *
 * <p>Not thread-safe: the caller serialises access.
 */
public final class McapWriter implements AutoCloseable {
    /** A registered schema. */
    private record SchemaDef(int id, String name, String encoding, byte[] data) {
    }

    /** A registered channel. */
    private record ChannelDef(int id, int schemaId, String topic, String encoding, Map<String, String> metadata) {
    }

    private record ChunkIndexEntry(long start, long end, long offset, long length, Map<Integer, Long> indexOffsets,
            long indexLength, long compressedSize, long size) {
    }

    private final FileChannel file;
    private final Path path;
    private final boolean fsync;
    private final FileSync sync;
    private final ChunkCompression compression;
    private final CRC32 dataCrc = new CRC32();
    private long position;

    private final List<SchemaDef> schemas = new ArrayList<>();
    private final List<ChannelDef> channels = new ArrayList<>();
    private final List<ChunkIndexEntry> chunkIndexes = new ArrayList<>();
    private final Map<Integer, Long> channelCounts = new TreeMap<>();
    private long messageCount;
    private long fileStart = Long.MAX_VALUE;
    private long fileEnd = Long.MIN_VALUE;

    private final LeBuffer chunk = new LeBuffer(1 << 20);
    private final Map<Integer, LeBuffer> chunkIndex = new LinkedHashMap<>();
    private long chunkStart = Long.MAX_VALUE;
    private long chunkEnd = Long.MIN_VALUE;
    private int chunkMessages;
    private final LeBuffer scratch = new LeBuffer(256);
    private boolean closed;

    /**
     * Creates the file (it must not exist) and writes magic and Header.
     *
     * @param fsync force every chunk to the device (survives power loss, slower); without it a chunk survives a
     *              process crash as soon as it is written
     */
    public McapWriter(Path path, String library, boolean fsync) throws IOException {
        this(path, library, fsync, ChunkCompression.ZSTD);
    }

    /**
     * Creates the file (it must not exist) and writes magic and Header.
     *
     * @param compression how chunks are compressed (zstd is the default of the MCAP reference writers and rosbag2)
     */
    public McapWriter(Path path, String library, boolean fsync, ChunkCompression compression) throws IOException {
        this(path, library, fsync, compression, FileSync.OS);
    }

    /**
     * Creates the file (it must not exist) and writes magic and Header; with {@code fsync} the file's directory entry
     * is made durable too, so a power loss cannot make a file whose chunks were forced disappear.
     *
     * @param sync how bytes are made durable (tests model a power loss with it)
     */
    McapWriter(Path path, String library, boolean fsync, ChunkCompression compression, FileSync sync)
            throws IOException {
        this.path = path;
        this.fsync = fsync;
        this.sync = sync;
        this.compression = compression;
        this.file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean ok = false;
        try {
            LeBuffer head = new LeBuffer(64);
            head.bytes(Mcap.MAGIC);
            LeBuffer header = new LeBuffer(64).string("").string(library);
            record(head, Mcap.HEADER, header);
            writeData(head);
            flushToOs();
            if (fsync) {
                Path dir = path.toAbsolutePath().getParent();
                if (dir != null) {
                    sync.syncDirectory(dir);
                }
            }
            ok = true;
        } finally {
            if (!ok) {
                file.close();
            }
        }
    }

    public Path path() {
        return path;
    }

    /** @return bytes written to the file so far (excluding the buffered chunk) */
    public long position() {
        return position;
    }

    /** @return bytes buffered in the current chunk */
    public int bufferedBytes() {
        return chunk.size();
    }

    public long messageCount() {
        return messageCount;
    }

    public long firstMessageTime() {
        return fileStart == Long.MAX_VALUE ? -1 : fileStart;
    }

    /** Registers a schema; written into the current chunk. */
    public int addSchema(String name, String encoding, byte[] data) {
        SchemaDef s = new SchemaDef(schemas.size() + 1, name, encoding, data);
        schemas.add(s);
        record(chunk, Mcap.SCHEMA, schemaBody(s));
        return s.id();
    }

    /** Registers a channel; written into the current chunk. */
    public int addChannel(int schemaId, String topic, String messageEncoding, Map<String, String> metadata) {
        if (channels.size() >= 65_535) {
            throw new IllegalStateException("MCAP allows at most 65535 channels per file");
        }
        ChannelDef ch = new ChannelDef(channels.size() + 1, schemaId, topic, messageEncoding, Map.copyOf(metadata));
        channels.add(ch);
        record(chunk, Mcap.CHANNEL, channelBody(ch));
        return ch.id();
    }

    /** Buffers one message in the current chunk. */
    public void addMessage(int channelId, long sequence, long logTime, long publishTime, byte[] data, int offset,
            int length) {
        int recordOffset = chunk.size();
        chunk.u8(Mcap.MESSAGE).u64(2 + 4 + 8 + 8 + length);
        chunk.u16(channelId).u32(sequence).u64(logTime).u64(publishTime).bytes(data, offset, length);
        chunkIndex.computeIfAbsent(channelId, k -> new LeBuffer(256)).u64(logTime).u64(recordOffset);
        chunkStart = Math.min(chunkStart, logTime);
        chunkEnd = Math.max(chunkEnd, logTime);
        chunkMessages++;
        messageCount++;
        channelCounts.merge(channelId, 1L, Long::sum);
        fileStart = Math.min(fileStart, logTime);
        fileEnd = Math.max(fileEnd, logTime);
    }

    /** Writes the buffered chunk (if it has any record) and its message indexes, then hands them to the OS. */
    public void flushChunk() throws IOException {
        if (chunk.size() == 0) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 0, chunk.size());
        long start = chunkMessages == 0 ? 0 : chunkStart;
        long end = chunkMessages == 0 ? 0 : chunkEnd;
        byte[] records = compression == ChunkCompression.NONE ? chunk.array()
                : compression.compress(chunk.array(), chunk.size());
        int recordsLength = compression == ChunkCompression.NONE ? chunk.size() : records.length;
        String name = compression.wireName();
        LeBuffer out = new LeBuffer(recordsLength + 128 + chunkIndex.size() * 64);
        long chunkOffset = position;
        long bodyLength = 8 + 8 + 8 + 4 + 4 + name.length() + 8 + recordsLength;
        out.u8(Mcap.CHUNK).u64(bodyLength);
        out.u64(start).u64(end).u64(chunk.size()).u32(crc.getValue()).string(name).u64(recordsLength);
        out.bytes(records, 0, recordsLength);
        long chunkLength = out.size();
        Map<Integer, Long> indexOffsets = new TreeMap<>();
        for (Map.Entry<Integer, LeBuffer> e : chunkIndex.entrySet()) {
            indexOffsets.put(e.getKey(), chunkOffset + out.size());
            LeBuffer entries = e.getValue();
            out.u8(Mcap.MESSAGE_INDEX).u64(2 + 4 + entries.size());
            out.u16(e.getKey()).u32(entries.size()).bytes(entries.array(), 0, entries.size());
        }
        long indexLength = out.size() - chunkLength;
        writeData(out);
        flushToOs();
        chunkIndexes.add(new ChunkIndexEntry(start, end, chunkOffset, chunkLength, indexOffsets, indexLength,
                recordsLength, chunk.size()));
        chunk.reset();
        chunkIndex.clear();
        chunkStart = Long.MAX_VALUE;
        chunkEnd = Long.MIN_VALUE;
        chunkMessages = 0;
    }

    private void flushToOs() throws IOException {
        if (fsync) {
            sync.force(file);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushChunk();
            LeBuffer out = new LeBuffer(4096);
            record(out, Mcap.DATA_END, new LeBuffer(8).u32(dataCrc.getValue()));
            writeRaw(out);
            long summaryStart = position;
            CRC32 summaryCrc = new CRC32();
            out = new LeBuffer(4096);
            List<long[]> groups = new ArrayList<>();
            int groupStart = out.size();
            for (SchemaDef s : schemas) {
                record(out, Mcap.SCHEMA, schemaBody(s));
            }
            groups.add(new long[] {Mcap.SCHEMA, groupStart, out.size() - groupStart});
            groupStart = out.size();
            for (ChannelDef ch : channels) {
                record(out, Mcap.CHANNEL, channelBody(ch));
            }
            groups.add(new long[] {Mcap.CHANNEL, groupStart, out.size() - groupStart});
            groupStart = out.size();
            for (ChunkIndexEntry ci : chunkIndexes) {
                LeBuffer b = new LeBuffer(128);
                b.u64(ci.start()).u64(ci.end()).u64(ci.offset()).u64(ci.length());
                b.u32(ci.indexOffsets().size() * 10L);
                ci.indexOffsets().forEach((k, v) -> b.u16(k).u64(v));
                b.u64(ci.indexLength()).string(compression.wireName()).u64(ci.compressedSize()).u64(ci.size());
                record(out, Mcap.CHUNK_INDEX, b);
            }
            groups.add(new long[] {Mcap.CHUNK_INDEX, groupStart, out.size() - groupStart});
            groupStart = out.size();
            LeBuffer stats = new LeBuffer(128);
            stats.u64(messageCount).u16(schemas.size()).u32(channels.size()).u32(0).u32(0).u32(chunkIndexes.size());
            stats.u64(messageCount == 0 ? 0 : fileStart).u64(messageCount == 0 ? 0 : fileEnd);
            stats.u32(channelCounts.size() * 10L);
            channelCounts.forEach((k, v) -> stats.u16(k).u64(v));
            record(out, Mcap.STATISTICS, stats);
            groups.add(new long[] {Mcap.STATISTICS, groupStart, out.size() - groupStart});
            long summaryOffsetStart = summaryStart + out.size();
            for (long[] g : groups) {
                if (g[2] > 0) {
                    record(out, Mcap.SUMMARY_OFFSET, new LeBuffer(17).u8((int) g[0]).u64(summaryStart + g[1]).u64(g[2]));
                }
            }
            // footer: CRC covers the summary through the footer's summary_offset_start field
            LeBuffer footerHead = new LeBuffer(32);
            footerHead.u8(Mcap.FOOTER).u64(8 + 8 + 4).u64(summaryStart).u64(summaryOffsetStart);
            summaryCrc.update(out.array(), 0, out.size());
            summaryCrc.update(footerHead.array(), 0, footerHead.size());
            out.bytes(footerHead.array(), 0, footerHead.size());
            out.u32(summaryCrc.getValue());
            out.bytes(Mcap.MAGIC);
            writeRaw(out);
            sync.force(file);
        } finally {
            file.close();
        }
    }

    private static LeBuffer schemaBody(SchemaDef s) {
        LeBuffer b = new LeBuffer(64 + s.data().length);
        b.u16(s.id()).string(s.name()).string(s.encoding()).u32(s.data().length).bytes(s.data());
        return b;
    }

    private static LeBuffer channelBody(ChannelDef ch) {
        LeBuffer meta = new LeBuffer(64);
        ch.metadata().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> meta.string(e.getKey()).string(e.getValue()));
        LeBuffer b = new LeBuffer(64 + meta.size());
        b.u16(ch.id()).u16(ch.schemaId()).string(ch.topic()).string(ch.encoding());
        b.u32(meta.size()).bytes(meta.array(), 0, meta.size());
        return b;
    }

    private static void record(LeBuffer out, int opcode, LeBuffer body) {
        out.u8(opcode).u64(body.size()).bytes(body.array(), 0, body.size());
    }

    /** Appends data-section bytes, keeping the data section CRC. */
    private void writeData(LeBuffer b) throws IOException {
        dataCrc.update(b.array(), 0, b.size());
        writeRaw(b);
    }

    private void writeRaw(LeBuffer b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b.array(), 0, b.size());
        while (buf.hasRemaining()) {
            position += file.write(buf);
        }
    }
}
