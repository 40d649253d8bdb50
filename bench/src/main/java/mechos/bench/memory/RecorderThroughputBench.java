package mechos.bench.memory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import mechos.kernel.api.bus.Topic;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.RecordingStatus;
import mechos.memory.internal.recorder.BusRecorder;
import mechos.memory.internal.recorder.MessageCodec;
import mechos.memory.internal.recorder.RecorderConfig;
import mechos.platform.api.RunDirectory;

/**
 * Recorder throughput: one op = one message published on a (synchronous) bus and recorded, for payloads of about
 * 100 bytes and 100 KiB of JSON. {@code sink=mcap-zstd} is the production recorder ({@link BusRecorder}: JSON
 * encoding, 1 MiB chunks with CRC32 compressed with zstd level 3, message indexes, written to the page cache);
 * {@code mcap-lz4} and {@code mcap-none} the other chunk compressions; {@code sink=sqlite} inserts the same
 * encoded messages into SQLite (WAL, synchronous=NORMAL, one transaction per 1000 messages) in the same run.
 * The payload byte rate is reported as the {@code payloadBytes} counter (bytes/s).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RecorderThroughputBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RecorderThroughputBench {
    /** The recorded message type. */
    public record Blob(long n, String data) {
    }

    private static final Topic<Blob> TOPIC = Topic.reliable("bench/blob", Blob.class);

    @Param({"100", "102400"})
    public int payloadSize;

    /** mcap-zstd is the production default; mcap-lz4 and mcap-none the alternatives; sqlite a comparison. */
    @Param({"mcap-zstd", "mcap-lz4", "mcap-none", "sqlite"})
    public String sink;

    /** Payload bytes recorded per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long payloadBytes;

        @Setup(Level.Iteration)
        public void reset() {
            payloadBytes = 0;
        }
    }

    private Path dir;
    private MemoryBenchSupport.DirectBus bus;
    private BusRecorder recorder;
    private Connection sqlite;
    private PreparedStatement insert;
    private final MessageCodec codec = new MessageCodec();
    private String data;
    private int encodedPayloadSize;
    private long n;

    @Setup(Level.Iteration)
    public void open() throws Exception {
        dir = MemoryBenchSupport.tempDir("bench-recorder");
        // {"n":1234567,"data":"..."} : 20 bytes of structure around the string; random letters and digits
        // (about 6 bits of entropy per byte) so compression is not flattered by a repeated character
        java.util.Random random = new java.util.Random(17);
        StringBuilder sb = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < Math.max(1, payloadSize - 20); i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        data = sb.toString();
        encodedPayloadSize = codec.mapper().writeValueAsBytes(new Blob(1_234_567, data)).length;
        if (sink.startsWith("mcap")) {
            bus = new MemoryBenchSupport.DirectBus();
            Path d = dir;
            RunDirectory run = () -> d;
            recorder = new BusRecorder(MemoryBenchSupport.config(RecorderConfig.class, Map.of()), bus, run);
            recorder.start(RecordingOptions.allTopics().withDirectory(dir).withSplit(0, java.time.Duration.ZERO)
                    .withCompression(mechos.memory.api.RecordingCompression.valueOf(
                            sink.substring("mcap-".length()).toUpperCase(java.util.Locale.ROOT))));
        } else {
            sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("messages.db"));
            try (Statement st = sqlite.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, topic TEXT, log_time INTEGER, data BLOB)");
            }
            sqlite.setAutoCommit(false);
            insert = sqlite.prepareStatement("INSERT INTO messages(topic, log_time, data) VALUES (?,?,?)");
        }
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
        if (recorder != null) {
            RecordingStatus s = recorder.stop();
            if (s.failures() > 0) {
                throw new IllegalStateException("recorder failures: " + s.lastError());
            }
            recorder = null;
        }
        if (sqlite != null) {
            sqlite.commit();
            insert.close();
            sqlite.close();
            sqlite = null;
        }
        MemoryBenchSupport.deleteTree(dir);
    }

    @Benchmark
    public void record(Bytes bytes) throws Exception {
        Blob b = new Blob(n++, data);
        if (recorder != null) {
            bus.publish(TOPIC, b, null);
        } else {
            insert.setString(1, TOPIC.name());
            insert.setLong(2, System.nanoTime());
            insert.setBytes(3, codec.encode(b, null, System.currentTimeMillis() * 1_000_000L));
            insert.executeUpdate();
            if (n % 1000 == 0) {
                sqlite.commit();
            }
        }
        bytes.payloadBytes += encodedPayloadSize;
    }
}
