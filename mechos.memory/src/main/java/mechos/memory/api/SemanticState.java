package mechos.memory.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the robot currently believes: labels with a mean embedding and a confidence. Confidence decays with real
 * elapsed time (a configured half-life), rises with each observation, and a label whose confidence falls below
 * the configured threshold is pruned. Labels are persisted in the memory database.
 *
 * <p>Threading and failures as in {@link EpisodicMemory}: futures, never exceptions into the caller.
 */
@ProviderType
public interface SemanticState {
    /** Adds an observation of {@code label} described by {@code text} (embedded by the active embedder). */
    CompletableFuture<LabelState> observe(String label, String text);

    /** Adds an observation with a precomputed embedding from the active embedder. */
    CompletableFuture<LabelState> observe(String label, Embedding embedding);

    /** @return the label with its confidence decayed to now, or empty if unknown or pruned */
    CompletableFuture<Optional<LabelState>> get(String label);

    /** @return all labels above the threshold, most confident first (those below are pruned on the way) */
    CompletableFuture<List<LabelState>> list();

    /** @return up to k labels most similar to the text */
    CompletableFuture<List<LabelMatch>> nearest(String text, int k);

    /** Prunes labels below the threshold now; completes with how many were removed. */
    CompletableFuture<Integer> prune();

    /** @return store health; never blocks */
    StoreHealth health();
}
