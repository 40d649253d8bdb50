package mechos.memory.internal.recorder;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyTransition;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Topic;
import mechos.memory.api.PlaybackOptions;
import mechos.memory.api.RecorderException;
import mechos.memory.api.Snapshots;
import mechos.memory.internal.mcap.ChunkCompression;
import mechos.memory.internal.mcap.McapWriter;
import mechos.platform.api.RunDirectory;

/**
 * The {@link Snapshots} service: a time- and size-bounded ring buffer of encoded bus messages, filled on its bus
 * subscription's delivery thread (encoding only, no I/O), written by a snapshot thread.
 */
@Component(configurationPid = SnapshotRecorder.PID)
@Designate(ocd = SnapshotConfig.class)
public final class SnapshotRecorder implements Snapshots {
    public static final String PID = "mechos.memory.snapshot";
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRecorder.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private record Entry(Topic<?> topic, long sequence, long logTime, byte[] data) {
    }

    private final MessageCodec codec = new MessageCodec();
    private final Path directory;
    private final long windowNanos;
    private final long maxBytes;
    private final boolean onSafeStop;
    private final Clock clock;
    private final ArrayDeque<Entry> ring = new ArrayDeque<>();
    private long bytes;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mechos-snapshot");
        t.setDaemon(true);
        return t;
    });
    private final BusSubscription subscription;

    @Activate
    public SnapshotRecorder(SnapshotConfig config, @Reference EventBus bus, @Reference RunDirectory runDirectory) {
        this(config.enabled() ? bus : null, config.directory().isBlank() ? runDirectory.resolve("recordings")
                : Path.of(config.directory().trim()), config.seconds(), config.maxMiB() * 1024L * 1024L,
                topics(config.topics()), config.onSafeStop(), Clock.systemUTC());
    }

    SnapshotRecorder(EventBus bus, Path directory, int seconds, long maxBytes, List<String> topics,
            boolean onSafeStop, Clock clock) {
        this.directory = directory;
        this.windowNanos = seconds * 1_000_000_000L;
        this.maxBytes = maxBytes;
        this.onSafeStop = onSafeStop;
        this.clock = clock;
        TopicFilter filter = new TopicFilter(topics);
        this.subscription = bus == null ? null : bus.subscribeAll(
                t -> filter.test(t.name()) && (!topics.isEmpty() || !t.name().startsWith(PlaybackOptions.REPLAY_PREFIX))
                        || t.name().equals(KernelTopics.SAFETY.name()), "mechos.memory.snapshot", 10_000, this::onMessage);
    }

    private static List<String> topics(String[] configured) {
        return Arrays.stream(configured).flatMap(t -> Arrays.stream(t.split(","))).map(String::trim)
                .filter(t -> !t.isEmpty()).toList();
    }

    void onMessage(Envelope<?> e) {
        try {
            long logTime = e.wallMillis() * 1_000_000L + Math.floorMod(e.publishedNanos(), 1_000_000L);
            byte[] data = codec.encode(e.payload(), e.correlationId(), logTime);
            synchronized (this) {
                ring.addLast(new Entry(e.topic(), e.sequence(), logTime, data));
                bytes += data.length;
                while (!ring.isEmpty() && (bytes > maxBytes || logTime - ring.peekFirst().logTime() > windowNanos)) {
                    bytes -= ring.pollFirst().data().length;
                }
            }
            if (onSafeStop && e.payload() instanceof SafetyTransition s && s.to() == SafetyState.SAFE_STOP
                    && s.from() != SafetyState.SAFE_STOP) {
                dump("safe-stop");
            }
        } catch (IOException | RuntimeException ex) {
            LOG.warn("snapshot: a message on {} could not be buffered: {}", e.topic().name(), ex.getMessage());
        }
    }

    @Override
    public synchronized int buffered() {
        return ring.size();
    }

    @Override
    public CompletableFuture<Path> dump(String reason) {
        List<Entry> copy;
        synchronized (this) {
            copy = new ArrayList<>(ring);
        }
        String word = reason == null || reason.isBlank() ? "manual" : reason.replaceAll("[^A-Za-z0-9_-]", "_");
        CompletableFuture<Path> result = new CompletableFuture<>();
        try {
            writer.execute(() -> {
                try {
                    result.complete(write(copy, word));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("snapshot ({}) could not be written to {}: {}", word, directory, e.getMessage());
                    result.completeExceptionally(new RecorderException("snapshot failed: " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RecorderException("snapshot recorder is stopped", e));
        }
        return result;
    }

    private Path write(List<Entry> entries, String reason) throws IOException {
        Files.createDirectories(directory);
        String base = "snapshot-" + reason + "-" + STAMP.format(clock.instant());
        for (int n = 0;; n++) {
            Path file = directory.resolve(base + (n == 0 ? "" : "-" + n) + ".mcap");
            try (McapWriter w = new McapWriter(file, "mechos.memory", false, ChunkCompression.ZSTD)) {
                Map<String, Integer> channels = new HashMap<>();
                for (Entry e : entries) {
                    Integer ch = channels.get(e.topic().name());
                    if (ch == null) {
                        MessageCodec.Schema s = codec.schema(e.topic().type());
                        ch = w.addChannel(w.addSchema(s.name(), s.encoding(), s.data()), e.topic().name(), "json",
                                Map.of("mechos.type", e.topic().type().getName(), "mechos.delivery",
                                        e.topic().delivery().name()));
                        channels.put(e.topic().name(), ch);
                    }
                    w.addMessage(ch, e.sequence(), e.logTime(), e.logTime(), e.data(), 0, e.data().length);
                    if (w.bufferedBytes() >= 1 << 20) {
                        w.flushChunk();
                    }
                }
                LOG.info("snapshot ({}): {} messages written to {}", reason, entries.size(), file);
                return file;
            } catch (FileAlreadyExistsException e) {
                LOG.debug("{} exists; trying the next name", file);
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (subscription != null) {
            subscription.close();
        }
        writer.shutdown();
    }
}
