package mechos.memory.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Health of a store at one moment.
 *
 * @param status OK or DEGRADED
 * @param reason human-readable cause when DEGRADED (names the file and the failure), empty when OK
 * @param since  when this status was entered
 */
public record StoreHealth(StoreStatus status, String reason, Instant since) {
    public StoreHealth {
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(since, "since");
    }

    public static StoreHealth ok(Instant since) {
        return new StoreHealth(StoreStatus.OK, "", since);
    }

    public static StoreHealth degraded(String reason, Instant since) {
        return new StoreHealth(StoreStatus.DEGRADED, reason, since);
    }

    public boolean isOk() {
        return status == StoreStatus.OK;
    }
}
