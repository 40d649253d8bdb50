package mechos.memory.internal.tasks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import mechos.memory.api.NewTask;
import mechos.memory.api.StoreHealth;
import mechos.memory.api.Task;
import mechos.memory.api.TaskBoard;
import mechos.memory.api.TaskState;
import mechos.memory.internal.store.MemoryStoreComponent;

/** The {@link TaskBoard} service in memory.db (configure the file via {@code mechos.memory.store}). */
@Component
public final class TaskBoardComponent implements TaskBoard {
    private final SqliteTaskBoard board;

    @Activate
    public TaskBoardComponent(@Reference MemoryStoreComponent store) {
        this(new SqliteTaskBoard(store.store(), Clock.systemUTC()));
    }

    TaskBoardComponent(SqliteTaskBoard board) {
        this.board = board;
    }

    @Override
    public CompletableFuture<Task> post(NewTask task) {
        return board.post(task);
    }

    @Override
    public CompletableFuture<Optional<Task>> claim(String taskId, String claimant, Duration lease) {
        return board.claim(taskId, claimant, lease);
    }

    @Override
    public CompletableFuture<Optional<Task>> claimNext(String claimant, Duration lease) {
        return board.claimNext(claimant, lease);
    }

    @Override
    public CompletableFuture<Boolean> renew(String taskId, String claimant, long claimToken, Duration lease) {
        return board.renew(taskId, claimant, claimToken, lease);
    }

    @Override
    public CompletableFuture<Boolean> complete(String taskId, String claimant, long claimToken, String result) {
        return board.complete(taskId, claimant, claimToken, result);
    }

    @Override
    public CompletableFuture<Boolean> release(String taskId, String claimant, long claimToken) {
        return board.release(taskId, claimant, claimToken);
    }

    @Override
    public CompletableFuture<Optional<Task>> get(String taskId) {
        return board.get(taskId);
    }

    @Override
    public CompletableFuture<List<Task>> list(TaskState state) {
        return board.list(state);
    }

    @Override
    public StoreHealth health() {
        return board.health();
    }
}
