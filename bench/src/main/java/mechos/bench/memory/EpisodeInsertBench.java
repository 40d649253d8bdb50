package mechos.bench.memory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import mechos.memory.api.Episode;
import mechos.memory.api.NewEpisode;
import mechos.memory.api.RetentionPolicy;
import mechos.memory.internal.embed.LexicalEmbedder;
import mechos.memory.internal.episodic.SqliteEpisodicMemory;
import mechos.memory.internal.store.SqliteStore;
import mechos.memory.internal.store.StoreOptions;
import mechos.memory.internal.store.Synchronous;

/**
 * Durable episode inserts per second: one op = one episode acknowledged (committed), including embedding its
 * situation with the 384-dimension lexical embedder. 1000 episodes are in flight per invocation, as when a busy
 * robot records faster than one commit takes (they are group-committed).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar EpisodeInsertBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EpisodeInsertBench {
    private static final int BATCH = 1000;

    @Param({"NORMAL", "FULL"})
    public String synchronous;

    private Path dir;
    private SqliteStore store;
    private SqliteEpisodicMemory memory;
    private long n;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = MemoryBenchSupport.tempDir("bench-insert");
        store = new SqliteStore(new StoreOptions(dir.resolve("memory.db"), Synchronous.valueOf(synchronous), 100_000,
                5000), Clock.systemUTC());
        store.open().get();
        memory = new SqliteEpisodicMemory(store, new LexicalEmbedder(384), new RetentionPolicy(0, Duration.ZERO),
                Clock.systemUTC());
        memory.start().get();
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
        MemoryBenchSupport.deleteTree(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long insert() throws Exception {
        List<CompletableFuture<Episode>> acks = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            long k = n++;
            acks.add(memory.record(NewEpisode.of(Instant.now(), "bench", "the robot saw obstacle " + k
                    + " near the kitchen door while patrolling", "{\"action\":\"stop\"}", "APPROVED", "stopped")));
        }
        long last = 0;
        for (CompletableFuture<Episode> f : acks) {
            last = f.get().id();
        }
        return last;
    }
}
