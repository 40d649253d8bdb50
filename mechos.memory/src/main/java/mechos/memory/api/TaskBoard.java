package mechos.memory.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A task board shared by every process (robot) that opens the same database file. Claims are atomic conditional
 * updates in SQLite, so two processes can never both hold a claim; claims are leases that expire back to OPEN
 * unless renewed.
 *
 * <p>Threading and failures as in {@link EpisodicMemory}: futures, never exceptions into the caller.
 * A lost race is not a failure: {@link #claim} completes with an empty Optional, and
 * complete/release/renew complete with {@code false}.
 */
@ProviderType
public interface TaskBoard {
    CompletableFuture<Task> post(NewTask task);

    /** Claims one task if it is OPEN (or its lease has expired). */
    CompletableFuture<Optional<Task>> claim(String taskId, String claimant, Duration lease);

    /** Claims the claimable task of highest priority (oldest first among equals), if any. */
    CompletableFuture<Optional<Task>> claimNext(String claimant, Duration lease);

    /** Extends a claim still held under {@code claimToken}. */
    CompletableFuture<Boolean> renew(String taskId, String claimant, long claimToken, Duration lease);

    /** Marks a task DONE if the claim under {@code claimToken} is still held. */
    CompletableFuture<Boolean> complete(String taskId, String claimant, long claimToken, String result);

    /** Gives a claim back: the task becomes OPEN at once. */
    CompletableFuture<Boolean> release(String taskId, String claimant, long claimToken);

    CompletableFuture<Optional<Task>> get(String taskId);

    /** @param state only tasks in this state, or null for all; highest priority first */
    CompletableFuture<List<Task>> list(TaskState state);

    /** @return store health; never blocks */
    StoreHealth health();
}
