package mechos.fleet.internal.market;

import java.util.List;

import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskPhase;

/**
 * One open task of a replica as it stood at one position of the market log: what a peer sends a robot that
 * joined late (or lost its session) in a {@link MarketEvent.State}. Carries everything the replica derives from the
 * log for that task, including the current round's bids, so the joiner decides the next close like everyone else.
 *
 * @param task    the task
 * @param phase   BIDDING or AWARDED
 * @param round   current round, from 1
 * @param holder  holder of the epoch in force (AWARDED), else empty
 * @param epoch   fencing epoch in force (AWARDED), else 0
 * @param lastSeq newest renewal sequence of that epoch, 0 before the first
 * @param bids    the current round's bids (BIDDING), sorted by robot id
 */
public record TaskState(MarketTask task, TaskPhase phase, int round, String holder, int epoch, long lastSeq,
        List<BidState> bids) {

    /** One bid of the current round. */
    public record BidState(String from, double cost, boolean refuse) {
    }
}
