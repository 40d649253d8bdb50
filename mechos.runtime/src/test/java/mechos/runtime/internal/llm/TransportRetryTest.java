package mechos.runtime.internal.llm;

import static mechos.runtime.internal.llm.ProviderTestSupport.failure;
import static mechos.runtime.internal.llm.ProviderTestSupport.http;
import static mechos.runtime.internal.llm.ProviderTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mechos.runtime.api.llm.ChatResponse;
import mechos.runtime.api.llm.LlmException;
import mechos.runtime.api.llm.LlmException.Kind;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;

/** Issue 16 defect 8: 429/503 honour Retry-After; a request that may have been delivered is never sent twice. */
class TransportRetryTest {
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

    private OllamaProvider provider(int retries) {
        provider = new OllamaProvider(new OllamaOptions(http(server.url("/").toString(), Duration.ofSeconds(5),
                Duration.ofSeconds(20), retries), "llama3.2", "nomic-embed-text", "5m", 0.1, 4096));
        return provider;
    }

    @Test
    void tooManyRequestsWithRetryAfterIsRetried() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "0")
                .setBody("{\"error\":\"rate limited\"}"));
        server.enqueue(new MockResponse().setBody(OllamaProviderTest.CHAT_REPLY));
        ChatResponse r = provider(2).chat(request(Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS);
        assertEquals(2, r.attempts());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void serviceUnavailableWithRetryAfterIsRetried() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));
        server.enqueue(new MockResponse().setBody(OllamaProviderTest.CHAT_REPLY));
        assertEquals(2, provider(2).chat(request(Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS).attempts());
    }

    @Test
    void retryAfterBeyondTheDeadlineFailsAtOnceNamingIt() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "120"));
        server.enqueue(new MockResponse().setBody(OllamaProviderTest.CHAT_REPLY));
        LlmException e = failure(provider(3).chat(request(Duration.ofSeconds(2))));
        assertEquals(429, e.httpStatus());
        assertTrue(e.getMessage().contains("Retry-After 120") && e.getMessage().contains("would pass the deadline"),
                e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void connectionLostAfterTheRequestWasSentIsNotRetried() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(new MockResponse().setBody(OllamaProviderTest.CHAT_REPLY));
        LlmException e = failure(provider(3).chat(request(Duration.ofSeconds(10))));
        assertEquals(Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("not retried"), e.getMessage());
        assertEquals(1, server.getRequestCount(), "a possibly billed POST is not sent twice");
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", "http://example.com/api/chat"));
        LlmException e = failure(provider(3).chat(request(Duration.ofSeconds(10))));
        assertEquals(Kind.CLIENT_ERROR, e.kind());
        assertEquals(307, e.httpStatus());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void retryAfterParsesSecondsAndHttpDates() {
        assertEquals(TimeUnit.SECONDS.toNanos(7), JsonHttpCaller.retryAfterNanos(Optional.of(" 7 ")).getAsLong());
        String in30s = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        long nanos = JsonHttpCaller.retryAfterNanos(Optional.of(in30s)).getAsLong();
        assertTrue(nanos > TimeUnit.SECONDS.toNanos(25) && nanos <= TimeUnit.SECONDS.toNanos(31), "" + nanos);
        assertFalse(JsonHttpCaller.retryAfterNanos(Optional.of("soon")).isPresent());
        assertFalse(JsonHttpCaller.retryAfterNanos(Optional.empty()).isPresent());
    }

    @Test
    void onlyFailuresBeforeDeliveryCountAsNotDelivered() {
        assertTrue(JsonHttpCaller.notDelivered(new CompletionException(new ConnectException("refused"))));
        assertTrue(JsonHttpCaller.notDelivered(new HttpConnectTimeoutException("connect timed out")));
        assertFalse(JsonHttpCaller.notDelivered(new IOException("HTTP/1.1 header parser received no bytes")));
    }

    @Test
    void theRequestSchemaIsParsedOnceNotPerRequest() {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        ProviderSupport.SchemaCache cache = new ProviderSupport.SchemaCache();
        var first = cache.tree(mapper, ProviderTestSupport.SCHEMA);
        assertTrue(first == cache.tree(mapper, new String(ProviderTestSupport.SCHEMA)), "same text, same tree");
        assertFalse(first == cache.tree(mapper, "{\"type\":\"object\"}"), "another schema is parsed");
    }
}
