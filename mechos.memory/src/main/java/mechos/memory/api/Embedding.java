package mechos.memory.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A vector and the embedder that produced it.
 *
 * @param embedderId id of the producing {@link Embedder}
 * @param vector     the components; not copied, callers must not modify it afterwards
 */
public record Embedding(String embedderId, float[] vector) {
    public Embedding {
        Objects.requireNonNull(embedderId, "embedderId");
        Objects.requireNonNull(vector, "vector");
        if (vector.length == 0) {
            throw new IllegalArgumentException("embedding must not be empty");
        }
    }

    public int dimension() {
        return vector.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && e.embedderId.equals(embedderId) && Arrays.equals(e.vector, vector);
    }

    @Override
    public int hashCode() {
        return 31 * embedderId.hashCode() + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "Embedding[" + embedderId + ", dim=" + vector.length + "]";
    }
}
