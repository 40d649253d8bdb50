package mechos.memory.internal.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Topic;
import mechos.memory.api.RecorderException;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.RecordingStatus;
import mechos.memory.internal.mcap.ChunkCompression;
import mechos.memory.internal.mcap.McapWriter;

/**
 * One running recording: a wildcard bus subscription whose messages are encoded and written on the subscription's
 * delivery thread, into chunks that are flushed by size and, from {@link #tick()}, by age. Splits files by size or
 * duration. All writer access is synchronised on this object.
 */
final class RecordingSession {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingSession.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    static final String SUBSCRIBER = "mechos.memory.recorder";

    private final RecordingOptions options;
    private final Path directory;
    private final MessageCodec codec;
    private final Clock clock;
    private final boolean fsync;
    private final String stamp;
    private final List<Path> files = new ArrayList<>();
    private final Map<String, Integer> channelIds = new HashMap<>();
    private final long epochNanosAtStart;
    private final long nanoAtStart;

    private McapWriter writer;
    private long fileStartedMs;
    private long lastChunkMs;
    private long messages;
    private long bytesClosed;
    private long failures;
    private String lastError = "";
    private boolean active;
    private BusSubscription subscription;

    /** @return the directory this session writes its files to */
    Path directory() {
        return directory;
    }

    RecordingSession(RecordingOptions options, Path directory, MessageCodec codec, Clock clock, boolean fsync) {
        this.options = options;
        this.directory = directory;
        this.codec = codec;
        this.clock = clock;
        this.fsync = fsync;
        this.stamp = STAMP.format(clock.instant());
        this.epochNanosAtStart = clock.millis() * 1_000_000L;
        this.nanoAtStart = System.nanoTime();
    }

    /** Opens the first file, then subscribes. */
    synchronized void start(EventBus bus, int queueCapacity) {
        try {
            Files.createDirectories(directory);
            openNextFile();
        } catch (IOException e) {
            throw new RecorderException("cannot create a recording in " + directory + ": " + e, e);
        }
        active = true;
        TopicFilter filter = new TopicFilter(options.topics());
        subscription = bus.subscribeAll(t -> filter.test(t.name()), SUBSCRIBER, queueCapacity, this::onMessage);
        LOG.info("recording {} to {}", options.topics().isEmpty() ? "all topics" : options.topics(), writer.path());
    }

    private void openNextFile() throws IOException {
        for (int part = files.size() + 1;; part++) {
            Path p = directory.resolve(String.format("%s-%s-%03d.mcap", options.prefix(), stamp, part));
            try {
                writer = new McapWriter(p, "mechos.memory", fsync,
                        ChunkCompression.valueOf(options.compression().name()));
                break;
            } catch (FileAlreadyExistsException e) {
                LOG.debug("{} exists, trying the next part number", p);
            }
        }
        files.add(writer.path());
        channelIds.clear();
        fileStartedMs = clock.millis();
        lastChunkMs = fileStartedMs;
    }

    synchronized void onMessage(Envelope<?> envelope) {
        if (!active) {
            return;
        }
        try {
            Topic<?> topic = envelope.topic();
            long logTime = logTime(envelope);
            byte[] data = codec.encode(envelope.payload(), envelope.correlationId(), logTime);
            Integer channel = channelIds.get(topic.name());
            if (channel == null) {
                MessageCodec.Schema s = codec.schema(topic.type());
                int schema = writer.addSchema(s.name(), s.encoding(), s.data());
                channel = writer.addChannel(schema, topic.name(), "json",
                        Map.of("mechos.type", topic.type().getName(), "mechos.delivery", topic.delivery().name()));
                channelIds.put(topic.name(), channel);
            }
            writer.addMessage(channel, envelope.sequence(), logTime, envelope.wallMillis() * 1_000_000L, data, 0,
                    data.length);
            messages++;
            if (writer.bufferedBytes() >= options.chunkBytes()) {
                flushChunk();
            }
            splitIfDue();
        } catch (IOException e) {
            writeFailed(e);
        } catch (RuntimeException e) {
            // a payload Jackson cannot encode: count it, keep recording the rest
            failures++;
            lastError = "cannot encode a message on " + envelope.topic().name() + ": " + e.getMessage();
            LOG.warn("recorder: {}", lastError);
        }
    }

    /**
     * Wall-clock log time in ns since the epoch: the bus's wall-clock publish millisecond, refined by the monotonic
     * publish time within it (so messages of one millisecond keep their order and spacing). A wall-clock step
     * (NTP) shows in the log times, as MCAP expects of log_time.
     */
    private long logTime(Envelope<?> envelope) {
        long wallNanos = envelope.wallMillis() * 1_000_000L;
        long monotonic = epochNanosAtStart + (envelope.publishedNanos() - nanoAtStart);
        long withinMilli = Math.floorMod(monotonic, 1_000_000L);
        return wallNanos + withinMilli;
    }

    /** Called periodically: flushes a chunk older than the chunk interval and splits by duration. */
    synchronized void tick() {
        if (!active) {
            return;
        }
        try {
            if (writer.bufferedBytes() > 0 && clock.millis() - lastChunkMs >= options.chunkInterval().toMillis()) {
                flushChunk();
            }
            splitIfDue();
        } catch (IOException e) {
            writeFailed(e);
        }
    }

    private void flushChunk() throws IOException {
        writer.flushChunk();
        lastChunkMs = clock.millis();
    }

    private void splitIfDue() throws IOException {
        boolean bySize = options.splitBytes() > 0 && writer.position() + writer.bufferedBytes() >= options.splitBytes();
        boolean byTime = !options.splitDuration().isZero()
                && clock.millis() - fileStartedMs >= options.splitDuration().toMillis();
        if (bySize || byTime) {
            writer.close();
            bytesClosed += writer.position();
            openNextFile();
            LOG.info("recording continues in {}", writer.path());
        }
    }

    private void writeFailed(IOException e) {
        failures++;
        lastError = "writing " + writer.path() + " failed: " + e.getMessage();
        LOG.error("recorder stopped: {}", lastError, e);
        // the subscription stays until stop(): closing it here, on its own delivery thread, could wait on itself
        active = false;
        try {
            writer.close();
        } catch (IOException closeFailure) {
            LOG.debug("closing {} after a write failure failed too", writer.path(), closeFailure);
        }
    }

    /** Unsubscribes, writes the last chunk and the summary. */
    RecordingStatus stop() {
        BusSubscription sub;
        synchronized (this) {
            sub = subscription;
        }
        if (sub != null) {
            // outside the lock: closing may wait for the delivery thread, which may be in onMessage
            sub.close();
        }
        synchronized (this) {
            if (active) {
                active = false;
                try {
                    writer.close();
                    LOG.info("recording stopped: {} messages in {}", messages, files);
                } catch (IOException e) {
                    failures++;
                    lastError = "closing " + writer.path() + " failed: " + e.getMessage();
                    LOG.error("recorder: {}", lastError, e);
                }
            }
            return status();
        }
    }

    synchronized RecordingStatus status() {
        long dropped = 0;
        if (subscription != null) {
            try {
                dropped = subscription.stats().dropped();
            } catch (RuntimeException e) {
                LOG.debug("subscription statistics unavailable", e);
            }
        }
        long bytes = bytesClosed + (writer == null ? 0 : writer.position());
        return new RecordingStatus(active, active ? writer.path() : null, files, messages, bytes, dropped, failures,
                lastError, options);
    }

    synchronized boolean active() {
        return active;
    }
}
