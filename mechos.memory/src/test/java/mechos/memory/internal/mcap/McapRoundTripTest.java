package mechos.memory.internal.mcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McapRoundTripTest {
    @TempDir
    Path dir;

    private static byte[] msg(int i) {
        return ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes n messages on two channels, a chunk every {@code perChunk} messages; returns the chunk end offsets. */
    private List<Long> write(Path file, int n, int perChunk, boolean close) throws Exception {
        List<Long> chunkEnds = new ArrayList<>();
        McapWriter w = new McapWriter(file, "test", false);
        int schema = w.addSchema("T", "jsonschema", "{}".getBytes(StandardCharsets.UTF_8));
        int a = w.addChannel(schema, "a", "json", Map.of("k", "v"));
        int b = w.addChannel(schema, "b", "json", Map.of());
        for (int i = 0; i < n; i++) {
            byte[] m = msg(i);
            w.addMessage(i % 2 == 0 ? a : b, i, 1_000L + i, 1_000L + i, m, 0, m.length);
            if ((i + 1) % perChunk == 0) {
                w.flushChunk();
                chunkEnds.add(w.position());
            }
        }
        if (close) {
            w.close();
        }
        return chunkEnds;
    }

    private static List<Integer> readAll(Path file, McapReader.Scan[] scanOut) throws Exception {
        List<Integer> seen = new ArrayList<>();
        scanOut[0] = McapReader.read(file, m -> {
            String s = new String(m.data(), StandardCharsets.UTF_8);
            seen.add(Integer.parseInt(s.replaceAll("\\D", "")));
            assertEquals(seen.get(seen.size() - 1) % 2 == 0 ? "a" : "b", m.channel().topic());
            return true;
        });
        return seen;
    }

    @Test
    void closedFileRoundTripsWithSummaryAndFooter() throws Exception {
        Path f = dir.resolve("x.mcap");
        write(f, 1000, 64, true);
        McapReader.Scan[] scan = new McapReader.Scan[1];
        List<Integer> seen = readAll(f, scan);
        assertEquals(1000, seen.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, seen.get(i));
        }
        assertTrue(scan[0].complete());
        assertEquals(16, scan[0].chunks());
        assertEquals(Map.of("k", "v"), scan[0].channels().get(1).metadata());

        // footer -> summary: the statistics record counts every message, and the summary CRC matches
        byte[] all = Files.readAllBytes(f);
        assertArrayEquals(Mcap.MAGIC, Arrays.copyOfRange(all, 0, 8));
        assertArrayEquals(Mcap.MAGIC, Arrays.copyOfRange(all, all.length - 8, all.length));
        ByteBuffer footer = ByteBuffer.wrap(all, all.length - 8 - 29, 29).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Mcap.FOOTER, footer.get());
        assertEquals(20, footer.getLong());
        long summaryStart = footer.getLong();
        long summaryOffsetStart = footer.getLong();
        long crc = footer.getInt() & 0xffffffffL;
        CRC32 c = new CRC32();
        c.update(all, (int) summaryStart, all.length - 8 - 4 - (int) summaryStart);
        assertEquals(c.getValue(), crc);
        assertTrue(summaryOffsetStart > summaryStart);
        long messages = -1;
        ByteBuffer s = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        s.position((int) summaryStart);
        int chunkIndexes = 0;
        while (s.position() < summaryOffsetStart) {
            int op = s.get() & 0xff;
            long len = s.getLong();
            int start = s.position();
            if (op == Mcap.STATISTICS) {
                messages = s.getLong();
            } else if (op == Mcap.CHUNK_INDEX) {
                chunkIndexes++;
                s.getLong();
                s.getLong();
                long chunkOffset = s.getLong();
                assertEquals(Mcap.CHUNK, all[(int) chunkOffset]);
            }
            s.position(start + (int) len);
        }
        assertEquals(1000, messages);
        assertEquals(16, chunkIndexes);
    }

    @Test
    void fileCutAnywhereYieldsEveryCompleteChunk() throws Exception {
        Path f = dir.resolve("cut.mcap");
        List<Long> chunkEnds = write(f, 640, 64, false); // not closed: like a killed recorder
        byte[] all = Files.readAllBytes(f);
        for (long cut = 8; cut <= all.length; cut += 97) {
            Path part = dir.resolve("part.mcap");
            Files.write(part, Arrays.copyOf(all, (int) cut));
            McapReader.Scan[] scan = new McapReader.Scan[1];
            List<Integer> seen = readAll(part, scan);
            long complete = 0;
            for (long end : chunkEnds) {
                if (end <= cut) {
                    complete++;
                }
            }
            // every chunk whose records and indexes were fully written is read; a chunk whose message indexes
            // were cut off is still complete and CRC-valid, so it may be read too
            assertTrue(seen.size() == complete * 64 || seen.size() == (complete + 1) * 64,
                    "cut at " + cut + ": " + seen.size() + " messages, " + complete + " complete chunks");
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i, seen.get(i));
            }
            assertFalse(scan[0].complete());
        }
    }

    @Test
    void corruptedChunkIsDetectedByCrcAndSkipped() throws Exception {
        Path f = dir.resolve("crc.mcap");
        List<Long> ends = write(f, 192, 64, true);
        byte[] all = Files.readAllBytes(f);
        int inSecondChunk = (int) (ends.get(0) + 200);
        all[inSecondChunk] ^= 0x40;
        Files.write(f, all);
        McapReader.Scan[] scan = new McapReader.Scan[1];
        List<Integer> seen = readAll(f, scan);
        assertEquals(128, seen.size());
        assertEquals(1, scan[0].badChunks());
        assertTrue(scan[0].problem().contains("CRC"), scan[0].problem());
    }
}
