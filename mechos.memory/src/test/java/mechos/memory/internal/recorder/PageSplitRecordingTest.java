package mechos.memory.internal.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.memory.api.RecordingCompression;
import mechos.memory.api.RecordingFile;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.RecordingStatus;
import mechos.memory.internal.mcap.McapReader;
import mechos.memory.testsupport.FakeEventBus;

/**
 * Issue 17 against the real recorder: the options the MechOS page builds for {@code recorder/start} (the
 * recorder's {@link BusRecorder#defaults() configured options} with the page's topics and split, here "Split at
 * (MiB)" = 1 and "Split every (s)" left empty) make a recording of several files, each a complete MCAP file that
 * the project's reader opens, all listed for download.
 */
class PageSplitRecordingTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private final FakeEventBus bus = new FakeEventBus();

    private BusRecorder configuredRecorder() {
        Map<String, Object> values = Map.of("directory", dir.toString());
        RecorderConfig config = (RecorderConfig) java.lang.reflect.Proxy.newProxyInstance(
                RecorderConfig.class.getClassLoader(), new Class<?>[] {RecorderConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue());
        return new BusRecorder(config, bus, () -> dir.resolve("unused"));
    }

    @Test
    void theConfiguredSplitIsTheRecordersDefault() {
        BusRecorder recorder = configuredRecorder();
        try {
            RecordingOptions d = recorder.defaults();
            assertEquals(512 * MIB, d.splitBytes(), "RecorderConfig.splitMiB default");
            assertEquals(Duration.ZERO, d.splitDuration(), "RecorderConfig.splitSeconds default");
            assertEquals(RecordingCompression.ZSTD, d.compression());
        } finally {
            recorder.deactivate();
        }
    }

    @Test
    void aPageStartedRecordingWithASmallSplitIsSeveralReadableFilesAllListed() throws Exception {
        BusRecorder recorder = configuredRecorder();
        try {
            RecordingOptions d = recorder.defaults();
            // what OperatorActions.startRecording builds for topics "sim/*", splitMiB 1, splitSeconds empty
            RecordingOptions page = d.withTopics(List.of("sim/*")).withSplit(1 * MIB, d.splitDuration());
            recorder.start(page);
            // incompressible text, so 1 MiB is reached with the configured zstd chunks too
            Random random = new Random(17);
            int count = 300;
            for (int i = 0; i < count; i++) {
                StringBuilder text = new StringBuilder(8192);
                for (int c = 0; c < 8192; c++) {
                    text.append((char) ('!' + random.nextInt(90)));
                }
                bus.publish(SimMessages.NOTE, new SimMessages.Note(i, SimMessages.Level.INFO, text.toString(),
                        List.of(i)));
            }
            RecordingStatus status = recorder.stop();
            assertEquals(page, status.options(), "the status carries the options in force");
            assertEquals(count, status.messages());
            assertTrue(status.files().size() >= 2, "split into several files: " + status.files());

            long read = 0;
            for (Path f : status.files()) {
                McapReader.Scan scan = McapReader.read(f, m -> true);
                assertTrue(scan.complete(), f + ": " + scan.problem());
                assertEquals(0, scan.badChunks(), f.toString());
                assertTrue(scan.messages() > 0, f + " has messages");
                read += scan.messages();
            }
            assertEquals(count, read, "every message is in exactly one part");

            Set<Path> listed = new HashSet<>();
            for (RecordingFile r : recorder.recordings(200)) {
                listed.add(r.file());
            }
            for (Path f : status.files()) {
                assertTrue(listed.contains(f.toAbsolutePath()), f + " is listed for download: " + listed);
            }
        } finally {
            recorder.deactivate();
        }
    }
}
