package mechos.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import mechos.memory.api.MemoryException;
import mechos.memory.api.NewTask;
import mechos.memory.api.StoreHealth;
import mechos.memory.api.Task;
import mechos.memory.api.TaskBoard;
import mechos.memory.api.TaskState;

class MemoryCommandsTest {
    private final List<Task> tasks = new ArrayList<>();
    private boolean broken;

    private final TaskBoard board = new TaskBoard() {
        @Override
        public CompletableFuture<Task> post(NewTask t) {
            Task task = new Task("t" + (tasks.size() + 1), t.title(), t.payload(), t.priority(), TaskState.OPEN, null,
                    0, null, Instant.EPOCH, Instant.EPOCH, "");
            tasks.add(task);
            return CompletableFuture.completedFuture(task);
        }

        @Override
        public CompletableFuture<List<Task>> list(TaskState state) {
            if (broken) {
                return CompletableFuture.failedFuture(new MemoryException("database is locked"));
            }
            return CompletableFuture.completedFuture(
                    tasks.stream().filter(t -> state == null || t.state() == state).toList());
        }

        @Override
        public CompletableFuture<Optional<Task>> get(String id) {
            return CompletableFuture.completedFuture(tasks.stream().filter(t -> t.id().equals(id)).findFirst());
        }

        @Override
        public CompletableFuture<Optional<Task>> claim(String taskId, String claimant, Duration lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Optional<Task>> claimNext(String claimant, Duration lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Boolean> renew(String taskId, String claimant, long claimToken, Duration lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Boolean> complete(String taskId, String claimant, long claimToken, String result) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Boolean> release(String taskId, String claimant, long claimToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoreHealth health() {
            return StoreHealth.ok(Instant.EPOCH);
        }
    };

    private final MemoryCommands commands = new MemoryCommands(null, board);

    @Test
    void postListAndShow() {
        assertTrue(commands.tasks("post", "7", "inspect", "the", "door").startsWith("posted t1  OPEN    p=7  inspect the door"));
        assertTrue(commands.tasks().contains("inspect the door"));
        assertTrue(commands.tasks("list", "done").endsWith("0 tasks"));
        assertTrue(commands.tasks("show", "t1").contains("created 1970-01-01T00:00:00Z"));
        assertEquals("error: no task 't9'", commands.tasks("show", "t9"));
    }

    @Test
    void badArgumentsAndFailuresAreMessages() {
        assertTrue(commands.tasks("list", "LATER").startsWith("error: unknown task state 'LATER'\nusage: mechos:tasks"));
        assertTrue(commands.tasks("post", "soon", "x").startsWith("error: priority must be a whole number, got 'soon'"));
        assertTrue(commands.tasks("post", "1").startsWith("error: post needs a priority and a title"));
        assertTrue(commands.tasks("juggle").startsWith("error: unknown tasks action 'juggle'"));
        broken = true;
        assertEquals("error: memory failed: database is locked", commands.tasks("list"));
    }

    @Test
    void missingServicesAreSaid() {
        assertEquals("error: episodic memory is not available", commands.memory("count"));
        assertEquals("error: the task board is not available", new MemoryCommands(null, null).tasks());
        assertTrue(commands.memory().startsWith("mechos:memory count"));
    }
}
