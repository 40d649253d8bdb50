package mechos.bench.memory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

import mechos.memory.api.Embedding;
import mechos.memory.api.Episode;
import mechos.memory.api.NewEpisode;
import mechos.memory.api.RecallQuery;
import mechos.memory.api.RecallResult;
import mechos.memory.api.RetentionPolicy;
import mechos.memory.internal.embed.LexicalEmbedder;
import mechos.memory.internal.episodic.SqliteEpisodicMemory;
import mechos.memory.internal.store.SqliteStore;
import mechos.memory.internal.store.StoreOptions;

/**
 * Recall latency (sample mode: JMH reports p50/p90/p99) of top-10 by cosine over {@code episodes} stored episodes
 * of 384 dimensions: exact scan of the in-RAM index, then reading the 10 winning rows from SQLite. The store is
 * filled once per trial and then reopened, so the index is loaded from the file as after a restart.
 * {@code query=vector} passes a 384-dim vector; {@code query=text} also embeds the query text.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RecallBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class RecallBench {
    private static final int DIM = 384;

    @Param({"100000"})
    public int episodes;

    @Param({"vector", "text"})
    public String query;

    private Path dir;
    private SqliteStore store;
    private SqliteEpisodicMemory memory;
    private final Random random = new Random(42);
    private final LexicalEmbedder embedder = new LexicalEmbedder(DIM);

    private float[] randomVector() {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    @Setup(Level.Trial)
    public void fill() throws Exception {
        dir = MemoryBenchSupport.tempDir("bench-recall");
        StoreOptions options = new StoreOptions(dir.resolve("memory.db"),
                mechos.memory.internal.store.Synchronous.NORMAL, 200_000, 5000);
        SqliteStore filling = new SqliteStore(options, Clock.systemUTC());
        filling.open().get();
        SqliteEpisodicMemory m = new SqliteEpisodicMemory(filling, embedder, new RetentionPolicy(0, Duration.ZERO),
                Clock.systemUTC());
        m.start().get();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<CompletableFuture<Episode>> acks = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            acks.add(m.record(new NewEpisode(t0.plusSeconds(i), "agent-" + (i % 4), "situation " + i, "{}",
                    "APPROVED", "ok", new Embedding(embedder.id(), randomVector()))));
            if (acks.size() == 10_000) {
                for (CompletableFuture<Episode> f : acks) {
                    f.get();
                }
                acks.clear();
            }
        }
        for (CompletableFuture<Episode> f : acks) {
            f.get();
        }
        filling.close();
        store = new SqliteStore(options, Clock.systemUTC());
        store.open().get();
        memory = new SqliteEpisodicMemory(store, embedder, new RetentionPolicy(0, Duration.ZERO), Clock.systemUTC());
        memory.start().get();
        if (memory.count().get() != episodes) {
            throw new IllegalStateException("expected " + episodes + " episodes");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
        MemoryBenchSupport.deleteTree(dir);
    }

    @Benchmark
    public RecallResult recallTop10() throws Exception {
        RecallQuery q = "text".equals(query)
                ? RecallQuery.text("situation near the kitchen door " + random.nextInt(episodes), 10)
                : RecallQuery.vector(new Embedding(embedder.id(), randomVector()), 10);
        RecallResult r = memory.recall(q).get();
        if (r.hits().size() != 10) {
            throw new IllegalStateException("expected 10 hits, got " + r.hits().size());
        }
        return r;
    }
}
