package mechos.memory.api;

/**
 * One recalled episode.
 *
 * @param episode    the episode
 * @param similarity cosine similarity to the query, in [-1, 1]
 */
public record Recollection(Episode episode, double similarity) {
}
