package mechos.memory.api;

import java.time.Instant;

/**
 * A stored episode.
 *
 * @param id        store-assigned id, increasing with insertion
 * @param time      when it happened
 * @param source    producer (agent id, component)
 * @param situation situation summary
 * @param intent    intent JSON or empty
 * @param verdict   verdict or empty
 * @param outcome   outcome or empty
 * @param embedding its embedding (with the producing embedder id and dimension), or null while it waits to be
 *                  (re-)embedded
 */
public record Episode(long id, Instant time, String source, String situation, String intent, String verdict,
        String outcome, Embedding embedding) {
}
