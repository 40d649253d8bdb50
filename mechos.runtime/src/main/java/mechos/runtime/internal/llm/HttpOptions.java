package mechos.runtime.internal.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

import mechos.runtime.internal.ConfigCheck;

/**
 * Transport settings shared by the HTTP providers.
 *
 * @param baseUrl          e.g. {@code http://127.0.0.1:11434}, without a trailing slash
 * @param connectTimeout   TCP/TLS connect timeout
 * @param readTimeout      longest silence between two reads
 * @param totalTimeout     cap on one whole call including retries (the request's own deadline may be shorter)
 * @param maxRetries       retries after the first attempt on connection errors and 5xx
 * @param backoffInitial   delay before the first retry; doubled each time, with ±50 % jitter
 * @param backoffMax       largest delay between retries
 * @param maxResponseBytes the reply body is cut off (and the call failed) when it grows past this
 * @param allowedHosts     hosts that may be reached by plain http besides loopback
 */
public record HttpOptions(String baseUrl, Duration connectTimeout, Duration readTimeout, Duration totalTimeout,
        int maxRetries, Duration backoffInitial, Duration backoffMax, long maxResponseBytes, List<String> allowedHosts) {
    public HttpOptions {
        baseUrl = normalise(baseUrl);
        allowedHosts = List.copyOf(allowedHosts);
        checkConnectTimeout(connectTimeout);
        checkMaxRetries(maxRetries);
        checkMaxResponseBytes(maxResponseBytes);
    }

    /**
     * The transport checks a provider's activation runs (this record's and the endpoint policy
     * {@link JsonHttpCaller} applies), each naming its configuration keys, for the bundle's configuration
     * validator. The accessors read a provider's configuration type.
     */
    static <C> List<ConfigCheck<C>> checks(Function<C, String> baseUrl, Function<C, String[]> allowedHosts,
            ToLongFunction<C> connectTimeoutMs, ToIntFunction<C> maxRetries, ToLongFunction<C> maxResponseBytes) {
        return List.of(
                ConfigCheck.of(c -> EndpointPolicy.check(normalise(baseUrl.apply(c)), List.of(allowedHosts.apply(c)),
                        "base_url"), "base.url", "allowed.hosts"),
                ConfigCheck.of(c -> checkConnectTimeout(Duration.ofMillis(connectTimeoutMs.applyAsLong(c))),
                        "connect.timeout.ms"),
                ConfigCheck.of(c -> checkMaxRetries(maxRetries.applyAsInt(c)), "max.retries"),
                ConfigCheck.of(c -> checkMaxResponseBytes(maxResponseBytes.applyAsLong(c)), "max.response.bytes"));
    }

    private static String normalise(String baseUrl) {
        String url = Objects.requireNonNull(baseUrl, "baseUrl").strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    /** The JDK's HTTP client refuses a connect timeout that is not positive; say so naming the property. */
    private static void checkConnectTimeout(Duration connectTimeout) {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout.toMillis()
                    + " ms");
        }
    }

    private static void checkMaxRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must be >= 0: " + maxRetries);
        }
    }

    private static void checkMaxResponseBytes(long maxResponseBytes) {
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("max response bytes must be positive: " + maxResponseBytes);
        }
    }
}
