package mechos.memory.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema of memory.db, tracked in {@code PRAGMA user_version}. A migration is appended, never edited:
 * version N is the list's first N entries.
 */
public final class Migrations {
    /** Each entry upgrades from version (index) to version (index + 1). */
    static final List<List<String>> STEPS = List.of(
            // v1: episodic memory and the task board
            List.of("""
                    CREATE TABLE episodes (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      time_ms INTEGER NOT NULL,
                      source TEXT NOT NULL,
                      situation TEXT NOT NULL,
                      intent TEXT NOT NULL,
                      verdict TEXT NOT NULL,
                      outcome TEXT NOT NULL,
                      embedder TEXT,
                      dim INTEGER,
                      vec BLOB)""",
                    "CREATE INDEX episodes_time ON episodes(time_ms)",
                    """
                    CREATE TABLE tasks (
                      id TEXT PRIMARY KEY,
                      title TEXT NOT NULL,
                      payload TEXT NOT NULL,
                      priority INTEGER NOT NULL,
                      state TEXT NOT NULL,
                      claimant TEXT,
                      claim_token INTEGER NOT NULL DEFAULT 0,
                      lease_expires_ms INTEGER,
                      created_ms INTEGER NOT NULL,
                      updated_ms INTEGER NOT NULL,
                      result TEXT NOT NULL DEFAULT '')""",
                    "CREATE INDEX tasks_claimable ON tasks(state, priority DESC, created_ms)"),
            // v2: semantic state
            List.of("""
                    CREATE TABLE semantic_labels (
                      label TEXT PRIMARY KEY,
                      embedder TEXT NOT NULL,
                      dim INTEGER NOT NULL,
                      mean BLOB NOT NULL,
                      observations INTEGER NOT NULL,
                      confidence REAL NOT NULL,
                      updated_ms INTEGER NOT NULL,
                      last_observed_ms INTEGER NOT NULL)"""));

    /** The schema version this build writes. */
    public static final int LATEST = STEPS.size();

    private Migrations() {
    }

    public static int version(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Upgrades to {@code target} inside one write transaction (re-reading the version under the lock, so two
     * processes opening the same old file migrate it once).
     *
     * @return the version found before upgrading
     */
    public static int upgrade(Connection c, int target) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        SQLException failure = null;
        try (Statement st = c.createStatement()) {
            int found = version(c);
            for (int v = found; v < target; v++) {
                for (String sql : STEPS.get(v)) {
                    st.execute(sql);
                }
            }
            if (found < target) {
                st.execute("PRAGMA user_version = " + target);
            }
            c.commit();
            return found;
        } catch (SQLException e) {
            failure = e;
            rollBack(c, e);
            throw e;
        } finally {
            // after a failure (SQLITE_FULL rolls the transaction back by itself) restoring auto-commit can fail
            // too ("cannot commit - no transaction is active"): the real cause must stay the one reported
            try {
                c.setAutoCommit(auto);
            } catch (SQLException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    private static void rollBack(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
