package mechos.perception.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import mechos.perception.api.InputStats;
import mechos.perception.api.RejectReason;

/** Lock-free counters of accepted and rejected input, readable as {@link InputStats}. */
public final class InputCounters {
    private final LongAdder accepted = new LongAdder();
    private final EnumMap<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

    public InputCounters() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    public void accept() {
        accepted.increment();
    }

    public void reject(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void reject(RejectReason reason, long n) {
        if (n > 0) {
            rejected.get(reason).add(n);
        }
    }

    public InputStats stats() {
        Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
        rejected.forEach((r, a) -> {
            long v = a.sum();
            if (v > 0) {
                m.put(r, v);
            }
        });
        return new InputStats(accepted.sum(), m);
    }
}
