package mechos.runtime.internal.llm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import mechos.runtime.api.llm.LlmException;
import mechos.runtime.api.llm.LlmException.Kind;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * POSTs JSON and reads JSON back, asynchronously, with the provider rules: timeouts, bounded retries with
 * exponential backoff and jitter on connection errors and 5xx (never on 4xx), and a reply size cap enforced while
 * reading. Headers (which may carry a bearer key) are never logged.
 */
final class JsonHttpCaller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpCaller.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int ERROR_SNIPPET_BYTES = 300;

    /** What a successful call produced. */
    record Reply(JsonNode json, int attempts, long latencyNanos) {
    }

    private final HttpOptions options;
    private final HttpUrl base;
    private final OkHttpClient client;
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper mapper;

    /**
     * @param scheduler used only to wait between retries; owned by the caller
     * @throws IllegalArgumentException when the base URL is malformed or not allowed
     */
    JsonHttpCaller(HttpOptions options, ScheduledExecutorService scheduler) {
        this.options = options;
        this.base = EndpointPolicy.check(options.baseUrl(), options.allowedHosts(), "base_url");
        this.scheduler = scheduler;
        this.client = new OkHttpClient.Builder()
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .writeTimeout(options.readTimeout())
                .callTimeout(options.totalTimeout())
                .retryOnConnectionFailure(false) // we retry ourselves, bounded and with backoff
                .followRedirects(false)          // a redirect could leave the allowed hosts
                .build();
        this.mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    HttpUrl base() {
        return base;
    }

    /**
     * @param path     e.g. {@code /api/chat}
     * @param body     JSON text
     * @param headers  extra headers (e.g. Authorization); never logged
     * @param deadline caller's total deadline; the effective one is the smaller of it and the total timeout
     */
    CompletableFuture<Reply> post(String path, String body, Map<String, String> headers, Duration deadline,
            String correlationId) {
        HttpUrl url = base.newBuilder().addPathSegments(path.startsWith("/") ? path.substring(1) : path).build();
        Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
        headers.forEach(rb::header);
        Request request = rb.build();
        long start = System.nanoTime();
        long budgetNanos = Math.min(deadline.toNanos(), options.totalTimeout().toNanos());
        CompletableFuture<Reply> result = new CompletableFuture<>();
        AtomicReference<Call> current = new AtomicReference<>();
        result.whenComplete((r, e) -> {
            Call c = current.get();
            if (result.isCancelled() && c != null) {
                c.cancel();
            }
        });
        attempt(request, 1, start, budgetNanos, result, current, correlationId);
        return result;
    }

    private void attempt(Request request, int attempt, long start, long budgetNanos, CompletableFuture<Reply> result,
            AtomicReference<Call> current, String correlationId) {
        if (result.isDone()) {
            return;
        }
        long remaining = budgetNanos - (System.nanoTime() - start);
        if (remaining <= 0) {
            result.completeExceptionally(new LlmException(Kind.TIMEOUT,
                    "deadline of " + Duration.ofNanos(budgetNanos).toMillis() + " ms passed after " + (attempt - 1)
                            + " attempt(s) to " + request.url().encodedPath()));
            return;
        }
        Call call = client.newCall(request);
        call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
        current.set(call);
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                LlmException failure = classify(e, request.url().encodedPath());
                retryOrFail(request, attempt, start, budgetNanos, result, current, correlationId, failure);
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    handle(response, request, attempt, start, budgetNanos, result, current, correlationId);
                } catch (RuntimeException e) {
                    // A bug in reply handling must still complete the future (and never kill OkHttp's thread).
                    result.completeExceptionally(new LlmException(Kind.MALFORMED_RESPONSE,
                            "reply handling failed: " + e, 0, e));
                }
            }
        });
    }

    private void handle(Response response, Request request, int attempt, long start, long budgetNanos,
            CompletableFuture<Reply> result, AtomicReference<Call> current, String correlationId) {
        int code = response.code();
        String path = request.url().encodedPath();
        if (code >= 500) {
            LlmException failure = new LlmException(Kind.SERVER_ERROR,
                    "HTTP " + code + " from " + path + ": " + snippet(response.body()), code, null);
            retryOrFail(request, attempt, start, budgetNanos, result, current, correlationId, failure);
            return;
        }
        if (code >= 300) {
            // 4xx (and redirects, which we do not follow): retrying cannot help.
            result.completeExceptionally(new LlmException(Kind.CLIENT_ERROR,
                    "HTTP " + code + " from " + path + ": " + snippet(response.body()), code, null));
            return;
        }
        byte[] bytes;
        try {
            bytes = readCapped(response.body(), options.maxResponseBytes());
        } catch (LlmException e) {
            result.completeExceptionally(e);
            return;
        } catch (InterruptedIOException e) {
            result.completeExceptionally(new LlmException(Kind.TIMEOUT,
                    "reply from " + path + " too slow: " + e.getMessage(), code, e));
            return;
        } catch (IOException e) {
            result.completeExceptionally(new LlmException(Kind.MALFORMED_RESPONSE,
                    "reply from " + path + " truncated: " + e.getMessage(), code, e));
            return;
        }
        JsonNode json;
        try {
            json = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            result.completeExceptionally(new LlmException(Kind.MALFORMED_RESPONSE,
                    "reply from " + path + " is not JSON: " + e.getOriginalMessage(), code, e));
            return;
        } catch (IOException e) {
            result.completeExceptionally(new LlmException(Kind.MALFORMED_RESPONSE,
                    "reply from " + path + " unreadable: " + e.getMessage(), code, e));
            return;
        }
        if (json == null || json.isMissingNode()) {
            result.completeExceptionally(new LlmException(Kind.MALFORMED_RESPONSE,
                    "empty reply from " + path, code, null));
            return;
        }
        LOG.debug("{} {} -> {} in {} attempt(s), {} bytes [{}]", request.method(), path, code, attempt,
                bytes.length, correlationId);
        result.complete(new Reply(json, attempt, System.nanoTime() - start));
    }

    private void retryOrFail(Request request, int attempt, long start, long budgetNanos,
            CompletableFuture<Reply> result, AtomicReference<Call> current, String correlationId,
            LlmException failure) {
        boolean retryable = failure.kind() == Kind.UNREACHABLE || failure.kind() == Kind.SERVER_ERROR;
        if (!retryable || attempt > options.maxRetries() || result.isDone()) {
            result.completeExceptionally(failure);
            return;
        }
        long delay = backoffNanos(attempt);
        long remaining = budgetNanos - (System.nanoTime() - start);
        if (delay >= remaining) {
            result.completeExceptionally(failure);
            return;
        }
        LOG.debug("attempt {} to {} failed ({}); retrying in {} ms [{}]", attempt, request.url().encodedPath(),
                failure.getMessage(), TimeUnit.NANOSECONDS.toMillis(delay), correlationId);
        try {
            scheduler.schedule(() -> attempt(request, attempt + 1, start, budgetNanos, result, current,
                    correlationId), delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new LlmException(Kind.CANCELLED, "provider is shutting down", 0, e));
        }
    }

    /** Exponential backoff with ±50 % jitter, capped. */
    long backoffNanos(int attempt) {
        long base = options.backoffInitial().toNanos() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, options.backoffMax().toNanos());
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return Math.max(1, (long) (capped * jitter));
    }

    static LlmException classify(IOException e, String path) {
        String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if ("Canceled".equalsIgnoreCase(e.getMessage())) {
            return new LlmException(Kind.CANCELLED, "call to " + path + " cancelled", 0, e);
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException
                || (e instanceof SocketTimeoutException && String.valueOf(e.getMessage()).contains("connect"))) {
            return new LlmException(Kind.UNREACHABLE, "cannot reach " + path + ": " + msg, 0, e);
        }
        if (e instanceof InterruptedIOException) {
            return new LlmException(Kind.TIMEOUT, "call to " + path + " timed out: " + msg, 0, e);
        }
        // Connection reset / closed before a response: the server went away; retryable like a refused connect.
        return new LlmException(Kind.UNREACHABLE, "connection to " + path + " failed: " + msg, 0, e);
    }

    /** Reads at most {@code max} bytes; fails as soon as the body grows past it, without reading the rest. */
    static byte[] readCapped(ResponseBody body, long max) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        long declared = body.contentLength();
        if (declared > max) {
            throw new LlmException(Kind.RESPONSE_TOO_LARGE,
                    "reply declares " + declared + " bytes, more than the cap of " + max);
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (true) {
            long n = source.read(buffer, 8192);
            if (n == -1) {
                break;
            }
            if (buffer.size() > max) {
                throw new LlmException(Kind.RESPONSE_TOO_LARGE,
                        "reply grew past the cap of " + max + " bytes; reading stopped");
            }
        }
        return buffer.readByteArray();
    }

    private static String snippet(ResponseBody body) {
        if (body == null) {
            return "";
        }
        try {
            BufferedSource source = body.source();
            source.request(ERROR_SNIPPET_BYTES);
            long n = Math.min(source.getBuffer().size(), ERROR_SNIPPET_BYTES);
            return source.getBuffer().readString(n, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        } catch (IOException e) {
            return "(body unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
