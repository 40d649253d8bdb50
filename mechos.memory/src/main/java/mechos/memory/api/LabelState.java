package mechos.memory.api;

import java.time.Instant;

/**
 * A semantic label as of now.
 *
 * @param label        the label, e.g. {@code kitchen} or {@code door-open}
 * @param mean         mean embedding of its observations (with the embedder that produced them)
 * @param observations how many observations formed the mean
 * @param confidence   current confidence in [0, 1], already decayed to the moment it was read
 * @param lastObserved time of the latest observation
 */
public record LabelState(String label, Embedding mean, long observations, double confidence, Instant lastObserved) {
}
