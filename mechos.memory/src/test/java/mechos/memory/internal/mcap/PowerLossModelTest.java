package mechos.memory.internal.mcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be tested of the recorder's power-loss promise without cutting the power (issue 18): the README says that
 * with {@code fsync=true} every chunk {@link McapWriter#flushChunk()} returned from survives a power loss, and that
 * without it only a process crash is survived. A power loss keeps what was forced to the device (file data up to
 * the size at the last force, and a directory entry that was synced) and, at worst, nothing else. This test
 * records every force the writer asks for and rebuilds the file a power loss could leave behind: the forced prefix
 * with nothing, or with an arbitrary part of the unforced tail, after it.
 */
class PowerLossModelTest {
    @TempDir
    Path dir;

    /** Records what was durable when: the file size at each force, and the synced directories. */
    private static final class RecordingSync implements FileSync {
        final List<Long> forcedSizes = new ArrayList<>();
        final List<Path> syncedDirs = new ArrayList<>();

        @Override
        public void force(FileChannel file) throws IOException {
            forcedSizes.add(file.size());
        }

        @Override
        public void syncDirectory(Path directory) {
            syncedDirs.add(directory);
        }

        long durableSize() {
            return forcedSizes.isEmpty() ? 0 : forcedSizes.get(forcedSizes.size() - 1);
        }
    }

    private static byte[] msg(int i) {
        return ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<Integer> read(Path file) throws IOException {
        List<Integer> seen = new ArrayList<>();
        McapReader.read(file, m -> {
            seen.add(Integer.parseInt(new String(m.data(), StandardCharsets.UTF_8).replaceAll("\\D", "")));
            return true;
        });
        return seen;
    }

    /** A file as a power loss could leave it: the durable prefix plus {@code keepTail} bytes of what followed. */
    private Path afterPowerLoss(Path file, long durable, int keepTail, String name) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int end = (int) Math.min(all.length, durable + keepTail);
        Path lost = dir.resolve(name);
        Files.write(lost, Arrays.copyOf(all, end));
        return lost;
    }

    @Test
    void withFsyncEveryAcknowledgedChunkSurvivesAPowerLoss() throws Exception {
        Random random = new Random(18);
        for (ChunkCompression compression : ChunkCompression.values()) {
            RecordingSync sync = new RecordingSync();
            Path file = dir.resolve("rec-" + compression + ".mcap");
            McapWriter w = new McapWriter(file, "test", true, compression, sync);
            assertEquals(List.of(dir.toAbsolutePath()), sync.syncedDirs,
                    "the new file's directory entry is durable before any chunk is acknowledged");
            int schema = w.addSchema("T", "jsonschema", "{}".getBytes(StandardCharsets.UTF_8));
            int channel = w.addChannel(schema, "sensors/scan", "json", Map.of());
            int acknowledged = 0;
            for (int i = 0; i < 200; i++) {
                byte[] m = msg(i);
                w.addMessage(channel, i, 1_000L + i, 1_000L + i, m, 0, m.length);
                if (i % 10 == 9) {
                    w.flushChunk(); // returns = acknowledged
                    acknowledged = i + 1;
                    assertEquals(Files.size(file), sync.durableSize(),
                            "flushChunk returned before every byte of the chunk was forced");
                }
                if (i % 37 == 36) {
                    // power loss now: the forced prefix, with none or part of what followed (a torn write)
                    long durable = sync.durableSize();
                    for (int tail : new int[] {0, 1, random.nextInt(64) + 1}) {
                        Path lost = afterPowerLoss(file, durable, tail, "lost-" + compression + "-" + i + "-" + tail);
                        List<Integer> survived = read(lost);
                        assertTrue(survived.size() >= acknowledged, compression + ": after a power loss at message "
                                + i + " only " + survived.size() + " of " + acknowledged + " acknowledged survived");
                        for (int k = 0; k < acknowledged; k++) {
                            assertEquals(k, survived.get(k));
                        }
                    }
                }
            }
            w.close();
            assertEquals(Files.size(file), sync.durableSize(), "close forces the summary and footer");
        }
    }

    @Test
    void withoutFsyncNothingIsForcedUntilClose() throws Exception {
        // The README's promise without fsync: a chunk survives a process crash (it is in the OS once flushChunk
        // returns) but a power loss may lose every chunk since the file was opened. Show it is exactly that.
        RecordingSync sync = new RecordingSync();
        Path file = dir.resolve("nofsync.mcap");
        McapWriter w = new McapWriter(file, "test", false, ChunkCompression.ZSTD, sync);
        int schema = w.addSchema("T", "jsonschema", "{}".getBytes(StandardCharsets.UTF_8));
        int channel = w.addChannel(schema, "a", "json", Map.of());
        for (int i = 0; i < 30; i++) {
            byte[] m = msg(i);
            w.addMessage(channel, i, i, i, m, 0, m.length);
            if (i % 10 == 9) {
                w.flushChunk();
            }
        }
        assertTrue(sync.forcedSizes.isEmpty() && sync.syncedDirs.isEmpty(), "nothing forced before close");
        assertEquals(30, read(file).size(), "a process crash loses no flushed chunk: the bytes are in the file");
        w.close();
        assertEquals(List.of(Files.size(file)), sync.forcedSizes, "close forces the finished file once");
    }
}
