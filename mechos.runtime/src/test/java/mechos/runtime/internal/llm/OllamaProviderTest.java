package mechos.runtime.internal.llm;

import static mechos.runtime.internal.llm.ProviderTestSupport.failure;
import static mechos.runtime.internal.llm.ProviderTestSupport.http;
import static mechos.runtime.internal.llm.ProviderTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.runtime.api.llm.ChatResponse;
import mechos.runtime.api.llm.EmbeddingRequest;
import mechos.runtime.api.llm.EmbeddingResponse;
import mechos.runtime.api.llm.LlmException;
import mechos.runtime.api.llm.LlmException.Kind;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

class OllamaProviderTest {
    /** A real /api/chat reply (non-streaming) as Ollama 0.5+ sends it. */
    static final String CHAT_REPLY = """
            {"model":"llama3.2","created_at":"2026-11-23T09:12:58.123Z",
             "message":{"role":"assistant","content":"{\\"rationale\\":\\"path ahead is clear\\",\\"intent\\":{\\"action\\":\\"drive\\",\\"linear\\":0.2,\\"angular\\":0.0}}"},
             "done_reason":"stop","done":true,"total_duration":4883583458,"load_duration":1334875,
             "prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}
            """;

    private final ObjectMapper mapper = new ObjectMapper();
    private MockWebServer server;
    private OllamaProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (provider != null) {
            provider.close();
        }
        server.shutdown();
    }

    private OllamaProvider provider(Duration read, Duration total, int retries) {
        provider = new OllamaProvider(new OllamaOptions(http(server.url("/").toString(), read, total, retries),
                "llama3.2", "nomic-embed-text", "5m", 0.1, 4096));
        return provider;
    }

    @Test
    void chatSendsSchemaOptionsAndKeepAliveAndReadsUsage() throws Exception {
        server.enqueue(new MockResponse().setBody(CHAT_REPLY).setHeader("Content-Type", "application/json"));
        ChatResponse reply = provider(Duration.ofSeconds(2), Duration.ofSeconds(5), 0)
                .chat(request(Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);

        assertTrue(reply.content().contains("\"action\":\"drive\""));
        assertEquals(26, reply.usage().promptTokens());
        assertEquals(282, reply.usage().completionTokens());
        assertFalse(reply.usage().estimated());
        assertEquals(1, reply.attempts());

        RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/api/chat", sent.getPath());
        JsonNode body = mapper.readTree(sent.getBody().readUtf8());
        assertEquals("llama3.2", body.get("model").asText());
        assertFalse(body.get("stream").asBoolean());
        assertEquals("object", body.get("format").get("type").asText(), "format carries the schema as an object");
        assertEquals("5m", body.get("keep_alive").asText());
        assertEquals(4096, body.get("options").get("num_ctx").asInt());
        assertEquals(256, body.get("options").get("num_predict").asInt());
        assertEquals("system", body.get("messages").get(0).get("role").asText());
    }

    @Test
    void missingUsageIsEstimated() throws Exception {
        server.enqueue(new MockResponse().setBody(
                "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"{}\"},\"done\":true}"));
        ChatResponse reply = provider(Duration.ofSeconds(2), Duration.ofSeconds(5), 0)
                .chat(request(Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);
        assertTrue(reply.usage().estimated());
        assertTrue(reply.usage().promptTokens() > 0);
    }

    @Test
    void embedReadsVectors() throws Exception {
        server.enqueue(new MockResponse().setBody("""
                {"model":"nomic-embed-text","embeddings":[[0.010071029,-0.0017594862,0.05007221],[0.5,0.25,-1.0]],
                 "total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}"""));
        EmbeddingResponse r = provider(Duration.ofSeconds(2), Duration.ofSeconds(5), 0)
                .embed(new EmbeddingRequest(List.of("a", "b"), Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);
        assertEquals(2, r.vectors().size());
        assertEquals(-1.0f, r.vectors().get(1)[2]);
        assertEquals(8, r.usage().promptTokens());
        assertEquals("/api/embed", server.takeRequest().getPath());
    }

    @Test
    void serverErrorIsRetriedThenSucceeds() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(500).setBody("{\"error\":\"model runner crashed\"}"));
        server.enqueue(new MockResponse().setBody(CHAT_REPLY));
        ChatResponse reply = provider(Duration.ofSeconds(2), Duration.ofSeconds(5), 2)
                .chat(request(Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);
        assertEquals(2, reply.attempts());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void retriesAreBounded() throws Exception {
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse().setResponseCode(503));
        }
        LlmException e = failure(provider(Duration.ofSeconds(2), Duration.ofSeconds(5), 2)
                .chat(request(Duration.ofSeconds(5))));
        assertEquals(Kind.SERVER_ERROR, e.kind());
        assertEquals(503, e.httpStatus());
        assertEquals(3, server.getRequestCount(), "first attempt + 2 retries");
    }

    @Test
    void unknownModelIsAClientErrorWithoutRetry() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"error\":\"model 'x' not found\"}"));
        server.enqueue(new MockResponse().setBody(CHAT_REPLY));
        LlmException e = failure(provider(Duration.ofSeconds(2), Duration.ofSeconds(5), 3)
                .chat(request(Duration.ofSeconds(5))));
        assertEquals(Kind.CLIENT_ERROR, e.kind());
        assertTrue(e.getMessage().contains("not found"));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void hangingServerTimesOutWithinTheDeadline() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        long t0 = System.nanoTime();
        LlmException e = failure(provider(Duration.ofSeconds(30), Duration.ofSeconds(30), 2)
                .chat(request(Duration.ofMillis(400))));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(ms < 5000, "the request deadline, not the 30 s read timeout, ended it: " + ms + " ms");
        assertEquals(1, server.getRequestCount(), "a timeout after sending is not retried");
    }

    @Test
    void slowDripIsCutByTheTotalDeadline() throws Exception {
        // One byte every 50 ms: never silent long enough for the read timeout, but far past the deadline.
        server.enqueue(new MockResponse().setBody(CHAT_REPLY).throttleBody(1, 50, TimeUnit.MILLISECONDS));
        LlmException e = failure(provider(Duration.ofSeconds(1), Duration.ofSeconds(30), 0)
                .chat(request(Duration.ofMillis(500))));
        assertEquals(Kind.TIMEOUT, e.kind());
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        String url = server.url("/").toString();
        server.shutdown();
        provider = new OllamaProvider(new OllamaOptions(http(url, Duration.ofSeconds(1), Duration.ofSeconds(3), 2),
                "llama3.2", "e", "5m", 0.1, 0));
        LlmException e = failure(provider.chat(request(Duration.ofSeconds(3))));
        assertEquals(Kind.UNREACHABLE, e.kind());
    }

    @Test
    void truncatedBodyIsMalformed() throws Exception {
        server.enqueue(new MockResponse().setBody(CHAT_REPLY)
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        LlmException e = failure(provider(Duration.ofSeconds(2), Duration.ofSeconds(5), 2)
                .chat(request(Duration.ofSeconds(5))));
        assertEquals(Kind.MALFORMED_RESPONSE, e.kind());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void tenMegabyteBodyIsRejectedWhileReading() throws Exception {
        // Chunked: no Content-Length to reject up front, so the cap must act while reading.
        String big = "{\"message\":{\"content\":\"" + "x".repeat(10 * 1024 * 1024) + "\"},\"done\":true}";
        server.enqueue(new MockResponse().setChunkedBody(big, 64 * 1024));
        LlmException e = failure(provider(Duration.ofSeconds(5), Duration.ofSeconds(20), 0)
                .chat(request(Duration.ofSeconds(20))));
        assertEquals(Kind.RESPONSE_TOO_LARGE, e.kind());
    }

    @Test
    void declaredOversizedBodyIsRejectedBeforeReading() throws Exception {
        server.enqueue(new MockResponse().setBody("x".repeat(2 * 1024 * 1024)));
        LlmException e = failure(provider(Duration.ofSeconds(5), Duration.ofSeconds(20), 0)
                .chat(request(Duration.ofSeconds(20))));
        assertEquals(Kind.RESPONSE_TOO_LARGE, e.kind());
        assertTrue(e.getMessage().contains("declares"));
    }

    @Test
    void invalidJsonIsMalformed() throws Exception {
        server.enqueue(new MockResponse().setBody("<html>502 Bad Gateway</html>"));
        assertEquals(Kind.MALFORMED_RESPONSE, failure(provider(Duration.ofSeconds(2), Duration.ofSeconds(5), 0)
                .chat(request(Duration.ofSeconds(5)))).kind());
    }

    @Test
    void nanInTheEnvelopeIsMalformed() throws Exception {
        server.enqueue(new MockResponse().setBody(
                "{\"message\":{\"role\":\"assistant\",\"content\":\"{}\"},\"done\":true,\"eval_count\":NaN}"));
        assertEquals(Kind.MALFORMED_RESPONSE, failure(provider(Duration.ofSeconds(2), Duration.ofSeconds(5), 0)
                .chat(request(Duration.ofSeconds(5)))).kind());
    }

    @Test
    void replyWithoutMessageIsMalformed() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"model\":\"llama3.2\",\"done\":true}"));
        assertEquals(Kind.MALFORMED_RESPONSE, failure(provider(Duration.ofSeconds(2), Duration.ofSeconds(5), 0)
                .chat(request(Duration.ofSeconds(5)))).kind());
    }

    @Test
    void cancellingTheFutureCancelsTheCall() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        var f = provider(Duration.ofSeconds(30), Duration.ofSeconds(30), 0).chat(request(Duration.ofSeconds(30)));
        server.takeRequest(5, TimeUnit.SECONDS);
        assertTrue(f.cancel(true));
        assertTrue(f.isCancelled());
    }
}
