package mechos.perception.api;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counters of one input stream since activation.
 *
 * @param accepted samples used (whole scans for LiDAR)
 * @param rejected counts per reason (beams for beam-level reasons, samples otherwise); unmodifiable
 */
public record InputStats(long accepted, Map<RejectReason, Long> rejected) {
    public InputStats {
        Objects.requireNonNull(rejected, "rejected");
        rejected = rejected.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(rejected));
    }

    public static InputStats empty() {
        return new InputStats(0, Map.of());
    }

    /** @return the count for one reason, 0 if none */
    public long rejected(RejectReason reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    /** @return sum over all reasons */
    public long totalRejected() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
