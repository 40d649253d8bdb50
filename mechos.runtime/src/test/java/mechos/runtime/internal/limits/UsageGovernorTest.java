package mechos.runtime.internal.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import mechos.runtime.api.llm.Usage;

class UsageGovernorTest {
    private static final long S = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(5 * S);

    @Test
    void tokenBudgetExhaustsAndRenewsWithTheWindow() {
        UsageGovernor g = new UsageGovernor(0, 1000, 60 * S, Map.of(), clock::get);
        assertTrue(g.tryAcquire().isEmpty());
        g.record("m", new Usage(900, 150, false));
        String why = g.tryAcquire().orElseThrow();
        assertTrue(why.contains("token budget exhausted: 1050/1000"), why);
        assertTrue(why.contains("renews in 60 s"), why);
        clock.addAndGet(59 * S);
        assertTrue(g.tryAcquire().isPresent());
        assertEquals(S, g.nanosUntilAllowed());
        clock.addAndGet(S);
        assertTrue(g.tryAcquire().isEmpty(), "a new window");
        assertEquals(0, g.tokensInWindow());
    }

    @Test
    void requestsPerMinuteSlide() {
        UsageGovernor g = new UsageGovernor(2, 0, 60 * S, Map.of(), clock::get);
        assertTrue(g.tryAcquire().isEmpty());
        clock.addAndGet(10 * S);
        assertTrue(g.tryAcquire().isEmpty());
        assertTrue(g.tryAcquire().orElseThrow().contains("2 requests/min"));
        clock.addAndGet(50 * S);
        assertTrue(g.tryAcquire().isEmpty(), "the first request left the window");
        assertEquals(3, g.calls());
        assertEquals(2, g.limits().requestsLastMinute(), "the 2nd and 3rd request are within the last minute");
        assertEquals(2, g.limits().requestsPerMinute());
        assertEquals(0, g.limits().tokenBudget(), "no budget configured");
    }

    @Test
    void limitsReportUseAgainstTheBudgetAndWhenItRenews() {
        UsageGovernor g = new UsageGovernor(30, 1000, 60 * S, Map.of(), clock::get);
        g.tryAcquire();
        g.record("m", new Usage(300, 100, false));
        clock.addAndGet(20 * S);
        var l = g.limits();
        assertEquals(1000, l.tokenBudget());
        assertEquals(60, l.tokenWindowSeconds());
        assertEquals(40_000, l.windowRenewsInMillis());
        assertEquals(1, l.requestsLastMinute());
        assertEquals(400, g.tokensInWindow());
    }

    @Test
    void costPerModelWithPrefixAndDefault() {
        UsageGovernor g = new UsageGovernor(0, 0, S, UsageGovernor.parsePrices(
                new String[] {"gpt-4o-mini=0.15:0.60", "*=1:2"}), clock::get);
        g.record("gpt-4o-mini-2024-07-18", new Usage(1_000_000, 1_000_000, false));
        assertEquals(0.75, g.cost(), 1e-9);
        g.record("llama3.2", new Usage(1_000_000, 0, true));
        assertEquals(1.75, g.cost(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> UsageGovernor.parsePrices(new String[] {"bad"}));
    }
}
