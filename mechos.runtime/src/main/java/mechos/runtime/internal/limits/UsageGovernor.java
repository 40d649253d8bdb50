package mechos.runtime.internal.limits;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import mechos.runtime.api.llm.Usage;
import mechos.runtime.api.AgentStatus;

/**
 * The brain's spending limits: requests per minute (sliding window), a token budget per window that renews
 * (fixed windows), and a cost estimate per model. Not thread-safe: used by the agent loop's thread only.
 */
public final class UsageGovernor {
    private static final long MINUTE = 60_000_000_000L;

    private final int requestsPerMinute;
    private final long tokenBudget;
    private final long windowNanos;
    private final Map<String, double[]> pricePerMillion;
    private final LongSupplier clock;
    private final Deque<Long> requests = new ArrayDeque<>();
    private long windowStart;
    private long tokensInWindow;
    private double cost;
    private long calls;

    /**
     * @param requestsPerMinute 0 for no limit
     * @param tokenBudget       tokens allowed per window; 0 for no limit
     * @param windowNanos       length of a budget window
     * @param pricePerMillion   model → {input, output} price per million tokens (a {@code *} entry is the default)
     * @param clock             nanoTime-like clock
     */
    public UsageGovernor(int requestsPerMinute, long tokenBudget, long windowNanos,
            Map<String, double[]> pricePerMillion, LongSupplier clock) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("token_window_s must be positive");
        }
        this.requestsPerMinute = requestsPerMinute;
        this.tokenBudget = tokenBudget;
        this.windowNanos = windowNanos;
        this.pricePerMillion = Map.copyOf(pricePerMillion);
        this.clock = clock;
        this.windowStart = clock.getAsLong();
    }

    /** Parses {@code model=input:output} price entries (per million tokens). */
    public static Map<String, double[]> parsePrices(String[] entries) {
        Map<String, double[]> prices = new HashMap<>();
        for (String e : entries) {
            String s = e.strip();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.lastIndexOf('=');
            int colon = s.lastIndexOf(':');
            if (eq <= 0 || colon < eq) {
                throw new IllegalArgumentException("cost_per_million_tokens entry '" + e
                        + "' must look like model=input:output, e.g. gpt-4o-mini=0.15:0.60");
            }
            try {
                prices.put(s.substring(0, eq).strip(), new double[] {
                    Double.parseDouble(s.substring(eq + 1, colon)), Double.parseDouble(s.substring(colon + 1)) });
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("cost_per_million_tokens entry '" + e + "' has a bad number", ex);
            }
        }
        return prices;
    }

    private void roll(long now) {
        while (!requests.isEmpty() && now - requests.peekFirst() >= MINUTE) {
            requests.pollFirst();
        }
        if (now - windowStart >= windowNanos) {
            long windows = (now - windowStart) / windowNanos;
            windowStart += windows * windowNanos;
            tokensInWindow = 0;
        }
    }

    /**
     * Asks for one request. When allowed it is counted; when denied, the reason says which limit and when it
     * renews.
     */
    public Optional<String> tryAcquire() {
        long now = clock.getAsLong();
        roll(now);
        if (tokenBudget > 0 && tokensInWindow >= tokenBudget) {
            return Optional.of("token budget exhausted: " + tokensInWindow + "/" + tokenBudget + " tokens, renews in "
                    + seconds(windowStart + windowNanos - now) + " s");
        }
        if (requestsPerMinute > 0 && requests.size() >= requestsPerMinute) {
            return Optional.of("request limit reached: " + requestsPerMinute + " requests/min, next slot in "
                    + seconds(requests.peekFirst() + MINUTE - now) + " s");
        }
        requests.addLast(now);
        calls++;
        return Optional.empty();
    }

    /** @return nanos until the limit that denies now could allow a request again (0 when nothing denies) */
    public long nanosUntilAllowed() {
        long now = clock.getAsLong();
        roll(now);
        long wait = 0;
        if (tokenBudget > 0 && tokensInWindow >= tokenBudget) {
            wait = Math.max(wait, windowStart + windowNanos - now);
        }
        if (requestsPerMinute > 0 && requests.size() >= requestsPerMinute) {
            wait = Math.max(wait, requests.peekFirst() + MINUTE - now);
        }
        return wait;
    }

    /** Counts the tokens and the cost of a finished call. */
    public void record(String model, Usage usage) {
        roll(clock.getAsLong());
        tokensInWindow += usage.totalTokens();
        double[] price = price(model);
        if (price != null) {
            cost += (usage.promptTokens() * price[0] + usage.completionTokens() * price[1]) / 1_000_000.0;
        }
    }

    /** Exact model name, else the longest configured prefix (servers report versioned names), else {@code *}. */
    private double[] price(String model) {
        if (model != null) {
            double[] exact = pricePerMillion.get(model);
            if (exact != null) {
                return exact;
            }
            String best = null;
            for (String k : pricePerMillion.keySet()) {
                if (!k.equals("*") && model.startsWith(k) && (best == null || k.length() > best.length())) {
                    best = k;
                }
            }
            if (best != null) {
                return pricePerMillion.get(best);
            }
        }
        return pricePerMillion.get("*");
    }

    public long tokensInWindow() {
        roll(clock.getAsLong());
        return tokensInWindow;
    }

    /** @return the configured limits and their use now */
    public AgentStatus.UsageLimits limits() {
        long now = clock.getAsLong();
        roll(now);
        return new AgentStatus.UsageLimits(tokenBudget, windowNanos / 1_000_000_000L,
                Math.max(0, (windowStart + windowNanos - now) / 1_000_000L), requestsPerMinute, requests.size());
    }

    public double cost() {
        return cost;
    }

    public long calls() {
        return calls;
    }

    private static long seconds(long nanos) {
        return Math.max(0, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
