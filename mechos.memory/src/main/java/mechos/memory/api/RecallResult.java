package mechos.memory.api;

import java.util.List;

/**
 * The answer to a recall.
 *
 * @param hits           best first, at most k
 * @param embedderId     the embedder whose vectors were compared
 * @param dimension      its dimension
 * @param pendingReembed episodes that could not be compared because they still wait to be embedded by the active
 *                       embedder (after an embedder change or an embedder failure); zero in steady state.
 *                       Memory never skips them silently: they are counted here and re-embedded in the background.
 */
public record RecallResult(List<Recollection> hits, String embedderId, int dimension, long pendingReembed) {
    public RecallResult {
        hits = List.copyOf(hits);
    }
}
