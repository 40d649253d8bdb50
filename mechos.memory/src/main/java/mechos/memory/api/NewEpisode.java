package mechos.memory.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An episode to remember.
 *
 * @param time      when it happened
 * @param source    who or what produced it (agent id, component), used as a recall filter
 * @param situation a short summary of the situation; this text is embedded when no embedding is given
 * @param intent    the intent as JSON, or empty
 * @param verdict   the kernel's verdict (e.g. APPROVED, REJECTED: reason), or empty
 * @param outcome   what happened afterwards, or empty
 * @param embedding a precomputed embedding, or null to let memory embed {@code situation} with the active
 *                  embedder. It must come from the active embedder and have its dimension, otherwise the
 *                  write fails with {@link DimensionMismatchException}.
 */
public record NewEpisode(Instant time, String source, String situation, String intent, String verdict,
        String outcome, Embedding embedding) {
    public NewEpisode {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(situation, "situation");
        intent = intent == null ? "" : intent;
        verdict = verdict == null ? "" : verdict;
        outcome = outcome == null ? "" : outcome;
    }

    public static NewEpisode of(Instant time, String source, String situation, String intent, String verdict,
            String outcome) {
        return new NewEpisode(time, source, situation, intent, verdict, outcome, null);
    }
}
