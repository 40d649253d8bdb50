package mechos.memory.internal.tasks;

import static mechos.memory.testsupport.Await.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.memory.api.NewTask;
import mechos.memory.api.Task;
import mechos.memory.api.TaskState;
import mechos.memory.internal.store.SqliteStore;
import mechos.memory.internal.store.StoreOptions;
import mechos.memory.testsupport.MutableClock;

class TaskBoardTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SqliteStore store;
    private SqliteTaskBoard board;

    @BeforeEach
    void open() {
        store = new SqliteStore(StoreOptions.defaults(dir.resolve("memory.db")), clock);
        store.open();
        board = new SqliteTaskBoard(store, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void lifecyclePostClaimComplete() {
        Task t = get(board.post(new NewTask("fetch cup", "{\"room\":\"kitchen\"}", 5)));
        assertEquals(TaskState.OPEN, t.state());
        Task claimed = get(board.claim(t.id(), "robot-1", Duration.ofSeconds(30))).orElseThrow();
        assertEquals(TaskState.CLAIMED, claimed.state());
        assertEquals("robot-1", claimed.claimant());
        assertTrue(get(board.claim(t.id(), "robot-2", Duration.ofSeconds(30))).isEmpty());
        assertFalse(get(board.complete(t.id(), "robot-2", claimed.claimToken(), "stolen")));
        assertTrue(get(board.complete(t.id(), "robot-1", claimed.claimToken(), "done")));
        Task done = get(board.get(t.id())).orElseThrow();
        assertEquals(TaskState.DONE, done.state());
        assertEquals("done", done.result());
        assertTrue(get(board.claim(t.id(), "robot-2", Duration.ofSeconds(30))).isEmpty());
    }

    @Test
    void expiredLeaseReturnsToOpenAndFencesTheOldClaimant() {
        Task t = get(board.post(new NewTask("patrol", "", 1)));
        Task first = get(board.claim(t.id(), "robot-1", Duration.ofSeconds(10))).orElseThrow();
        clock.advance(Duration.ofSeconds(9));
        assertTrue(get(board.renew(t.id(), "robot-1", first.claimToken(), Duration.ofSeconds(10))));
        clock.advance(Duration.ofSeconds(9));
        assertEquals(TaskState.CLAIMED, get(board.get(t.id())).orElseThrow().state());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(TaskState.OPEN, get(board.get(t.id())).orElseThrow().state());
        Task second = get(board.claim(t.id(), "robot-2", Duration.ofSeconds(10))).orElseThrow();
        assertTrue(second.claimToken() > first.claimToken());
        // robot-1 comes back late: its token is stale
        assertFalse(get(board.complete(t.id(), "robot-1", first.claimToken(), "late")));
        assertTrue(get(board.release(t.id(), "robot-2", second.claimToken())));
        assertEquals(TaskState.OPEN, get(board.get(t.id())).orElseThrow().state());
    }

    @Test
    void claimNextTakesHighestPriorityThenOldest() {
        get(board.post(new NewTask("low", "", 1)));
        clock.advance(Duration.ofMillis(1));
        Task high1 = get(board.post(new NewTask("high-1", "", 9)));
        clock.advance(Duration.ofMillis(1));
        get(board.post(new NewTask("high-2", "", 9)));
        assertEquals(high1.id(), get(board.claimNext("r", Duration.ofSeconds(5))).orElseThrow().id());
        assertEquals("high-2", get(board.claimNext("r", Duration.ofSeconds(5))).orElseThrow().title());
        assertEquals("low", get(board.claimNext("r", Duration.ofSeconds(5))).orElseThrow().title());
        assertTrue(get(board.claimNext("r", Duration.ofSeconds(5))).isEmpty());
        List<Task> claimed = get(board.list(TaskState.CLAIMED));
        assertEquals(List.of("high-1", "high-2", "low"), claimed.stream().map(Task::title).toList());
    }
}
