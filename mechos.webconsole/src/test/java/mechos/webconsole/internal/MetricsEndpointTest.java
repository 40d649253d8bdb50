package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    private static String basic(String u, String p) {
        return "Basic " + Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheScrapeCredentialIsAccepted() {
        String pw = "scrape-secret-123";
        assertTrue(MetricsEndpoint.authorised(basic("prometheus", pw), "prometheus", pw));
        assertTrue(MetricsEndpoint.authorised("Bearer " + pw, "prometheus", pw));
        assertFalse(MetricsEndpoint.authorised(basic("admin", pw), "prometheus", pw), "wrong user");
        assertFalse(MetricsEndpoint.authorised(basic("prometheus", pw + "x"), "prometheus", pw));
        assertFalse(MetricsEndpoint.authorised("Bearer wrong", "prometheus", pw));
        assertFalse(MetricsEndpoint.authorised(null, "prometheus", pw));
        assertFalse(MetricsEndpoint.authorised("Basic !!!", "prometheus", pw));
    }

    @Test
    void anEmptyPasswordDisablesTheEndpoint() {
        assertFalse(MetricsEndpoint.authorised(basic("prometheus", ""), "prometheus", ""));
        assertFalse(MetricsEndpoint.authorised("Bearer ", "prometheus", ""));
    }

    @Test
    void jvmMetricsAreWritten() {
        PrometheusText p = new PrometheusText();
        new JvmMetrics("1.2.3").write(p);
        String t = p.toString();
        for (String family : new String[] { "mechos_jvm_memory_used_bytes{area=\"heap\"}",
                "mechos_jvm_gc_collections_total", "mechos_jvm_threads{kind=\"live\"}",
                "mechos_process_uptime_seconds", "mechos_build_info{version=\"1.2.3\"" }) {
            assertTrue(t.contains(family), family + " in\n" + t);
        }
    }
}
