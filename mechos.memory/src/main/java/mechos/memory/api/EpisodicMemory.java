package mechos.memory.api;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the robot lived through, kept across restarts, recalled by similarity.
 *
 * <p><b>Threading.</b> Every method returns at once; the work runs on memory's single storage executor behind a
 * bounded queue. Futures complete on that executor: do not block in their callbacks.
 * <b>Failures</b> are never thrown by these methods: a full queue, an unavailable store or an invalid request
 * completes the future exceptionally with a {@link MemoryException}; storage trouble also shows in
 * {@link #health()}.
 */
@ProviderType
public interface EpisodicMemory {
    /**
     * Stores an episode. The future completes when the episode is durable (committed to the database: it survives
     * a crash of the process; with {@code synchronous=FULL} also a power loss). When the store is DEGRADED the
     * episode is still kept in RAM for recall during this run, but the future fails so that callers know it is
     * not durable.
     */
    CompletableFuture<Episode> record(NewEpisode episode);

    /** Recalls the most similar episodes. Works from RAM when the store is DEGRADED. */
    CompletableFuture<RecallResult> recall(RecallQuery query);

    /** @return the number of episodes known (stored, or held in RAM while DEGRADED) */
    CompletableFuture<Long> count();

    /** Applies the retention policy now (it is also applied after writes); completes with the number removed. */
    CompletableFuture<Long> applyRetention();

    /** @return the configured retention */
    RetentionPolicy retention();

    /** @return the id of the embedder used for new episodes and queries */
    String activeEmbedderId();

    /** @return store health; never blocks */
    StoreHealth health();
}
