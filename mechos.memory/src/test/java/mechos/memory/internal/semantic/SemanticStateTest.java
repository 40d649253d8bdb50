package mechos.memory.internal.semantic;

import static mechos.memory.testsupport.Await.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.memory.api.DimensionMismatchException;
import mechos.memory.api.Embedding;
import mechos.memory.api.LabelState;
import mechos.memory.internal.embed.LexicalEmbedder;
import mechos.memory.internal.store.SqliteStore;
import mechos.memory.internal.store.StoreOptions;
import mechos.memory.testsupport.MutableClock;

/** Decay and pruning follow the (injected) wall clock: no sleeps. */
class SemanticStateTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LexicalEmbedder embedder = new LexicalEmbedder(32);
    private final SqliteSemanticState.Options options =
            new SqliteSemanticState.Options(Duration.ofSeconds(100), 0.5, 0.1);
    private SqliteStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private SqliteSemanticState open() {
        if (store != null) {
            store.close();
        }
        store = new SqliteStore(StoreOptions.defaults(dir.resolve("memory.db")), clock);
        store.open();
        return new SqliteSemanticState(store, () -> embedder, options, clock);
    }

    @Test
    void confidenceRisesWithObservationsAndHalvesPerHalfLife() {
        SqliteSemanticState s = open();
        LabelState first = get(s.observe("kitchen", "tiled floor fridge sink"));
        assertEquals(0.5, first.confidence(), 1e-9);
        LabelState second = get(s.observe("kitchen", "fridge humming"));
        assertEquals(0.75, second.confidence(), 1e-9);
        assertEquals(2, second.observations());

        clock.advance(Duration.ofSeconds(100));
        assertEquals(0.375, get(s.get("kitchen")).orElseThrow().confidence(), 1e-9);
        clock.advance(Duration.ofSeconds(100));
        assertEquals(0.1875, get(s.get("kitchen")).orElseThrow().confidence(), 1e-9);
        // a fresh observation starts from the decayed value
        assertEquals(0.1875 + (1 - 0.1875) * 0.5, get(s.observe("kitchen", "sink")).confidence(), 1e-9);
    }

    @Test
    void meanEmbeddingIsTheAverageOfObservations() {
        SqliteSemanticState s = open();
        float[] a = new float[32];
        float[] b = new float[32];
        a[0] = 1;
        b[1] = 1;
        get(s.observe("x", new Embedding(embedder.id(), a)));
        LabelState st = get(s.observe("x", new Embedding(embedder.id(), b)));
        assertEquals(0.5f, st.mean().vector()[0], 1e-6);
        assertEquals(0.5f, st.mean().vector()[1], 1e-6);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> s.observe("x", new Embedding(embedder.id(), new float[8])).get());
        assertInstanceOf(DimensionMismatchException.class, e.getCause());
    }

    @Test
    void belowThresholdIsPrunedAndStaysPrunedAfterRestart() {
        SqliteSemanticState s = open();
        get(s.observe("door-open", "the door is open"));
        get(s.observe("hallway", "long hallway"));
        clock.advance(Duration.ofSeconds(150));
        get(s.observe("hallway", "hallway again")); // refreshed, survives
        // door-open: 0.5 * 0.5^(150/100 + 100/100) = 0.088 < 0.1 after another 100 s
        clock.advance(Duration.ofSeconds(100));
        assertEquals(1, get(s.prune()));
        assertTrue(get(s.get("door-open")).isEmpty());
        assertEquals(1, get(s.list()).size());

        SqliteSemanticState again = open();
        assertTrue(get(again.get("door-open")).isEmpty());
        LabelState hall = get(again.get("hallway")).orElseThrow();
        assertEquals(2, hall.observations());
        // persisted value decays from the stored time: real elapsed time also counts across restarts
        double atObservation = 0.5 * Math.pow(0.5, 1.5) + (1 - 0.5 * Math.pow(0.5, 1.5)) * 0.5;
        assertEquals(atObservation * 0.5, hall.confidence(), 1e-9);
    }

    @Test
    void nearestLabelsBySimilarity() {
        SqliteSemanticState s = open();
        get(s.observe("kitchen", "fridge sink oven"));
        get(s.observe("garage", "car tools workbench"));
        assertEquals("garage", get(s.nearest("tools on the workbench", 1)).get(0).state().label());
    }
}
