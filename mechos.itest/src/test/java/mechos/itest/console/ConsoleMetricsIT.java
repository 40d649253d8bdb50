package mechos.itest.console;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import mechos.itest.support.MechosTestSupport;

/**
 * The Prometheus endpoint of the MechOS page exposes the listed series with plausible values while the simulated
 * robot runs: decision latency, safety tick period and jitter, bus queue depths and drops, LLM calls/tokens/cost,
 * device health, memory store latency.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleMetricsIT {
    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> true);
    }

    @Test
    public void metricsEndpointExposesTheSeriesWithPlausibleValues() {
        ConsoleHttp http = new ConsoleHttp(MechosTestSupport.httpPort(context), MechosTestSupport.CONSOLE_USER,
                MechosTestSupport.CONSOLE_PASSWORD);
        awaitCondition("metrics served", Duration.ofSeconds(60),
                () -> http.get("mechos/metrics.txt").status() == 200);
        // The simulator drives (the agent's fallback patrol), so the kernel decides and dispatches; the console
        // probes memory once a second while it is scraped.
        // The robot is up once the simulated base is ONLINE and the agent runs; components may restart while
        // FileInstall delivers the run directory's configuration, so wait for that before asserting.
        awaitCondition("robot up: drive base ONLINE, safety tick and agent reported", Duration.ofSeconds(60), () -> {
            Map<String, Double> m = http.metrics();
            return m.getOrDefault("mechos_device_health{device=\"base\",kind=\"DRIVE_BASE\",state=\"ONLINE\"}", 0.0) == 1
                    && m.containsKey("mechos_safety_ticks_total") && m.containsKey("mechos_llm_calls_total");
        });
        awaitCondition("decisions, dispatches and memory probes measured", Duration.ofSeconds(60), () -> {
            Map<String, Double> m = http.metrics();
            return m.getOrDefault("mechos_kernel_decision_latency_seconds_count", 0.0) > 0
                    && m.getOrDefault("mechos_kernel_dispatch_latency_seconds_count", 0.0) > 0
                    && m.getOrDefault("mechos_memory_store_latency_seconds_count", 0.0) > 0
                    && m.containsKey("mechos_safety_ticks_total");
        });
        Map<String, Double> first = http.metrics();
        awaitCondition("safety ticks advance", Duration.ofSeconds(10),
                () -> value(http.metrics(), "mechos_safety_ticks_total") > value(first, "mechos_safety_ticks_total"));
        // Assert on one scrape taken while the memory store is bound (it is replaced once on first start, when
        // FileInstall applies conf/mechos.memory.*; in between its series are absent, as they should be).
        @SuppressWarnings("unchecked")
        Map<String, Double>[] scrape = new Map[1];
        awaitCondition("a scrape with the memory store bound", Duration.ofSeconds(30), () -> {
            scrape[0] = http.metrics();
            return scrape[0].containsKey("mechos_memory_store_ok{store=\"episodic\"}");
        });
        Map<String, Double> m = scrape[0];

        assertEquals(1.0, value(m, "mechos_up"), 0);
        assertEquals("kernel present", 1.0, value(m, "mechos_service_present{service=\"kernel\"}"), 0);

        // Safety tick: 100 Hz by default; gaps and jitter are positive and well below a second on a loaded CI box.
        double period = value(m, "mechos_safety_tick_period_seconds");
        assertTrue("tick period " + period, period > 0 && period <= 0.1);
        double p99 = value(m, "mechos_safety_tick_gap_p99_seconds");
        assertTrue("p99 tick gap " + p99, p99 >= period * 0.5 && p99 < 1.0);
        double maxGap = value(m, "mechos_safety_tick_gap_max_seconds");
        assertTrue("max gap " + maxGap + " >= p99 " + p99, maxGap >= p99);
        double jitter = value(m, "mechos_safety_tick_jitter_max_seconds");
        assertTrue("max jitter " + jitter, jitter >= 0 && jitter < 5);
        assertEquals("exactly one safety state is current", 1.0,
                sum(m, k -> k.startsWith("mechos_safety_state{")), 0);

        // Decision latency (gate): a histogram with a plausible mean.
        double count = value(m, "mechos_kernel_decision_latency_seconds_count");
        double mean = value(m, "mechos_kernel_decision_latency_seconds_sum") / count;
        assertTrue("decision latency mean " + mean + " s", mean >= 0 && mean < 0.5);
        assertEquals("+Inf bucket equals the count", count,
                value(m, "mechos_kernel_decision_latency_seconds_bucket{le=\"+Inf\"}"), 0);
        assertTrue("approved decisions counted",
                value(m, "mechos_kernel_decisions_total{result=\"approved\"}") > 0);

        // Bus: depth and drops per subscriber (at least the console's own subscriptions).
        assertTrue("bus queue depth series", count(m, k -> k.startsWith("mechos_bus_queue_depth{")) > 0);
        assertTrue("bus drop series", count(m, k -> k.startsWith("mechos_bus_dropped_total{")) > 0);
        m.entrySet().stream().filter(e -> e.getKey().startsWith("mechos_bus_queue_depth{")).forEach(e -> assertTrue(
                e.getKey() + " within capacity", e.getValue() >= 0
                        && e.getValue() <= value(m, e.getKey().replace("queue_depth", "queue_capacity"))));

        // LLM: calls, tokens and cost from the agent status, wait time from its state transitions.
        assertTrue("llm calls", value(m, "mechos_llm_calls_total") >= 0);
        assertTrue("llm tokens", value(m, "mechos_llm_tokens_in_window") >= 0);
        assertTrue("llm cost", value(m, "mechos_llm_cost_estimate") >= 0);
        // limits as configured in the shipped conf/mechos.runtime.agent.cfg (the agent's defaults)
        assertEquals("token budget", 1_000_000, value(m, "mechos_llm_token_budget"), 0);
        assertEquals("request limit", 30, value(m, "mechos_llm_requests_per_minute_limit"), 0);
        assertTrue("requests in the last minute within the limit", value(m, "mechos_llm_requests_last_minute") >= 0
                && value(m, "mechos_llm_requests_last_minute") <= 30);
        assertNotNull("llm wait histogram", m.get("mechos_llm_wait_seconds_count"));
        assertEquals("exactly one agent state is current", 1.0,
                sum(m, k -> k.startsWith("mechos_agent_state{")), 0);

        // Devices: the simulated drive base is ONLINE, owned by the simulator bundle.
        assertEquals(1.0, value(m, "mechos_device_health{device=\"base\",kind=\"DRIVE_BASE\",state=\"ONLINE\"}"), 0);
        assertEquals(1.0,
                value(m, "mechos_device_present{device=\"base\",kind=\"DRIVE_BASE\",bundle=\"mechos.hal.sim\"}"), 0);

        // Memory store latency, probed through the episodic store.
        double memCount = value(m, "mechos_memory_store_latency_seconds_count");
        double memMean = value(m, "mechos_memory_store_latency_seconds_sum") / memCount;
        assertTrue("memory latency mean " + memMean + " s", memMean > 0 && memMean < 5);
        assertEquals("episodic store OK", 1.0, value(m, "mechos_memory_store_ok{store=\"episodic\"}"), 0);

        assertFalse("no NaN values", m.values().stream().anyMatch(v -> v.isNaN()));
    }

    private static double value(Map<String, Double> m, String key) {
        Double v = m.get(key);
        if (v == null) {
            throw new AssertionError("series " + key + " missing; have " + m.keySet());
        }
        return v;
    }

    private static double sum(Map<String, Double> m, Predicate<String> key) {
        return m.entrySet().stream().filter(e -> key.test(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }

    private static long count(Map<String, Double> m, Predicate<String> key) {
        return m.keySet().stream().filter(key).count();
    }
}
