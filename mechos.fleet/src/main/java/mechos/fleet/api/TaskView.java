package mechos.fleet.api;

/**
 * A market task as this robot's replica of the market sees it.
 *
 * @param task      the task
 * @param phase     BIDDING, AWARDED or DONE
 * @param round     current auction round (1 = first); an award's epoch is the round it was won in
 * @param holder    the robot holding it (AWARDED, DONE), or empty
 * @param epoch     fencing epoch of the holder's lease, 0 when none; messages of an older epoch are ignored
 * @param executing true when THIS robot holds a valid lease on it right now
 */
public record TaskView(MarketTask task, TaskPhase phase, int round, String holder, int epoch, boolean executing) {
}
