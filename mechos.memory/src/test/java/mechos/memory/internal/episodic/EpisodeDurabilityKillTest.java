package mechos.memory.internal.episodic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import mechos.memory.testsupport.Await;
import mechos.memory.testsupport.ChildJvm;

/** A child JVM writes episodes and is killed with SIGKILL: every acknowledged episode is in the file. */
class EpisodeDurabilityKillTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"NORMAL", "FULL"})
    void everyAcknowledgedEpisodeSurvivesKill9(String synchronous) throws Exception {
        Path db = dir.resolve("memory-" + synchronous + ".db");
        List<String> lines;
        try (ChildJvm child = new ChildJvm(EpisodeWriterMain.class, db.toString(), synchronous)) {
            Await.until("2000 acknowledged episodes", Duration.ofSeconds(120), () -> child.count("ACK ") >= 2000);
            child.kill(); // SIGKILL, mid-stream: writes are still in flight
            lines = List.copyOf(child.lines());
        }
        assertTrue(lines.contains("READY OK"), lines.subList(0, Math.min(5, lines.size())).toString());
        Set<String> acknowledged = new HashSet<>();
        for (String line : lines) {
            if (line.startsWith("ACK ")) {
                acknowledged.add("episode-" + line.substring(4));
            }
            assertTrue(!line.startsWith("FAIL"), line);
        }
        Set<String> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT situation FROM episodes")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        assertEquals(Set.of(), lost, "acknowledged but lost after kill -9");
        assertTrue(stored.size() >= acknowledged.size());
    }
}
