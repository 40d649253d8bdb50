package mechos.telemetry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.api.trace.Span;

/** The exporter against a real HTTP server on loopback that records what an OTLP collector would receive. */
class OtlpTelemetryTest {
    record Received(String path, String contentType, String authorization, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer collector;
    private volatile int status = 200;

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";
    }

    private static boolean contains(byte[] body, String text) {
        return new String(body, StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void spansReachTheCollectorAsOtlpProtobufWithTheIntentId() {
        OtlpTelemetry t = new OtlpTelemetry(endpoint(), "robot-7", 5000, 100, 64,
                Map.of("Authorization", "Bearer secret-token"));
        try {
            Span s = t.getTracer("test").spanBuilder("mechos.intent drive")
                    .setAttribute("mechos.intent.id", "intent-4711").startSpan();
            s.end();
            assertTrue(t.flush(5000), "export finished");
        } finally {
            t.close();
        }
        assertFalse(received.isEmpty(), "the collector received an export request");
        Received r = received.get(0);
        assertEquals("/v1/traces", r.path());
        assertEquals("application/x-protobuf", r.contentType());
        assertEquals("Bearer secret-token", r.authorization(), "configured headers are sent");
        assertTrue(contains(r.body(), "intent-4711"), "the intent id is in the exported span");
        assertTrue(contains(r.body(), "mechos.intent drive"), "the span name is exported");
        assertTrue(contains(r.body(), "robot-7"), "the service name is exported");
    }

    @Test
    void aFailingCollectorNeverThrowsIntoTheCaller() {
        status = 503;
        OtlpTelemetry t = new OtlpTelemetry(endpoint(), "mechos", 2000, 50, 8, Map.of());
        try {
            for (int i = 0; i < 100; i++) { // more than the queue holds: the surplus is dropped, not blocking
                t.getTracer("test").spanBuilder("s" + i).startSpan().end();
            }
            t.flush(10_000); // the SDK retries the 503s with backoff; failures end as its own log lines
        } finally {
            t.close();
        }
        assertTrue(received.size() >= 2, "it was tried, and retried after the 503: " + received.size());
    }

    @Test
    void badConfigurationIsRefusedWithTheProperty() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new OtlpTelemetry("ftp://collector/v1/traces", "m", 1000, 100, 8, Map.of()));
        assertTrue(e.getMessage().contains("endpoint"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OtlpTelemetry(endpoint(), "m", 0, 100, 8, Map.of()));
        var h = assertThrows(IllegalArgumentException.class, () -> OtlpTelemetry.headers(new String[] { "x-api-key" }));
        assertFalse(h.getMessage().contains("x-api-key="), "no header value in the message");
        assertEquals(Map.of("x-api-key", "abc=def"), OtlpTelemetry.headers(new String[] { "x-api-key=abc=def", " " }));
    }
}
