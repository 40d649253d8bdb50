package mechos.memory.internal.store;

import java.sql.Connection;

/** Work run on the storage executor. */
@FunctionalInterface
public interface StoreWork<T> {
    /**
     * @param connection the open connection, or null when the store is unavailable (DEGRADED without a database)
     */
    T run(Connection connection) throws Exception;
}
