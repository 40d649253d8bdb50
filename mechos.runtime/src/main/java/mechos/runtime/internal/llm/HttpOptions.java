package mechos.runtime.internal.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = baseUrl.strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        allowedHosts = List.copyOf(allowedHosts);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must be >= 0: " + maxRetries);
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("max response bytes must be positive: " + maxResponseBytes);
        }
    }
}
