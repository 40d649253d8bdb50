package mechos.fleet.api;

/** Where a market task is. */
public enum TaskPhase {
    /** Robots bid in the current round; the first close of the round awards it to the lowest bid. */
    BIDDING,
    /** A robot holds it under a lease of the current epoch. */
    AWARDED,
    /** Completed by the holder of the epoch in force. */
    DONE
}
