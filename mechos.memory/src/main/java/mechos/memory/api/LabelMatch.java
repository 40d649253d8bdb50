package mechos.memory.api;

/**
 * A label close to a query.
 *
 * @param state      the label
 * @param similarity cosine similarity of the query to the label's mean embedding
 */
public record LabelMatch(LabelState state, double similarity) {
}
