package mechos.memory.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, storage defect 2: a failed migration reports its real cause. */
class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void aFullDatabaseDuringMigrationReportsFullNotNoTransaction() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db"));
                Statement st = c.createStatement()) {
            st.execute("PRAGMA max_page_count = 2"); // room for the header page and little else: SQLITE_FULL
            SQLException e = assertThrows(SQLException.class, () -> Migrations.upgrade(c, Migrations.LATEST));
            String m = String.valueOf(e.getMessage()).toLowerCase();
            assertTrue(m.contains("full"), e.getMessage());
            assertFalse(m.contains("no transaction is active"), e.getMessage());
            assertTrue(c.getAutoCommit(), "auto-commit restored after the failure");
            assertEquals(0, Migrations.version(c), "nothing half-migrated");
        }
    }
}
