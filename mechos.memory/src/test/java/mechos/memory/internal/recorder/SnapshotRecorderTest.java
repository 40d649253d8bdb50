package mechos.memory.internal.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyTransition;
import mechos.memory.api.RecordedMessage;
import mechos.memory.api.RecordingInfo;
import mechos.memory.testsupport.Await;
import mechos.memory.testsupport.FakeEventBus;

class SnapshotRecorderTest {
    @TempDir
    Path dir;

    private final FakeEventBus bus = new FakeEventBus();

    private List<Path> files() throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mcap")).sorted().toList();
        }
    }

    @Test
    void aSafeStopWritesTheBufferedHistory() throws Exception {
        new SnapshotRecorder(bus, dir, 30, 64L << 20, List.of(), true, Clock.systemUTC());
        for (int i = 0; i < 100; i++) {
            SimMessages.publish(bus, i);
        }
        bus.publish(KernelTopics.SAFETY, new SafetyTransition(SafetyState.NOMINAL, SafetyState.SAFE_STOP, "bumper",
                1L));
        Await.until("a snapshot file", Duration.ofSeconds(30), () -> {
            try {
                return files().size() == 1 && new McapPlayer(null).inspect(files().get(0)).complete();
            } catch (Exception e) {
                return false;
            }
        });
        Path file = files().get(0);
        assertTrue(file.getFileName().toString().startsWith("snapshot-safe-stop-"), file.toString());
        RecordingInfo info = new McapPlayer(null).inspect(file);
        assertEquals(101, info.messages());
        List<RecordedMessage> read = new McapPlayer(null).read(file);
        assertEquals("kernel/safety", read.get(100).topic());
        assertTrue(read.get(100).json().contains("\"to\":\"SAFE_STOP\""), read.get(100).json());
    }

    @Test
    void theBufferIsBoundedBySize() throws Exception {
        SnapshotRecorder s = new SnapshotRecorder(bus, dir, 3600, 4096, List.of("sim/*"), false, Clock.systemUTC());
        for (int i = 0; i < 2000; i++) {
            SimMessages.publish(bus, i);
        }
        assertTrue(s.buffered() > 0 && s.buffered() < 200, "buffered " + s.buffered());
        Path file = Await.get(s.dump("manual"));
        assertEquals(s.buffered(), new McapPlayer(null).inspect(file).messages());
        assertTrue(files().size() == 1);
    }
}
