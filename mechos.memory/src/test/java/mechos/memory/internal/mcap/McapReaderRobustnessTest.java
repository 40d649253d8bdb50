package mechos.memory.internal.mcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Other tools' files, compressed chunks, and damaged files: the reader reads what it can and never throws. */
class McapReaderRobustnessTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/mcap/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    /** Written by @mcap/core 2.2.2 with zstd chunks (src/test/mcap-interop/write-zstd.mjs); one cdr channel. */
    @Test
    void readsAZstdFileWrittenByTheOfficialTypeScriptWriter() throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        List<String> first = new ArrayList<>();
        McapReader.Scan scan = McapReader.read(fixture("mcap-core-zstd.mcap"), m -> {
            counts.merge(m.channel().topic(), 1, Integer::sum);
            if (first.isEmpty()) {
                first.add(new String(m.data(), StandardCharsets.UTF_8));
            }
            return true;
        });
        assertEquals(Map.of("fixture/a", 200, "fixture/b", 100, "/chatter", 30), counts);
        assertEquals(0, scan.badChunks(), scan.notes().toString());
        assertTrue(scan.chunks() > 1);
        assertTrue(scan.complete());
        assertEquals("{\"i\":0,\"text\":\"message number 0\"}", first.get(0));
        McapReader.Channel chatter = scan.channels().values().stream().filter(c -> c.topic().equals("/chatter"))
                .findFirst().orElseThrow();
        assertEquals("cdr", chatter.messageEncoding());
        assertEquals("ros2msg", chatter.schemaEncoding());
        assertEquals("std_msgs/msg/String", chatter.schemaName());
    }

    private Path write(ChunkCompression compression, int n, int perChunk) throws IOException {
        Path f = dir.resolve("w-" + compression + "-" + n + ".mcap");
        try (McapWriter w = new McapWriter(f, "test", false, compression)) {
            int schema = w.addSchema("T", "jsonschema", "{}".getBytes(StandardCharsets.UTF_8));
            int a = w.addChannel(schema, "a", "json", Map.of());
            for (int i = 0; i < n; i++) {
                byte[] m = ("{\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}").getBytes(StandardCharsets.UTF_8);
                w.addMessage(a, i, 1_000L + i, 1_000L + i, m, 0, m.length);
                if ((i + 1) % perChunk == 0) {
                    w.flushChunk();
                }
            }
        }
        return f;
    }

    @ParameterizedTest
    @EnumSource(ChunkCompression.class)
    void everyCompressionRoundTrips(ChunkCompression compression) throws Exception {
        Path f = write(compression, 1000, 100);
        List<Integer> seen = new ArrayList<>();
        McapReader.Scan scan = McapReader.read(f, m -> {
            String s = new String(m.data(), StandardCharsets.UTF_8);
            seen.add(Integer.parseInt(s.substring(5, s.indexOf(','))));
            return true;
        });
        assertEquals(1000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(10, scan.chunks());
        assertEquals(0, scan.badChunks());
        assertTrue(scan.complete());
        // the chunk names its compression: opcode, length, 3 times u64, crc, then the name
        byte[] all = Files.readAllBytes(f);
        int[] first = chunks(all).get(0);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int nameLength = b.getInt(first[0] + 9 + 28);
        assertEquals(compression.wireName(),
                new String(all, first[0] + 9 + 32, nameLength, StandardCharsets.US_ASCII));
    }

    /** Offsets of the top-level Chunk records. */
    private static List<int[]> chunks(byte[] all) {
        List<int[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int p = 8;
        while (p + 9 <= all.length) {
            int op = all[p] & 0xff;
            long len = b.getLong(p + 1);
            if (op == Mcap.CHUNK) {
                out.add(new int[] {p, (int) len});
            }
            if (op == Mcap.DATA_END) {
                break;
            }
            p += 9 + (int) len;
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(ChunkCompression.class)
    void aCorruptChunkIsSkippedAndCountedAndTheRestIsRead(ChunkCompression compression) throws Exception {
        Path f = write(compression, 1000, 100);
        byte[] all = Files.readAllBytes(f);
        int[] third = chunks(all).get(2);
        int last = third[0] + 9 + third[1] - 1;
        all[last - 3] ^= 0x5a; // inside the records (compressed or not) of chunk 3
        Files.write(f, all);
        long[] n = {0};
        McapReader.Scan scan = McapReader.read(f, m -> ++n[0] > 0);
        assertEquals(900, n[0]);
        assertEquals(1, scan.badChunks());
        assertEquals(9, scan.chunks());
        assertTrue(scan.problem().startsWith("chunk at offset " + third[0]), scan.problem());
    }

    /** The old reader parsed the chunk header before any check: a huge string length threw out of the reader. */
    @Test
    void aChunkHeaderWithImpossibleLengthsIsSkipped() throws Exception {
        Path f = write(ChunkCompression.NONE, 300, 100);
        byte[] all = Files.readAllBytes(f);
        int[] first = chunks(all).get(0);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(first[0] + 9 + 28, 0x7fff_fff0); // compression string length
        int[] second = chunks(all).get(1);
        b.putLong(second[0] + 9 + 16, -5); // uncompressed size
        Files.write(f, all);
        long[] n = {0};
        McapReader.Scan scan = McapReader.read(f, m -> ++n[0] > 0);
        assertEquals(100, n[0]);
        assertEquals(2, scan.badChunks());
    }

    /** Random damage anywhere after the magic never makes the reader throw; it keeps what is intact. */
    @ParameterizedTest
    @EnumSource(ChunkCompression.class)
    void fuzzedFilesNeverThrowOutOfTheReader(ChunkCompression compression) throws Exception {
        byte[] clean = Files.readAllBytes(write(compression, 400, 40));
        Random random = new Random(17 + compression.ordinal());
        Path f = dir.resolve("fuzz.mcap");
        for (int round = 0; round < 600; round++) {
            byte[] bad = clean.clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                int at = 8 + random.nextInt(bad.length - 8);
                bad[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : bad[at] ^ (1 << random.nextInt(8)));
            }
            int cut = random.nextInt(4) == 0 ? 8 + random.nextInt(bad.length - 8) : bad.length;
            Files.write(f, java.util.Arrays.copyOf(bad, cut));
            try {
                McapReader.Scan scan = McapReader.read(f, m -> true);
                assertTrue(scan.messages() <= 400 + 40, "round " + round);
            } catch (IOException | RuntimeException e) {
                fail("round " + round + " (" + flips + " flips, cut at " + cut + ") threw " + e, e);
            }
        }
    }
}
