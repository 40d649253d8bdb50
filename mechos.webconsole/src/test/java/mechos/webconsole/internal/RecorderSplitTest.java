package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import mechos.memory.api.RecordingCompression;
import mechos.memory.api.RecordingFile;
import mechos.memory.api.RecordingOptions;
import mechos.webconsole.internal.Fakes.FakeRecorder;
import mechos.webconsole.internal.PageRequests.Answer;

/**
 * Issue 17: the recorder's split chosen on the page. {@code recorder/start} takes {@code splitMiB} and
 * {@code splitSeconds} (empty: the recorder's configured default, 0: never), strictly parsed and bounded; a refused
 * value is a 400 naming the field and value and starts nothing. The page starts from the recorder's configured
 * options, so choosing topics no longer drops the configured split, chunking and compression.
 */
class RecorderSplitTest {
    private static final long MIB = 1024 * 1024;
    private final FakeRecorder recorder = new FakeRecorder();
    private final CsrfGuard csrf = new CsrfGuard(new SecureRandom());
    private RobotServices services;
    private MechosPlugin plugin;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        services = new RobotServices();
        services.bindRecorder(recorder);
        ConsoleConfig defaults = (ConsoleConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ConsoleConfig.class }, (p, m, a) -> m.getDefaultValue());
        plugin = new MechosPlugin(services, new BusMonitor(), csrf, new BatteryGauges(), new FleetGauges(),
                new PageSensors(), null, defaults);
    }

    @AfterEach
    void stop() {
        plugin.deactivate();
    }

    private Answer call(boolean post, String path, Map<String, String[]> form) {
        return PageRequests.call(plugin, csrf, post, path, 100, () -> form);
    }

    private Answer start(String... kv) {
        return call(true, "/api/recorder/start", PageRequests.form(kv));
    }

    @Test
    void theSplitChosenOnThePageReachesTheRecorderWithTheConfiguredRest() {
        Answer a = start("topics", "sensors/scan,kernel/safety", "splitMiB", "1", "splitSeconds", "30");
        assertEquals(200, a.status(), a.body());
        assertTrue(a.body().contains("split at 1 MiB or every 30 s"), a.body());
        RecordingOptions o = recorder.started.get(0);
        assertEquals(List.of("sensors/scan", "kernel/safety"), o.topics());
        assertEquals(MIB, o.splitBytes());
        assertEquals(Duration.ofSeconds(30), o.splitDuration());
        assertEquals("robot7", o.prefix(), "the configured prefix is kept");
        assertEquals(RecordingCompression.LZ4, o.compression(), "the configured compression is kept");
        assertEquals(64 * 1024, o.chunkBytes(), "the configured chunking is kept");
        assertEquals(Duration.ofMillis(250), o.chunkInterval());
    }

    /**
     * The bug this issue found: the page started {@code RecordingOptions.allTopics().withTopics(topics)}, which
     * never splits, so the configured 512 MiB split (and lz4, prefix, chunking) were silently dropped.
     */
    @Test
    void emptySplitFieldsKeepTheConfiguredSplitAndZeroMeansNever() {
        assertEquals(200, start("topics", "", "splitMiB", "", "splitSeconds", " ").status());
        RecordingOptions o = recorder.started.get(0);
        assertEquals(512 * MIB, o.splitBytes());
        assertEquals(Duration.ZERO, o.splitDuration());
        assertEquals(List.of(), o.topics(), "none selected on the page: all topics, not the configured ones");
        assertEquals(RecordingCompression.LZ4, o.compression());
        call(true, "/api/recorder/stop", Map.of());

        assertEquals(200, start("splitMiB", "0", "splitSeconds", "604800").status(), "absent topics: all");
        RecordingOptions never = recorder.started.get(1);
        assertEquals(0, never.splitBytes(), "0: never by size");
        assertEquals(Duration.ofDays(7), never.splitDuration(), "the largest duration is accepted");
        call(true, "/api/recorder/stop", Map.of());

        assertEquals(200, start("splitMiB", "1048576").status(), "the largest size is accepted");
        assertEquals(1L << 40, recorder.started.get(2).splitBytes());
        assertEquals(Duration.ZERO, recorder.started.get(2).splitDuration(), "absent: the configured duration");
    }

    @Test
    void aBadSplitValueIsA400NamingFieldAndValueAndStartsNothing() {
        String[][] bad = { { "splitMiB", "-1" }, { "splitMiB", "1.5" }, { "splitMiB", "1048577" },
            { "splitMiB", "ten" }, { "splitMiB", "+5" }, { "splitMiB", "1e3" }, { "splitSeconds", "604801" },
            { "splitSeconds", "0x10" }, { "splitSeconds", "99999999999999999999999" }, { "splitSeconds", "1 0" } };
        for (String[] b : bad) {
            Answer a = start("topics", "sensors/scan", b[0], b[1]);
            assertEquals(400, a.status(), b[0] + "=" + b[1] + ": " + a.body());
            assertTrue(a.body().contains("parameter '" + b[0] + "' must be a whole number from 0 to "), a.body());
            String shown = b[1].length() > 20 ? b[1].substring(0, 20) : b[1];
            assertTrue(a.body().contains("not '" + shown), a.body());
        }
        assertEquals(List.of(), recorder.started, "nothing started");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStatusShowsTheSplitInForceAndTheDefault() {
        StateView view = new StateView(services, new BusMonitor());
        Map<String, Object> idle = (Map<String, Object>) view.state().get("recorder");
        assertNull(idle.get("split"), "not recording");
        Map<String, Object> d = (Map<String, Object>) idle.get("defaultSplit");
        assertEquals(512 * MIB, d.get("bytes"));
        assertEquals(0L, d.get("seconds"));
        assertEquals("split at 512 MiB, never by time", d.get("text"));

        start("splitMiB", "0", "splitSeconds", "90");
        Map<String, Object> running = (Map<String, Object>) view.state().get("recorder");
        assertEquals("split every 90 s, never by size", ((Map<String, Object>) running.get("split")).get("text"));
        assertEquals(90L, ((Map<String, Object>) running.get("split")).get("seconds"));
    }

    @Test
    void splitTextNamesEveryCase() {
        RecordingOptions o = RecordingOptions.allTopics();
        assertEquals("never split", StateView.splitText(o));
        assertEquals("split at 2 MiB or every 60 s", StateView.splitText(o.withSplit(2 * MIB, Duration.ofMinutes(1))));
        assertEquals("split at 1000 bytes, never by time", StateView.splitText(o.withSplit(1000, Duration.ZERO)));
        assertEquals("split every 1500 ms, never by size", StateView.splitText(o.withSplit(0, Duration.ofMillis(1500))));
    }

    /** Every part of a split recording is listed with a download link and downloads, also beyond the 20 newest. */
    @Test
    @SuppressWarnings("unchecked")
    void everyPartOfASplitRecordingIsListedAndDownloads() throws Exception {
        List<Path> parts = new ArrayList<>();
        for (int i = 30; i >= 1; i--) {
            Path p = dir.resolve(String.format("robot7-20250101T000000Z-%03d.mcap", i));
            Files.write(p, ("part " + i).getBytes(StandardCharsets.UTF_8));
            recorder.files.add(new RecordingFile(p, Files.size(p), 1_000 + i));
            parts.add(0, p);
        }
        for (int i = 1; i <= 5; i++) {
            // snapshots written while it recorded: newer than every part
            recorder.files.add(0, new RecordingFile(dir.resolve("snapshot-safe-stop-" + i + ".mcap"), 10, 5_000 + i));
        }
        start("splitMiB", "1");
        recorder.status = new mechos.memory.api.RecordingStatus(false, null, parts, 300, 30 * MIB, 0, 0, "",
                recorder.started.get(0));
        Map<String, Object> rec = (Map<String, Object>) new StateView(services, new BusMonitor()).state()
                .get("recorder");
        List<Map<String, Object>> listed = (List<Map<String, Object>>) rec.get("recordings");
        assertEquals(35, listed.size(), "all 30 parts and the snapshots, not only the 20 newest");
        for (Path p : parts) {
            String name = p.getFileName().toString();
            assertTrue(listed.stream().anyMatch(r -> name.equals(r.get("file"))), name);
            Answer a = call(false, "/recordings/" + name, Map.of());
            assertEquals(200, a.status(), name);
            assertArrayEquals(Files.readAllBytes(p), a.bytes(), name);
        }
    }
}
