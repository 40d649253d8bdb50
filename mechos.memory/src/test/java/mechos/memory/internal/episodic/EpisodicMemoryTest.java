package mechos.memory.internal.episodic;

import static mechos.memory.testsupport.Await.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.memory.api.DimensionMismatchException;
import mechos.memory.api.Embedder;
import mechos.memory.api.Embedding;
import mechos.memory.api.Episode;
import mechos.memory.api.NewEpisode;
import mechos.memory.api.RecallQuery;
import mechos.memory.api.RecallResult;
import mechos.memory.api.RetentionPolicy;
import mechos.memory.internal.embed.LexicalEmbedder;
import mechos.memory.internal.store.SqliteStore;
import mechos.memory.internal.store.StoreOptions;
import mechos.memory.testsupport.MutableClock;

class EpisodicMemoryTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SqliteStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private SqliteEpisodicMemory open(RetentionPolicy retention) {
        if (store != null) {
            store.close();
        }
        store = new SqliteStore(StoreOptions.defaults(dir.resolve("memory.db")), clock);
        store.open();
        SqliteEpisodicMemory m = new SqliteEpisodicMemory(store, new LexicalEmbedder(64), retention, clock);
        m.start();
        return m;
    }

    private static NewEpisode ep(Instant t, String source, String situation) {
        return NewEpisode.of(t, source, situation, "{\"action\":\"stop\"}", "APPROVED", "ok");
    }

    @Test
    void recallsMostSimilarFirstAndFiltersBySourceAndTime() {
        SqliteEpisodicMemory m = open(new RetentionPolicy(0, Duration.ZERO));
        Instant t0 = clock.instant();
        get(m.record(ep(t0, "agent-a", "the kitchen door is blocked by a box")));
        get(m.record(ep(t0.plusSeconds(10), "agent-b", "battery low returning to the charging dock")));
        get(m.record(ep(t0.plusSeconds(20), "agent-a", "a person is standing in the hallway")));

        RecallResult r = get(m.recall(RecallQuery.text("box blocking the kitchen door", 2)));
        assertEquals("the kitchen door is blocked by a box", r.hits().get(0).episode().situation());
        assertTrue(r.hits().get(0).similarity() > r.hits().get(1).similarity());
        assertEquals(0, r.pendingReembed());

        RecallResult bySource = get(m.recall(RecallQuery.text("battery dock", 3).fromSource("agent-a")));
        assertTrue(bySource.hits().stream().allMatch(h -> h.episode().source().equals("agent-a")));
        assertEquals(2, bySource.hits().size());

        RecallResult byTime = get(m.recall(RecallQuery.text("anything", 3).between(t0.plusSeconds(5), t0.plusSeconds(15))));
        assertEquals(1, byTime.hits().size());
        assertEquals("agent-b", byTime.hits().get(0).episode().source());
    }

    @Test
    void episodesSurviveReopening() {
        SqliteEpisodicMemory m = open(new RetentionPolicy(0, Duration.ZERO));
        Episode stored = get(m.record(ep(clock.instant(), "a", "red ball under the table")));
        assertTrue(stored.id() > 0);
        assertEquals("lexical-fh-v1-64", stored.embedding().embedderId());
        assertEquals(64, stored.embedding().dimension());

        SqliteEpisodicMemory again = open(new RetentionPolicy(0, Duration.ZERO));
        assertEquals(1L, get(again.count()));
        RecallResult r = get(again.recall(RecallQuery.text("ball under table", 1)));
        assertEquals(stored.id(), r.hits().get(0).episode().id());
        assertEquals("{\"action\":\"stop\"}", r.hits().get(0).episode().intent());
    }

    @Test
    void wrongDimensionIsAnErrorNeverSilentlySkipped() {
        SqliteEpisodicMemory m = open(new RetentionPolicy(0, Duration.ZERO));
        NewEpisode bad = new NewEpisode(clock.instant(), "a", "x", "", "", "", new Embedding("lexical-fh-v1-64",
                new float[32]));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> m.record(bad).get());
        DimensionMismatchException dm = assertInstanceOf(DimensionMismatchException.class, e.getCause());
        assertEquals(64, dm.expected());
        assertEquals(32, dm.actual());

        ExecutionException q = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> m.recall(RecallQuery.vector(new Embedding("lexical-fh-v1-64", new float[10]), 1)).get());
        assertInstanceOf(DimensionMismatchException.class, q.getCause());
        assertEquals(0L, get(m.count()));
    }

    /** A different embedder with a different dimension: stored episodes are re-embedded, not skipped. */
    @Test
    void embedderChangeReembedsStoredEpisodes() {
        SqliteEpisodicMemory m = open(new RetentionPolicy(0, Duration.ZERO));
        for (int i = 0; i < 300; i++) {
            m.record(ep(clock.instant().plusSeconds(i), "a", "episode number " + i + (i == 150 ? " zebra" : "")));
        }
        get(m.record(ep(clock.instant(), "a", "last")));
        LexicalEmbedder big = new LexicalEmbedder(128);
        Embedder other = new Embedder() {
            @Override
            public String id() {
                return "other-128";
            }

            @Override
            public int dimension() {
                return 128;
            }

            @Override
            public float[] embed(String text) {
                return big.embed(text);
            }
        };
        m.setEmbedder(other);
        RecallResult r = get(m.recall(RecallQuery.text("zebra", 1)));
        assertEquals("other-128", r.embedderId());
        assertEquals(128, r.dimension());
        // either already re-embedded or honestly counted as pending; eventually none is pending
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (r.pendingReembed() > 0 && System.nanoTime() < deadline) {
            r = get(m.recall(RecallQuery.text("zebra", 1)));
        }
        assertEquals(0, r.pendingReembed());
        assertTrue(r.hits().get(0).episode().situation().contains("zebra"));
        assertEquals("other-128", r.hits().get(0).episode().embedding().embedderId());

        // after a restart with the new embedder nothing needs re-embedding
        store.close();
        store = new SqliteStore(StoreOptions.defaults(dir.resolve("memory.db")), clock);
        store.open();
        SqliteEpisodicMemory again = new SqliteEpisodicMemory(store, new LexicalEmbedder(64),
                new RetentionPolicy(0, Duration.ZERO), clock);
        again.setEmbedder(other);
        again.start();
        assertEquals(0, get(again.recall(RecallQuery.text("zebra", 1))).pendingReembed());
    }

    @Test
    void failingEmbedderStoresEpisodeAndCountsItPending() {
        SqliteEpisodicMemory m = open(new RetentionPolicy(0, Duration.ZERO));
        m.setEmbedder(new Embedder() {
            @Override
            public String id() {
                return "down";
            }

            @Override
            public int dimension() {
                return 8;
            }

            @Override
            public float[] embed(String text) throws Exception {
                throw new java.io.IOException("model not loaded");
            }
        });
        Episode e = get(m.record(ep(clock.instant(), "a", "stored without a vector")));
        assertEquals(null, e.embedding());
        assertEquals(1L, get(m.count()));
        m.setEmbedder(null);
        Awaitable.reembedded(m);
    }

    /** helper to poll until nothing is pending */
    static final class Awaitable {
        static void reembedded(SqliteEpisodicMemory m) {
            mechos.memory.testsupport.Await.until("re-embedding", Duration.ofSeconds(20),
                    () -> get(m.recall(RecallQuery.text("stored", 1))).pendingReembed() == 0);
            assertEquals("stored without a vector",
                    get(m.recall(RecallQuery.text("stored", 1))).hits().get(0).episode().situation());
        }
    }

    @Test
    void retentionPrunesOldestByCountAndByAge() {
        SqliteEpisodicMemory m = open(new RetentionPolicy(5, Duration.ofHours(1)));
        Instant t0 = clock.instant();
        List<CompletableFuture<Episode>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(m.record(ep(t0.plusSeconds(i), "a", "event " + i)));
        }
        all.forEach(f -> get(f));
        get(m.applyRetention());
        assertEquals(5L, get(m.count()));
        RecallResult r = get(m.recall(RecallQuery.text("event", 10)));
        assertTrue(r.hits().stream().noneMatch(h -> h.episode().situation().equals("event 0")));

        clock.advance(Duration.ofMinutes(61));
        // the write applies the age limit on its way (the last check was over a minute ago)
        get(m.record(ep(clock.instant(), "a", "fresh")));
        get(m.applyRetention());
        assertEquals(1L, get(m.count()));
        assertEquals("fresh", get(m.recall(RecallQuery.text("event", 10))).hits().get(0).episode().situation());
    }
}
