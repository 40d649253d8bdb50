package mechos.memory.internal.store;

import static mechos.memory.testsupport.Await.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.memory.api.MemoryException;
import mechos.memory.api.NewEpisode;
import mechos.memory.api.NewTask;
import mechos.memory.api.RecallQuery;
import mechos.memory.api.RetentionPolicy;
import mechos.memory.api.StoreHealth;
import mechos.memory.api.StoreStatus;
import mechos.memory.internal.embed.LexicalEmbedder;
import mechos.memory.internal.episodic.SqliteEpisodicMemory;
import mechos.memory.internal.tasks.SqliteTaskBoard;
import mechos.memory.testsupport.MutableClock;

/** Read-only locations, corrupt files, newer schemas, a full disk: DEGRADED with a reason, never an exception. */
class BadStorageTest {
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

    private StoreHealth openAt(Path db) {
        store = new SqliteStore(StoreOptions.defaults(db), clock);
        return get(store.open());
    }

    private SqliteEpisodicMemory memory() {
        SqliteEpisodicMemory m = new SqliteEpisodicMemory(store, new LexicalEmbedder(32),
                new RetentionPolicy(0, Duration.ZERO), clock);
        m.start();
        return m;
    }

    /** RAM fallback: recall keeps working, but writes say clearly they are not durable. */
    private void assertServesFromRam(SqliteEpisodicMemory m) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> m.record(NewEpisode.of(clock.instant(), "a", "door open", "", "", "")).get());
        assertInstanceOf(MemoryException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("not durable"), e.getCause().getMessage());
        assertEquals("door open", get(m.recall(RecallQuery.text("door", 1))).hits().get(0).episode().situation());
    }

    @Test
    void corruptFileIsDegradedWithReason() throws Exception {
        Path db = dir.resolve("memory.db");
        byte[] junk = new byte[8192];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 31 + 7);
        }
        Files.write(db, junk);
        StoreHealth h = openAt(db);
        assertEquals(StoreStatus.DEGRADED, h.status());
        assertTrue(h.reason().contains("cannot open " + db), h.reason());
        assertServesFromRam(memory());
        // the corrupt file is left as it was, for forensics
        assertEquals(8192, Files.size(db));
    }

    @Test
    void truncatedDatabaseIsDegraded() throws Exception {
        Path db = dir.resolve("memory.db");
        openAt(db);
        SqliteEpisodicMemory m = memory();
        for (int i = 0; i < 200; i++) {
            m.record(NewEpisode.of(clock.instant(), "a", "filler " + i + " ".repeat(200), "", "", ""));
        }
        get(m.count());
        store.close();
        store = null;
        Files.deleteIfExists(dir.resolve("memory.db-wal"));
        Files.deleteIfExists(dir.resolve("memory.db-shm"));
        byte[] all = Files.readAllBytes(db);
        byte[] header = java.util.Arrays.copyOf(all, 100);
        byte[] damaged = new byte[all.length];
        System.arraycopy(header, 0, damaged, 0, 100);
        java.util.Arrays.fill(damaged, 100, damaged.length, (byte) 0x5a);
        Files.write(db, damaged);
        StoreHealth h = openAt(db);
        assertEquals(StoreStatus.DEGRADED, h.status(), h.reason());
        assertTrue(h.reason().contains(db.toString()), h.reason());
    }

    @Test
    void newerSchemaIsRefusedWithClearMessage() throws Exception {
        Path db = dir.resolve("memory.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE future_things(x)");
            st.execute("PRAGMA user_version = " + (Migrations.LATEST + 5));
        }
        byte[] before = Files.readAllBytes(db);
        StoreHealth h = openAt(db);
        assertEquals(StoreStatus.DEGRADED, h.status());
        assertTrue(h.reason().contains("schema version " + (Migrations.LATEST + 5)), h.reason());
        assertTrue(h.reason().contains("newer than this MechOS build supports"), h.reason());
        assertServesFromRam(memory());
        // untouched: refusing means not one byte written (issue 18, storage defect 3: it was converted to WAL)
        store.close();
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(db), "the refused file changed");
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(Path.of(db + "-wal")), "a WAL was created");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                var rs = st.executeQuery("PRAGMA user_version")) {
            rs.next();
            assertEquals(Migrations.LATEST + 5, rs.getInt(1));
        }
    }

    @Test
    void olderSchemaIsUpgradedKeepingData() throws Exception {
        Path db = dir.resolve("memory.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            Migrations.upgrade(c, 1);
            st.execute("INSERT INTO episodes(time_ms, source, situation, intent, verdict, outcome) "
                    + "VALUES (0, 'old', 'from version one', '', '', '')");
        }
        StoreHealth h = openAt(db);
        assertEquals(StoreStatus.OK, h.status(), h.reason());
        SqliteEpisodicMemory m = memory();
        // the v1 row had no vector: it is embedded, not skipped
        mechos.memory.testsupport.Await.until("re-embedding", Duration.ofSeconds(10),
                () -> get(m.recall(RecallQuery.text("version one", 1))).pendingReembed() == 0);
        assertEquals("from version one", get(m.recall(RecallQuery.text("version one", 1))).hits().get(0).episode()
                .situation());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertEquals(Migrations.LATEST, Migrations.version(c));
        }
    }

    @Test
    void unwritableLocationIsDegradedAndTaskBoardFailsCleanly() {
        // /proc refuses new directories and files even for root
        Path db = Path.of("/proc/mechos-memory-test/memory.db");
        StoreHealth h = openAt(db);
        assertEquals(StoreStatus.DEGRADED, h.status());
        assertTrue(h.reason().contains("cannot create directory"), h.reason());
        assertServesFromRam(memory());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> new SqliteTaskBoard(store, clock).post(new NewTask("t", "", 1)).get());
        assertTrue(e.getCause().getMessage().contains("not writable"), e.getCause().getMessage());
    }

    @Test
    void directoryPathThatIsAFileIsDegraded() throws Exception {
        Path notADir = dir.resolve("plain-file");
        Files.writeString(notADir, "x", StandardCharsets.UTF_8);
        StoreHealth h = openAt(notADir.resolve("memory.db"));
        assertEquals(StoreStatus.DEGRADED, h.status());
        assertTrue(h.reason().contains("cannot create directory"), h.reason());
    }

    /** Disk full, simulated with SQLite's page limit: DEGRADED while full, OK again once a write succeeds. */
    @Test
    void diskFullDegradesAndRecovers() {
        Path db = dir.resolve("memory.db");
        assertEquals(StoreStatus.OK, openAt(db).status());
        SqliteEpisodicMemory m = memory();
        get(m.record(NewEpisode.of(clock.instant(), "a", "before", "", "", "")));
        get(store.submit(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA max_page_count = " + pageCount(c));
            }
            return null;
        }));
        ExecutionException e = assertThrows(ExecutionException.class, () -> m.record(
                NewEpisode.of(clock.instant(), "a", "big ".repeat(20_000), "", "", "")).get());
        assertTrue(e.getCause().getMessage().contains("not durable"), e.getCause().getMessage());
        StoreHealth h = store.health();
        assertEquals(StoreStatus.DEGRADED, h.status());
        assertTrue(h.reason().toLowerCase().contains("full"), h.reason());
        // still recalls, including the episode that could not be stored
        assertEquals(2, get(m.recall(RecallQuery.text("big before", 5))).hits().size());

        get(store.submit(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA max_page_count = 1073741823");
            }
            return null;
        }));
        get(m.record(NewEpisode.of(clock.instant(), "a", "after", "", "", "")));
        assertEquals(StoreStatus.OK, store.health().status());
    }

    private static long pageCount(Connection c) throws Exception {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void fullQueueFailsFastInsteadOfBlocking() {
        store = new SqliteStore(new StoreOptions(dir.resolve("memory.db"), Synchronous.NORMAL, 1, 1000), clock);
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        store.submit(c -> {
            gate.await(); // occupies the thread
            return null;
        });
        store.submit(c -> null); // fills the queue (capacity 1), the open task may already be queued too
        java.util.concurrent.CompletableFuture<Object> rejected = store.submit(c -> null);
        ExecutionException e = assertThrows(ExecutionException.class, rejected::get);
        assertTrue(e.getCause().getMessage().contains("queue is full"), e.getCause().getMessage());
        gate.countDown();
    }

    @Test
    void ramFallbackIsBoundedByRetention() {
        openAt(Path.of("/proc/mechos-memory-test/memory.db"));
        SqliteEpisodicMemory m = new SqliteEpisodicMemory(store, new LexicalEmbedder(32),
                new RetentionPolicy(3, Duration.ZERO), clock);
        m.start();
        java.util.List<java.util.concurrent.CompletableFuture<mechos.memory.api.Episode>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(m.record(NewEpisode.of(clock.instant().plusSeconds(i), "a", "event " + i, "", "", "")));
        }
        all.forEach(f -> f.handle((e, t) -> t).join());
        assertEquals(3L, get(m.count()));
        assertTrue(get(m.recall(RecallQuery.text("event", 5))).hits().stream()
                .noneMatch(h -> h.episode().situation().equals("event 0")));
    }
}
