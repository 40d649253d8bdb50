package mechos.runtime.api.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Texts to embed.
 *
 * @param inputs   never empty
 * @param deadline total time the caller is willing to wait
 */
public record EmbeddingRequest(List<String> inputs, Duration deadline) {
    public EmbeddingRequest {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to embed");
        }
        Objects.requireNonNull(deadline, "deadline");
    }
}
