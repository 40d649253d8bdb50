package mechos.runtime.internal.llm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

/**
 * POSTs JSON and reads JSON back, asynchronously, on the JDK's {@link HttpClient}, with the provider rules:
 * <ul>
 * <li>deadlines: connect timeout, longest silence (no bytes) while waiting for and reading the reply, and a total
 * deadline (the smaller of the caller's and the configured one) that covers every attempt and wait;</li>
 * <li>retries, bounded, with exponential backoff and jitter, only where a retry cannot bill a request twice: the
 * connection was never made (refused, DNS, connect timeout), or the server answered 5xx; HTTP 429 and 503 wait
 * for {@code Retry-After} when given. A connection that breaks after the request was sent is not retried (the
 * server may already be generating, and paying for, the reply);</li>
 * <li>no redirects (a redirect could leave the allowed hosts), and the reply size cap enforced while reading.</li>
 * </ul>
 * Headers (which may carry a bearer key) are never logged.
 */
final class JsonHttpCaller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpCaller.class);
    private static final int ERROR_SNIPPET_BYTES = 300;
    private static final long MIN_SILENCE_CHECK_NANOS = 10_000_000L;

    /** What a successful call produced. */
    record Reply(JsonNode json, int attempts, long latencyNanos) {
    }

    /** One HTTP answer: the status, the body (capped) and a Retry-After header if any. */
    private record Answer(int code, byte[] body, Optional<String> retryAfter) {
    }

    private final HttpOptions options;
    private final URI base;
    private final ExecutorService executor;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper mapper;

    /**
     * @param scheduler used for deadlines and to wait between retries; owned by the caller
     * @throws IllegalArgumentException when the base URL is malformed or not allowed
     */
    JsonHttpCaller(HttpOptions options, ScheduledExecutorService scheduler) {
        this.options = options;
        this.base = EndpointPolicy.check(options.baseUrl(), options.allowedHosts(), "base_url");
        this.scheduler = scheduler;
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mechos-llm-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor = pool;
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could leave the allowed hosts
                .version(HttpClient.Version.HTTP_1_1)       // no h2c upgrade dance with local servers
                .executor(pool)
                .build();
        this.mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    URI base() {
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
        URI url;
        HttpRequest.Builder rb;
        try {
            String basePath = base.getRawPath() == null ? "" : base.getRawPath();
            url = base.resolve(basePath + (path.startsWith("/") ? path : "/" + path));
            rb = HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(rb::header);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new LlmException(Kind.FORBIDDEN_ENDPOINT,
                    "cannot build a request to " + path + ": " + e.getMessage(), 0, e));
        }
        Exchange x = new Exchange(rb, url.getRawPath(), correlationId,
                Math.min(deadline.toNanos(), options.totalTimeout().toNanos()));
        x.start();
        return x.result;
    }

    /** One call: its attempts, its deadline and silence timers, and the future the caller holds. */
    private final class Exchange {
        final CompletableFuture<Reply> result = new CompletableFuture<>();
        final HttpRequest.Builder request;
        final String path;
        final String correlationId;
        final long start = System.nanoTime();
        final long budgetNanos;
        volatile CompletableFuture<HttpResponse<Answer>> inFlight;
        volatile long lastActivity = System.nanoTime();
        volatile boolean headersReceived;
        private ScheduledFuture<?> deadlineTimer;
        private ScheduledFuture<?> silenceTimer;

        Exchange(HttpRequest.Builder request, String path, String correlationId, long budgetNanos) {
            this.request = request;
            this.path = path;
            this.correlationId = correlationId;
            this.budgetNanos = budgetNanos;
        }

        void start() {
            try {
                deadlineTimer = scheduler.schedule(this::deadlinePassed, Math.max(1, budgetNanos),
                        TimeUnit.NANOSECONDS);
                long period = Math.max(MIN_SILENCE_CHECK_NANOS, options.readTimeout().toNanos() / 4);
                silenceTimer = scheduler.scheduleWithFixedDelay(this::checkSilence, period, period,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new LlmException(Kind.CANCELLED, "provider is shutting down", 0, e));
                return;
            }
            result.whenComplete((r, e) -> {
                deadlineTimer.cancel(false);
                silenceTimer.cancel(false);
                CompletableFuture<HttpResponse<Answer>> f = inFlight;
                if (f != null && !f.isDone()) {
                    f.cancel(true); // JDK 16+: aborts the exchange and closes its connection
                }
            });
            attempt(1);
        }

        private void deadlinePassed() {
            result.completeExceptionally(new LlmException(Kind.TIMEOUT, "deadline of "
                    + TimeUnit.NANOSECONDS.toMillis(budgetNanos) + " ms passed calling " + path));
        }

        private void checkSilence() {
            long silent = System.nanoTime() - lastActivity;
            if (inFlight != null && silent > options.readTimeout().toNanos()) {
                result.completeExceptionally(new LlmException(Kind.TIMEOUT, "no bytes from " + path + " for "
                        + TimeUnit.NANOSECONDS.toMillis(silent) + " ms (read timeout "
                        + options.readTimeout().toMillis() + " ms)"));
            }
        }

        void activity() {
            lastActivity = System.nanoTime();
        }

        private void attempt(int attempt) {
            if (result.isDone()) {
                return;
            }
            long remaining = budgetNanos - (System.nanoTime() - start);
            if (remaining <= 0) {
                deadlinePassed();
                return;
            }
            headersReceived = false;
            activity();
            HttpRequest req = request.timeout(Duration.ofNanos(remaining)).build();
            CompletableFuture<HttpResponse<Answer>> f;
            try {
                f = client.sendAsync(req, this::handler);
            } catch (RuntimeException e) {
                result.completeExceptionally(new LlmException(Kind.CANCELLED, "cannot send: " + e, 0, e));
                return;
            }
            inFlight = f;
            f.whenComplete((response, error) -> {
                try {
                    if (error != null) {
                        onFailure(attempt, error);
                    } else {
                        onAnswer(attempt, response.body());
                    }
                } catch (RuntimeException e) {
                    // A bug in reply handling must still complete the future (and never kill a client thread).
                    result.completeExceptionally(new LlmException(Kind.MALFORMED_RESPONSE,
                            "reply handling failed: " + e, 0, e));
                }
            });
        }

        private HttpResponse.BodySubscriber<Answer> handler(HttpResponse.ResponseInfo info) {
            headersReceived = true;
            activity();
            int code = info.statusCode();
            Optional<String> retryAfter = info.headers().firstValue("Retry-After");
            if (code >= 300) {
                return HttpResponse.BodySubscribers.mapping(new Capped(ERROR_SNIPPET_BYTES, false, this),
                        b -> new Answer(code, b, retryAfter));
            }
            OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
            if (declared.isPresent() && declared.getAsLong() > options.maxResponseBytes()) {
                return HttpResponse.BodySubscribers.mapping(new Refused(new LlmException(Kind.RESPONSE_TOO_LARGE,
                        "reply declares " + declared.getAsLong() + " bytes, more than the cap of "
                                + options.maxResponseBytes())), b -> new Answer(code, b, retryAfter));
            }
            return HttpResponse.BodySubscribers.mapping(new Capped(options.maxResponseBytes(), true, this),
                    b -> new Answer(code, b, retryAfter));
        }

        private void onAnswer(int attempt, Answer a) {
            int code = a.code();
            if (code == 429 || code == 503) {
                LlmException failure = new LlmException(code == 429 ? Kind.CLIENT_ERROR : Kind.SERVER_ERROR,
                        "HTTP " + code + " from " + path + ": " + snippet(a.body())
                                + a.retryAfter().map(r -> " (Retry-After " + r + ")").orElse(""), code, null);
                OptionalLong wait = retryAfterNanos(a.retryAfter());
                retryOrFail(attempt, failure, wait.isPresent() ? wait.getAsLong() : backoffNanos(attempt),
                        wait.isPresent());
                return;
            }
            if (code >= 500) {
                retryOrFail(attempt, new LlmException(Kind.SERVER_ERROR, "HTTP " + code + " from " + path + ": "
                        + snippet(a.body()), code, null), backoffNanos(attempt), false);
                return;
            }
            if (code >= 300) {
                // other 4xx, and redirects (never followed): retrying cannot help
                result.completeExceptionally(new LlmException(Kind.CLIENT_ERROR,
                        "HTTP " + code + " from " + path + ": " + snippet(a.body()), code, null));
                return;
            }
            JsonNode json;
            try {
                json = mapper.readTree(a.body());
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
            LOG.debug("POST {} -> {} in {} attempt(s), {} bytes [{}]", path, code, attempt, a.body().length,
                    correlationId);
            result.complete(new Reply(json, attempt, System.nanoTime() - start));
        }

        private void onFailure(int attempt, Throwable error) {
            if (result.isDone()) {
                return;
            }
            LlmException known = find(error, LlmException.class);
            if (known != null) {
                result.completeExceptionally(known);
                return;
            }
            if (find(error, CancellationException.class) != null) {
                result.completeExceptionally(new LlmException(Kind.CANCELLED, "call to " + path + " cancelled"));
                return;
            }
            String msg = describe(error);
            if (notDelivered(error)) {
                retryOrFail(attempt, new LlmException(Kind.UNREACHABLE, "cannot reach " + path + ": " + msg, 0,
                        error), backoffNanos(attempt), false);
            } else if (find(error, HttpTimeoutException.class) != null) {
                result.completeExceptionally(new LlmException(Kind.TIMEOUT, "call to " + path + " timed out: "
                        + msg, 0, error));
            } else if (headersReceived) {
                result.completeExceptionally(new LlmException(Kind.MALFORMED_RESPONSE, "reply from " + path
                        + " truncated: " + msg, 0, error));
            } else {
                // The request went out and the connection broke before an answer: the server may be processing
                // (and billing) it, so it is not sent again.
                result.completeExceptionally(new LlmException(Kind.UNREACHABLE, "connection to " + path
                        + " failed after the request was sent (not retried: it may have been processed): " + msg,
                        0, error));
            }
        }

        private void retryOrFail(int attempt, LlmException failure, long delay, boolean serverAskedDelay) {
            if (attempt > options.maxRetries() || result.isDone()) {
                result.completeExceptionally(failure);
                return;
            }
            long remaining = budgetNanos - (System.nanoTime() - start);
            if (delay >= remaining) {
                result.completeExceptionally(serverAskedDelay ? new LlmException(failure.kind(),
                        failure.getMessage() + ": waiting " + TimeUnit.NANOSECONDS.toMillis(delay)
                                + " ms would pass the deadline (" + TimeUnit.NANOSECONDS.toMillis(remaining)
                                + " ms left)", failure.httpStatus(), null) : failure);
                return;
            }
            LOG.debug("attempt {} to {} failed ({}); retrying in {} ms [{}]", attempt, path, failure.getMessage(),
                    TimeUnit.NANOSECONDS.toMillis(delay), correlationId);
            inFlight = null;
            try {
                scheduler.schedule(() -> attempt(attempt + 1), Math.max(0, delay), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new LlmException(Kind.CANCELLED, "provider is shutting down", 0, e));
            }
        }
    }

    /**
     * Collects the body up to {@code max} bytes. Over the cap it either fails ({@code fail}: the reply, reading
     * stops at once) or keeps the first {@code max} bytes and stops reading (an error body's snippet).
     */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final boolean fail;
        private final Exchange exchange;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Capped(long max, boolean fail, Exchange exchange) {
            this.max = max;
            this.fail = fail;
            this.exchange = exchange;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            exchange.activity();
            for (ByteBuffer b : items) {
                int n = b.remaining();
                if (out.size() + (long) n > max) {
                    subscription.cancel();
                    if (fail) {
                        body.completeExceptionally(new LlmException(Kind.RESPONSE_TOO_LARGE,
                                "reply grew past the cap of " + max + " bytes; reading stopped"));
                    } else {
                        byte[] part = new byte[(int) (max - out.size())];
                        b.get(part);
                        out.write(part, 0, part.length);
                        body.complete(out.toByteArray());
                    }
                    return;
                }
                byte[] chunk = new byte[n];
                b.get(chunk);
                out.write(chunk, 0, n);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }
    }

    /** Reads nothing: the reply was refused from its headers. */
    private static final class Refused implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();

        Refused(LlmException why) {
            body.completeExceptionally(why);
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            // cancelled in onSubscribe; nothing is read
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            // the body future already failed
        }
    }

    /** Exponential backoff with ±50 % jitter, capped. */
    long backoffNanos(int attempt) {
        long base = options.backoffInitial().toNanos() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, options.backoffMax().toNanos());
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return Math.max(1, (long) (capped * jitter));
    }

    /** {@code Retry-After}: delay seconds or an HTTP date; empty when absent or unreadable. */
    static OptionalLong retryAfterNanos(Optional<String> header) {
        if (header.isEmpty()) {
            return OptionalLong.empty();
        }
        String v = header.get().strip();
        try {
            long s = Long.parseLong(v);
            return s < 0 ? OptionalLong.empty() : OptionalLong.of(TimeUnit.SECONDS.toNanos(Math.min(s, 86_400)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                long ms = at.toInstant().toEpochMilli() - System.currentTimeMillis();
                return OptionalLong.of(TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(ms, 86_400_000L))));
            } catch (DateTimeParseException e) {
                LOG.debug("unreadable Retry-After '{}'", v, e);
                return OptionalLong.empty();
            }
        }
    }

    /** True when the failure happened before the request could reach the server (safe to send again). */
    static boolean notDelivered(Throwable error) {
        return find(error, HttpConnectTimeoutException.class) != null || find(error, ConnectException.class) != null
                || find(error, UnknownHostException.class) != null || find(error, NoRouteToHostException.class) != null;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static String describe(Throwable error) {
        Throwable c = error;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    private static String snippet(byte[] body) {
        int n = Math.min(body.length, ERROR_SNIPPET_BYTES);
        return new String(body, 0, n, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
