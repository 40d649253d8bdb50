package mechos.memory.internal.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Immutable store settings.
 *
 * @param path          the database file
 * @param synchronous   durability level
 * @param queueCapacity bound of the storage executor's queue
 * @param busyTimeoutMs how long a write waits for another process's lock
 */
public record StoreOptions(Path path, Synchronous synchronous, int queueCapacity, int busyTimeoutMs) {
    public StoreOptions {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(synchronous, "synchronous");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, was " + queueCapacity);
        }
        if (busyTimeoutMs < 0) {
            throw new IllegalArgumentException("busyTimeoutMs must be >= 0, was " + busyTimeoutMs);
        }
    }

    public static StoreOptions defaults(Path path) {
        return new StoreOptions(path, Synchronous.NORMAL, 10_000, 5_000);
    }
}
