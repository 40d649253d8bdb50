package mechos.memory.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-loss promise of the memory store (mechos.memory/README.md, "What is promised on power loss") rests on
 * two SQLite settings actually in force on the connection that acknowledges writes: WAL journal mode, and
 * {@code synchronous} FULL (every commit waits for fsync: survives power loss) or NORMAL (the WAL is synced at
 * checkpoints: survives a process crash, a power loss may roll back the last commits). Read them back from SQLite
 * rather than trusting the configuration object.
 */
class DurabilitySettingTest {
    @TempDir
    Path dir;

    private static String pragma(SqliteStore store, String name) throws Exception {
        return store.submit(c -> {
            try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theConfiguredSynchronousLevelIsWhatSqliteUses() throws Exception {
        for (Synchronous level : Synchronous.values()) {
            Path db = dir.resolve(level + ".db");
            StoreOptions defaults = StoreOptions.defaults(db);
            try (SqliteStore store = new SqliteStore(new StoreOptions(db, level, defaults.queueCapacity(),
                    defaults.busyTimeoutMs()), Clock.systemUTC())) {
                store.open().get(10, TimeUnit.SECONDS);
                // SQLite: 1 = NORMAL, 2 = FULL
                assertEquals(level == Synchronous.FULL ? "2" : "1", pragma(store, "synchronous"), level.name());
                assertEquals("wal", pragma(store, "journal_mode"), level.name());
            }
        }
    }
}
