package mechos.memory.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What to recall: the k episodes most similar (cosine) to a text or a vector, optionally within a time range and
 * from one source.
 *
 * @param text   query text, embedded with the active embedder; ignored when {@code vector} is given
 * @param vector query embedding; must come from the active embedder with its dimension, else the recall fails
 *               with {@link DimensionMismatchException}
 * @param k      how many to return, at least 1
 * @param from   inclusive lower time bound, or null
 * @param to     exclusive upper time bound, or null
 * @param source only episodes of this source, or null for all
 */
public record RecallQuery(String text, Embedding vector, int k, Instant from, Instant to, String source) {
    public RecallQuery {
        if (text == null && vector == null) {
            throw new IllegalArgumentException("a recall needs a text or a vector");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
    }

    public static RecallQuery text(String text, int k) {
        return new RecallQuery(Objects.requireNonNull(text, "text"), null, k, null, null, null);
    }

    public static RecallQuery vector(Embedding vector, int k) {
        return new RecallQuery(null, Objects.requireNonNull(vector, "vector"), k, null, null, null);
    }

    public RecallQuery between(Instant from, Instant to) {
        return new RecallQuery(text, vector, k, from, to, source);
    }

    public RecallQuery fromSource(String source) {
        return new RecallQuery(text, vector, k, from, to, source);
    }
}
