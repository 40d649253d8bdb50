package mechos.memory.internal.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.kernel.api.bus.Envelope;
import mechos.memory.api.PlaybackOptions;
import mechos.memory.api.PlaybackResult;
import mechos.memory.api.RecordedMessage;
import mechos.memory.api.RecordingInfo;
import mechos.memory.testsupport.Await;
import mechos.memory.testsupport.ChildJvm;
import mechos.memory.testsupport.FakeEventBus;

/** Record a simulated run in a child JVM, kill -9 it mid-run, read back every complete chunk, play it back. */
class RecorderKillTest {
    @TempDir
    Path dir;

    @Test
    void completeChunksSurviveKill9AndPlayBackInOrder() throws Exception {
        long lastSeenPublished;
        try (ChildJvm child = new ChildJvm(RecorderMain.class, dir.toString())) {
            Await.until("3000 published messages", Duration.ofSeconds(120), () -> child.count("PUBLISHED") >= 30);
            child.kill();
            lastSeenPublished = child.count("PUBLISHED") * 100;
        }
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.toString().endsWith(".mcap")).findFirst().orElseThrow();
        }
        McapPlayer player = new McapPlayer(null);
        RecordingInfo info = player.inspect(file);
        assertFalse(info.complete(), "a killed recorder leaves no summary");
        assertTrue(info.chunks() > 0);
        List<RecordedMessage> read = player.read(file);
        // a contiguous prefix of what was published, losing at most the chunk being buffered
        assertTrue(read.size() >= lastSeenPublished - 500, read.size() + " read, " + lastSeenPublished + " published");
        MessageCodec codec = new MessageCodec();
        for (int i = 0; i < read.size(); i++) {
            RecordedMessage m = read.get(i);
            assertEquals(SimMessages.topic(i).name(), m.topic());
            assertEquals(codec.mapper().writeValueAsString(SimMessages.payload(i)), m.json(), "message " + i);
            assertEquals(SimMessages.correlation(i), m.correlationId());
        }

        FakeEventBus bus = new FakeEventBus();
        bus.declare(SimMessages.POSE);
        bus.declare(SimMessages.NOTE);
        List<Envelope<?>> received = new ArrayList<>();
        bus.subscribeAll(t -> true, "check", 100_000, received::add);
        PlaybackResult result = new McapPlayer(bus).play(file, PlaybackOptions.speed(0)).get();
        assertEquals(read.size(), result.published());
        assertEquals(0, result.skipped());
        assertEquals(read.size(), received.size());
        for (int i = 0; i < received.size(); i++) {
            assertEquals(SimMessages.payload(i), received.get(i).payload(), "played message " + i);
            // playback never poses as live: the recorded topic under replay/, same type
            assertEquals(PlaybackOptions.REPLAY_PREFIX + SimMessages.topic(i).name(), received.get(i).topic().name());
            assertEquals(SimMessages.topic(i).type(), received.get(i).topic().type());
            assertEquals(SimMessages.correlation(i), received.get(i).correlationId());
        }
    }
}
