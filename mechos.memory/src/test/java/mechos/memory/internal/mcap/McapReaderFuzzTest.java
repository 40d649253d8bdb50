package mechos.memory.internal.mcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the MCAP reader (recordings come from other tools and other robots). Properties:
 * reading never throws anything but IOException; every delivered message belongs to a channel the scan reports;
 * the scan's message count equals what was delivered; bad chunks and records are counted, not fatal.
 */
class McapReaderFuzzTest {
    private static Path file;

    @BeforeAll
    static void file() throws IOException {
        file = Files.createTempFile("mechos-fuzz-", ".mcap");
    }

    @AfterAll
    static void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "10s")
    void mcapFile(byte[] data) throws Exception {
        Files.write(file, data);
        AtomicLong delivered = new AtomicLong();
        java.util.Set<Integer> seenChannels = new java.util.HashSet<>();
        McapReader.Scan scan;
        try {
            scan = McapReader.read(file, m -> {
                delivered.incrementAndGet();
                seenChannels.add(m.channel().id());
                return true;
            });
        } catch (IOException refused) {
            return; // documented: not an MCAP file at all / unreadable
        }
        assertEquals(delivered.get(), scan.messages(), "messages counted vs delivered");
        assertTrue(scan.channels().keySet().containsAll(seenChannels), "a message on an unreported channel");
        assertTrue(scan.badChunks() >= 0 && scan.badRecords() >= 0 && scan.unreadableTail() >= 0);
    }
}
