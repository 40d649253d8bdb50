package mechos.runtime.internal.llm;

import static mechos.runtime.internal.llm.ProviderTestSupport.failure;
import static mechos.runtime.internal.llm.ProviderTestSupport.http;
import static mechos.runtime.internal.llm.ProviderTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import mechos.runtime.api.llm.LlmException;
import mechos.runtime.api.llm.LlmException.Kind;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

class OpenAiProviderTest {
    static final String KEY = "sk-test-0123456789abcdef3f9a";

    /** A real chat.completions reply with structured output and usage. */
    static final String CHAT_REPLY = """
            {"id":"chatcmpl-AbC123","object":"chat.completion","created":1763888000,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant",
               "content":"{\\"rationale\\":\\"turn towards the door\\",\\"intent\\":{\\"action\\":\\"drive\\",\\"linear\\":0.0,\\"angular\\":0.3}}",
               "refusal":null},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":412,"completion_tokens":31,"total_tokens":443,
               "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}},
             "system_fingerprint":"fp_0ba0d124f1"}
            """;

    private final ObjectMapper mapper = new ObjectMapper();
    private MockWebServer server;
    private OpenAiProvider provider;

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

    private OpenAiProvider provider(String key, int retries) {
        provider = new OpenAiProvider(new OpenAiOptions(
                http(server.url("/").toString(), Duration.ofSeconds(2), Duration.ofSeconds(5), retries), "/v1",
                "gpt-4o-mini", "text-embedding-3-small", key, true, 0.0));
        return provider;
    }

    @Test
    void chatSendsStrictJsonSchemaAndBearerAndReadsUsage() throws Exception {
        server.enqueue(new MockResponse().setBody(CHAT_REPLY));
        ChatResponse reply = provider(KEY, 0).chat(request(Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);

        assertTrue(reply.content().contains("\"angular\":0.3"));
        assertEquals(412, reply.usage().promptTokens());
        assertEquals(31, reply.usage().completionTokens());
        assertFalse(reply.usage().estimated());
        assertEquals("gpt-4o-mini-2024-07-18", reply.model());

        RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/v1/chat/completions", sent.getPath());
        assertEquals("Bearer " + KEY, sent.getHeader("Authorization"));
        JsonNode body = mapper.readTree(sent.getBody().readUtf8());
        JsonNode format = body.get("response_format");
        assertEquals("json_schema", format.get("type").asText());
        assertTrue(format.get("json_schema").get("strict").asBoolean());
        assertEquals("intent_reply", format.get("json_schema").get("name").asText());
        assertEquals("object", format.get("json_schema").get("schema").get("type").asText());
        assertEquals(256, body.get("max_tokens").asInt());
    }

    @Test
    void noKeyMeansNoAuthorizationHeader() throws Exception {
        server.enqueue(new MockResponse().setBody(CHAT_REPLY));
        provider("", 0).chat(request(Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);
        assertNull(server.takeRequest().getHeader("Authorization"));
    }

    @Test
    void keyIsMaskedAndNeverPrinted() {
        OpenAiProvider p = provider(KEY, 0);
        assertEquals("****3f9a", p.info().maskedKey());
        assertFalse(p.info().toString().contains(KEY));
        OpenAiOptions options = new OpenAiOptions(http("http://127.0.0.1:1", Duration.ofSeconds(1),
                Duration.ofSeconds(1), 0), "/v1", "m", "", KEY, true, 0);
        assertFalse(options.toString().contains(KEY));
        assertEquals("****", Secrets.mask("short-key"));
    }

    @Test
    void unauthorizedIsNotRetriedAndDoesNotEchoTheKey() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(401).setBody(
                "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        server.enqueue(new MockResponse().setBody(CHAT_REPLY));
        LlmException e = failure(provider(KEY, 3).chat(request(Duration.ofSeconds(5))));
        assertEquals(Kind.CLIENT_ERROR, e.kind());
        assertEquals(401, e.httpStatus());
        assertEquals(1, server.getRequestCount());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void serverErrorThenSuccess() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(502));
        server.enqueue(new MockResponse().setBody(CHAT_REPLY));
        ChatResponse reply = provider(KEY, 2).chat(request(Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);
        assertEquals(2, reply.attempts());
    }

    @Test
    void refusalIsMalformed() throws Exception {
        server.enqueue(new MockResponse().setBody("""
                {"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,
                 "message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}"""));
        LlmException e = failure(provider(KEY, 0).chat(request(Duration.ofSeconds(5))));
        assertEquals(Kind.MALFORMED_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("refused"));
    }

    @Test
    void missingUsageIsEstimated() throws Exception {
        server.enqueue(new MockResponse().setBody(
                "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"a\\\":1}\"}}]}"));
        ChatResponse r = provider(KEY, 0).chat(request(Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);
        assertTrue(r.usage().estimated());
    }

    @Test
    void embeddings() throws Exception {
        server.enqueue(new MockResponse().setBody("""
                {"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.3,0.4]},
                 {"object":"embedding","index":0,"embedding":[0.1,0.2]}],"model":"text-embedding-3-small",
                 "usage":{"prompt_tokens":4,"total_tokens":4}}"""));
        var r = provider(KEY, 0).embed(new EmbeddingRequest(List.of("a", "b"), Duration.ofSeconds(5)))
                .get(10, TimeUnit.SECONDS);
        assertEquals(0.1f, r.vectors().get(0)[0], "ordered by index");
        assertEquals(4, r.usage().promptTokens());
        assertEquals("/v1/embeddings", server.takeRequest().getPath());
    }

    @Test
    void plainHttpToARemoteHostIsRefusedUnlessAllowed() {
        HttpOptions remote = new HttpOptions("http://llm.example.com:8000", Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofMillis(10), Duration.ofMillis(10), 1024,
                List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OpenAiProvider(new OpenAiOptions(remote, "/v1", "m", "", KEY, true, 0)));
        assertTrue(e.getMessage().contains("base_url"));

        HttpOptions allowed = new HttpOptions("http://llm.example.com:8000", Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofMillis(10), Duration.ofMillis(10), 1024,
                List.of("llm.example.com"));
        new OpenAiProvider(new OpenAiOptions(allowed, "/v1", "m", "", KEY, true, 0)).close();
        HttpOptions tls = new HttpOptions("https://api.example.com", Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 0, Duration.ofMillis(10), Duration.ofMillis(10), 1024, List.of());
        new OpenAiProvider(new OpenAiOptions(tls, "/v1", "m", "", KEY, true, 0)).close();
        assertTrue(EndpointPolicy.isLoopback("127.0.0.1"));
        assertTrue(EndpointPolicy.isLoopback("::1"));
        assertTrue(EndpointPolicy.isLoopback("localhost"));
        assertFalse(EndpointPolicy.isLoopback("10.0.0.1"));
    }
}
