package mechos.memory.internal.tasks;

import static mechos.memory.testsupport.Await.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.memory.api.NewTask;
import mechos.memory.api.Task;
import mechos.memory.api.TaskState;
import mechos.memory.internal.store.SqliteStore;
import mechos.memory.internal.store.StoreOptions;
import mechos.memory.testsupport.Await;
import mechos.memory.testsupport.ChildJvm;

/** Two JVMs sharing one file race for the same tasks: every task has exactly one winner, many times over. */
class TwoProcessClaimTest {
    private static final int ROUNDS = 3;
    private static final int TASKS = 300;

    @TempDir
    Path dir;

    @Test
    void exactlyOneProcessWinsEachTask() throws Exception {
        Map<String, Integer> winsPerProcess = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path db = dir.resolve("board-" + round + ".db");
            List<String> ids = new ArrayList<>();
            SqliteStore store = new SqliteStore(StoreOptions.defaults(db), Clock.systemUTC());
            try {
                store.open();
                SqliteTaskBoard board = new SqliteTaskBoard(store, Clock.systemUTC());
                for (int i = 0; i < TASKS; i++) {
                    ids.add(get(board.post(new NewTask("task " + i, "", i % 3))).id());
                }
                Path idFile = dir.resolve("ids-" + round + ".txt");
                Files.write(idFile, ids);
                try (ChildJvm a = new ChildJvm(ClaimerMain.class, db.toString(), "robot-a", idFile.toString());
                        ChildJvm b = new ChildJvm(ClaimerMain.class, db.toString(), "robot-b", idFile.toString())) {
                    Await.until("both children ready", Duration.ofSeconds(60),
                            () -> a.count("READY") == 1 && b.count("READY") == 1);
                    assertTrue(a.lines().contains("READY OK"), a.lines().toString());
                    a.send("GO");
                    b.send("GO");
                    assertEquals(0, a.waitFor(Duration.ofSeconds(120)), a.lines().toString());
                    assertEquals(0, b.waitFor(Duration.ofSeconds(120)), b.lines().toString());
                    Map<String, String> winners = new HashMap<>();
                    for (ChildJvm child : List.of(a, b)) {
                        String name = child == a ? "robot-a" : "robot-b";
                        for (String line : child.lines()) {
                            if (line.startsWith("WON ")) {
                                String previous = winners.put(line.substring(4), name);
                                assertEquals(null, previous, "task " + line.substring(4) + " won twice");
                            }
                        }
                    }
                    assertEquals(TASKS, winners.size(), "every task claimed exactly once");
                    winners.values().forEach(w -> winsPerProcess.merge(w, 1, Integer::sum));
                    for (Task t : get(board.list(null))) {
                        assertEquals(TaskState.CLAIMED, t.state());
                        assertEquals(winners.get(t.id()), t.claimant());
                        assertEquals(1, t.claimToken());
                    }
                }
            } finally {
                store.close();
            }
        }
        // the race was real: both processes won claims (they start together on GO and claim in the same order)
        assertEquals(2, winsPerProcess.size(), winsPerProcess.toString());
    }
}
