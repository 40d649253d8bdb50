package mechos.memory.internal.store;

/** SQLite {@code PRAGMA synchronous} levels offered by configuration. */
public enum Synchronous {
    /** Durable across a process crash (kill -9); in WAL mode the last commits may be lost on power failure. */
    NORMAL,
    /** Also durable across power failure: every commit waits for fsync. */
    FULL
}
