package mechos.memory.internal.recorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import mechos.memory.api.RecordedMessage;
import mechos.memory.api.RecorderException;
import mechos.memory.api.RecordingFile;
import mechos.memory.api.RecordingInfo;
import mechos.memory.api.TopicSummary;
import mechos.memory.internal.mcap.McapReader;

/** Reading recordings into API values: inspection and full reads. */
final class RecordingFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingFiles.class);

    private RecordingFiles() {
    }

    static String typeOf(McapReader.Channel channel) {
        String t = channel.metadata().get("mechos.type");
        return t != null ? t : channel.schemaName();
    }

    static RecordedMessage toRecorded(MessageCodec codec, McapReader.Message m) throws IOException {
        if (!"json".equals(m.channel().messageEncoding())) {
            throw new IOException("message encoding '" + m.channel().messageEncoding() + "' of " + m.channel().topic()
                    + " cannot be decoded (MechOS reads json channels)");
        }
        JsonNode node = codec.tree(m.data());
        String schema = m.channel().schemaName();
        JsonNode payload = codec.payloadTree(m.data(), schema, typeOf(m.channel()));
        return new RecordedMessage(m.channel().topic(), typeOf(m.channel()), m.logTime(), m.sequence(),
                codec.correlationId(node, schema), payload.toString());
    }

    /** @return the .mcap files of {@code dir}, newest first, at most {@code max}; empty if it cannot be read */
    static List<RecordingFile> list(Path dir, int max) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<RecordingFile> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".mcap")).forEach(f -> {
                try {
                    out.add(new RecordingFile(f.toAbsolutePath(), Files.size(f),
                            Files.getLastModifiedTime(f).toMillis()));
                } catch (IOException e) {
                    LOG.debug("cannot read {} (removed while listing?)", f, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot list recordings in {}: {}", dir, e.getMessage());
            return List.of();
        }
        out.sort(Comparator.comparingLong(RecordingFile::modifiedMillis).reversed()
                .thenComparing(r -> r.file().getFileName().toString(), Comparator.reverseOrder()));
        return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
    }

    static RecordingInfo inspect(Path file) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        McapReader.Scan scan;
        try {
            scan = McapReader.read(file, m -> {
                counts.computeIfAbsent(m.channel().topic(), k -> new long[1])[0]++;
                types.putIfAbsent(m.channel().topic(), typeOf(m.channel()));
                range[0] = Math.min(range[0], m.logTime());
                range[1] = Math.max(range[1], m.logTime());
                return true;
            });
        } catch (IOException | RuntimeException e) {
            throw new RecorderException("cannot read recording " + file + ": " + e.getMessage(), e);
        }
        List<TopicSummary> topics = new ArrayList<>();
        counts.forEach((topic, n) -> topics.add(new TopicSummary(topic, types.get(topic), n[0])));
        Instant start = scan.messages() == 0 ? null : nanosToInstant(range[0]);
        Instant end = scan.messages() == 0 ? null : nanosToInstant(range[1]);
        return new RecordingInfo(file, scan.complete(), topics, scan.messages(), start, end, scan.chunks(),
                scan.unreadableTail());
    }

    static List<RecordedMessage> read(MessageCodec codec, Path file) {
        List<RecordedMessage> out = new ArrayList<>();
        Map<String, String> undecodable = new LinkedHashMap<>();
        try {
            McapReader.read(file, m -> {
                if (!"json".equals(m.channel().messageEncoding())) {
                    undecodable.putIfAbsent(m.channel().topic(), m.channel().messageEncoding());
                    return true;
                }
                return out.add(toRecorded(codec, m));
            });
        } catch (IOException | RuntimeException e) {
            throw new RecorderException("cannot read recording " + file + ": " + e.getMessage(), e);
        }
        if (!undecodable.isEmpty()) {
            LOG.warn("{}: messages of {} skipped: MechOS decodes json channels only (encoding by topic)", file,
                    undecodable);
        }
        return out;
    }

    static Instant nanosToInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Human-readable inspection, for the shell. */
    static String format(RecordingInfo info) {
        StringBuilder sb = new StringBuilder();
        sb.append(info.file()).append('\n');
        sb.append(info.complete() ? "complete" : "INCOMPLETE (recovered chunk by chunk; "
                + info.unreadableTail() + " unreadable bytes at the end)").append('\n');
        sb.append("messages: ").append(info.messages()).append(" in ").append(info.chunks()).append(" chunks\n");
        if (info.start() != null) {
            sb.append("time: ").append(info.start()).append(" .. ").append(info.end()).append(" (")
                    .append(java.time.Duration.between(info.start(), info.end())).append(")\n");
        }
        for (TopicSummary t : info.topics()) {
            sb.append(String.format("  %-40s %10d  %s%n", t.topic(), t.messages(), t.type()));
        }
        return sb.toString();
    }
}
