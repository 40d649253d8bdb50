package mechos.runtime.api.llm;

import java.util.List;

/**
 * Embedding vectors.
 *
 * @param vectors one per input, in input order; callers must not modify the arrays
 * @param model   the model that computed them
 * @param usage   token counts
 */
public record EmbeddingResponse(List<float[]> vectors, String model, Usage usage) {
}
