package mechos.memory.api;

/** Whether a memory store works fully. */
public enum StoreStatus {
    /** Open, migrated and accepting durable writes. */
    OK,
    /** Some or all storage is unavailable; the reason says what and what still works. */
    DEGRADED
}
