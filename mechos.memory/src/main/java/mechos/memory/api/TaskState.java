package mechos.memory.api;

/** Where a task is in its life. */
public enum TaskState {
    /** Waiting for a claimant (also a claim whose lease has expired). */
    OPEN,
    /** Held by a claimant until its lease expires. */
    CLAIMED,
    /** Completed by its claimant. */
    DONE
}
