package mechos.memory.internal.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.kernel.api.bus.Envelope;
import mechos.memory.api.PlaybackOptions;
import mechos.memory.api.PlaybackResult;
import mechos.memory.api.PlaybackStepper;
import mechos.memory.api.RecordedMessage;
import mechos.memory.api.RecorderException;
import mechos.memory.api.RecordingInfo;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.RecordingStatus;
import mechos.memory.testsupport.FakeEventBus;

class RecorderPlayerTest {
    @TempDir
    Path dir;

    private final FakeEventBus bus = new FakeEventBus();

    private BusRecorder recorder() {
        return new BusRecorder(bus, dir, RecordingOptions.allTopics(), 10_000, false, Clock.systemUTC());
    }

    private FakeEventBus playbackBus(List<Envelope<?>> received) {
        FakeEventBus b = new FakeEventBus();
        b.declare(SimMessages.POSE);
        b.declare(SimMessages.NOTE);
        b.subscribeAll(t -> true, "check", 100_000, received::add);
        return b;
    }

    @Test
    void recordsSelectedTopicsAndPlaysThemBackInOrder() throws Exception {
        BusRecorder recorder = recorder();
        recorder.start(RecordingOptions.allTopics().withTopics(List.of("sim/*")).withChunks(4096, Duration.ofSeconds(1)));
        assertThrows(RecorderException.class, () -> recorder.start(RecordingOptions.allTopics()));
        for (int i = 0; i < 600; i++) {
            SimMessages.publish(bus, i);
            bus.publish(SimMessages.DEBUG, new SimMessages.Note(i, SimMessages.Level.INFO, "noise", List.of()));
        }
        RecordingStatus status = recorder.stop();
        assertEquals(600, status.messages());
        assertEquals(1, status.files().size());
        Path file = status.files().get(0);

        McapPlayer player = new McapPlayer(null);
        RecordingInfo info = player.inspect(file);
        assertTrue(info.complete());
        assertEquals(600, info.messages());
        assertEquals(2, info.topics().size());
        assertEquals(400, info.topics().stream().filter(t -> t.topic().equals("sim/pose")).findFirst().orElseThrow()
                .messages());
        assertEquals(SimMessages.Pose.class.getName(), info.topics().get(0).type());
        assertTrue(!info.end().isBefore(info.start()));
        String text = RecordingFiles.format(info);
        assertTrue(text.contains("sim/note") && text.contains("200") && text.contains("complete"), text);

        List<Envelope<?>> received = new ArrayList<>();
        PlaybackResult result = new McapPlayer(playbackBus(received)).play(file, PlaybackOptions.speed(0)).get();
        assertEquals(600, result.published());
        for (int i = 0; i < 600; i++) {
            assertEquals(SimMessages.payload(i), received.get(i).payload());
            assertEquals(SimMessages.correlation(i), received.get(i).correlationId());
        }
    }

    @Test
    void stepwisePlaybackPublishesOneMessagePerStep() {
        BusRecorder recorder = recorder();
        recorder.start(RecordingOptions.allTopics());
        for (int i = 0; i < 5; i++) {
            SimMessages.publish(bus, i);
        }
        Path file = recorder.stop().files().get(0);
        List<Envelope<?>> received = new ArrayList<>();
        try (PlaybackStepper stepper = new McapPlayer(playbackBus(received)).stepper(file, PlaybackOptions.speed(1))) {
            for (int i = 0; i < 5; i++) {
                RecordedMessage peeked = stepper.peek().orElseThrow();
                assertEquals(i, received.size());
                RecordedMessage stepped = stepper.step().orElseThrow();
                assertEquals(peeked, stepped);
                assertEquals(i + 1, received.size());
                assertEquals(SimMessages.payload(i), received.get(i).payload());
            }
            assertTrue(stepper.step().isEmpty());
        }
    }

    @Test
    void playbackKeepsOriginalTimingScaledBySpeed() throws Exception {
        BusRecorder recorder = recorder();
        recorder.start(RecordingOptions.allTopics());
        long gapNanos = 150_000_000L;
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                // the recording's own content: messages 150 ms apart
                LockSupport.parkNanos(gapNanos);
            }
            SimMessages.publish(bus, i);
        }
        Path file = recorder.stop().files().get(0);
        List<RecordedMessage> recorded = new McapPlayer(null).read(file);
        // log times are taken when the recorder receives a message: under load they may be closer than the
        // publisher's gaps, so the playback below is checked against the recorded offsets, not the 150 ms
        long span = recorded.get(2).logTimeNanos() - recorded.get(0).logTimeNanos();
        long offset1 = recorded.get(1).logTimeNanos() - recorded.get(0).logTimeNanos();
        assertTrue(span > 0 && offset1 > 0, "recorded span " + span);

        List<Envelope<?>> received = new ArrayList<>();
        McapPlayer player = new McapPlayer(playbackBus(received));
        long start = System.nanoTime();
        player.play(file, PlaybackOptions.realTime()).get();
        long realTime = System.nanoTime() - start;
        assertTrue(realTime >= span - 5_000_000, "1x playback took " + realTime + " for a span of " + span);
        long t0 = System.nanoTime();
        player.play(file, PlaybackOptions.speed(3)).get();
        long fast = System.nanoTime() - t0;
        assertTrue(fast >= span / 3 - 5_000_000, "3x playback took " + fast);
        // a message is never published before its recorded offset from the start of the playback (lower bounds
        // only: a loaded machine may publish later, never earlier)
        assertEquals(6, received.size());
        assertTrue(received.get(1).publishedNanos() - start >= offset1 - 5_000_000,
                "second message " + (received.get(1).publishedNanos() - start) + " ns after the start, recorded "
                        + offset1);
    }

    @Test
    void splitsBySizeIntoReadableFiles() {
        BusRecorder recorder = recorder();
        recorder.start(RecordingOptions.allTopics().withChunks(2048, Duration.ofSeconds(1)).withSplit(16 * 1024,
                Duration.ZERO));
        for (int i = 0; i < 1000; i++) {
            SimMessages.publish(bus, i);
        }
        RecordingStatus status = recorder.stop();
        assertTrue(status.files().size() > 3, status.files().toString());
        McapPlayer player = new McapPlayer(null);
        List<RecordedMessage> all = new ArrayList<>();
        for (Path f : status.files()) {
            assertTrue(player.inspect(f).complete(), f.toString());
            all.addAll(player.read(f));
        }
        assertEquals(1000, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(SimMessages.topic(i).name(), all.get(i).topic());
        }
    }

    @Test
    void unknownTopicsAreReportedNotSilentlyDropped() throws Exception {
        BusRecorder recorder = recorder();
        recorder.start(RecordingOptions.allTopics());
        for (int i = 0; i < 9; i++) {
            SimMessages.publish(bus, i);
        }
        Path file = recorder.stop().files().get(0);
        FakeEventBus onlyPose = new FakeEventBus();
        onlyPose.declare(SimMessages.POSE);
        PlaybackResult r = new McapPlayer(onlyPose).play(file, PlaybackOptions.speed(0)).get();
        assertEquals(6, r.published());
        assertEquals(3, r.skipped());
        assertEquals(List.of("sim/note"), r.unknownTopics());
    }

    @Test
    void shellCommandsRecordAndInspect() {
        BusRecorder recorder = recorder();
        RecorderCommands commands = new RecorderCommands(recorder, new McapPlayer(null));
        assertEquals(RecorderCommands.RECORD_USAGE, commands.record("help"));
        assertTrue(commands.record("--topics", "x").startsWith("error: unknown option '--topics'"));
        assertEquals(RecorderCommands.STOPRECORD_USAGE, commands.stoprecord("help"));
        assertEquals(RecorderCommands.PLAY_USAGE, commands.play("help"));
        assertEquals(RecorderCommands.INSPECT_USAGE, commands.inspect("--help"));
        assertTrue(commands.recordings("x").startsWith("error: recordings takes no arguments"));
        assertFalse(recorder.status().recording(), "neither help nor a wrong option started a recording");
        assertTrue(commands.record("sim/pose").startsWith("recording to "));
        assertTrue(commands.record().contains("failed: already recording"));
        for (int i = 0; i < 30; i++) {
            SimMessages.publish(bus, i);
        }
        String stopped = commands.stoprecord();
        assertTrue(stopped.contains("messages 20"), stopped);
        String file = recorder.status().files().get(0).toString();
        String inspected = commands.inspect(file);
        assertTrue(inspected.contains("sim/pose") && inspected.contains("20"), inspected);
        assertTrue(commands.inspect(dir.resolve("missing.mcap").toString()).contains("failed"));
        String listed = commands.recordings();
        assertTrue(listed.contains(file), listed);
    }

    @Test
    void recordingsAreListedNewestFirstOthersIgnored() throws java.io.IOException {
        assertEquals(List.of(), recorder().recordings(10), "nothing recorded yet");
        java.nio.file.Files.write(dir.resolve("mechos-a.mcap"), new byte[2048]);
        java.nio.file.Files.setLastModifiedTime(dir.resolve("mechos-a.mcap"),
                java.nio.file.attribute.FileTime.fromMillis(1_000));
        java.nio.file.Files.write(dir.resolve("mechos-b.mcap"), new byte[10]);
        java.nio.file.Files.setLastModifiedTime(dir.resolve("mechos-b.mcap"),
                java.nio.file.attribute.FileTime.fromMillis(2_000));
        java.nio.file.Files.writeString(dir.resolve("notes.txt"), "x");
        List<mechos.memory.api.RecordingFile> r = recorder().recordings(10);
        assertEquals(2, r.size());
        assertEquals(dir.resolve("mechos-b.mcap").toAbsolutePath(), r.get(0).file());
        assertEquals(2048L, r.get(1).bytes());
        assertEquals(1, recorder().recordings(1).size(), "capped");
        assertEquals(List.of(), new BusRecorder(bus, dir.resolve("missing"), RecordingOptions.allTopics(), 10,
                false, Clock.systemUTC()).recordings(10), "a missing directory lists nothing");
    }

    /** record=true in the configuration starts recording at activation (off the activating thread). */
    @Test
    void configurationStartsRecording() {
        java.util.Map<String, Object> values = java.util.Map.of("record", true, "topics", new String[] {"sim/pose, sim/note"},
                "directory", dir.toString());
        RecorderConfig config = (RecorderConfig) java.lang.reflect.Proxy.newProxyInstance(
                RecorderConfig.class.getClassLoader(), new Class<?>[] {RecorderConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue());
        BusRecorder recorder = new BusRecorder(config, bus, () -> dir.resolve("unused"));
        try {
            mechos.memory.testsupport.Await.until("configured recording", Duration.ofSeconds(10),
                    () -> recorder.status().recording());
            for (int i = 0; i < 9; i++) {
                SimMessages.publish(bus, i);
            }
            bus.publish(SimMessages.DEBUG, new SimMessages.Note(0, SimMessages.Level.INFO, "not recorded", List.of()));
            RecordingStatus s = recorder.stop();
            assertEquals(9, s.messages());
            assertTrue(s.files().get(0).startsWith(dir), s.files().toString());
        } finally {
            recorder.deactivate();
        }
    }
}
