package mechos.runtime.api.llm;

/**
 * A failed LLM call. The message never contains an API key or a whole prompt.
 */
public class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a call failed; decides whether it is retried and what the agent loop reports. */
    public enum Kind {
        /** The deadline (connect, read or total) passed. */
        TIMEOUT,
        /**
         * Connection refused, DNS failure, connect timeout (retried: the request never left), or a connection that
         * broke after the request was sent and before an answer (not retried: the server may have processed it).
         */
        UNREACHABLE,
        /** HTTP 5xx. Retried. */
        SERVER_ERROR,
        /** HTTP 4xx (bad key, unknown model, bad request). Never retried. */
        CLIENT_ERROR,
        /** The reply body was larger than the configured cap; reading stopped at the cap. */
        RESPONSE_TOO_LARGE,
        /** The reply was not the JSON envelope the protocol defines (truncated, not JSON, missing fields). */
        MALFORMED_RESPONSE,
        /** The configured endpoint is not allowed (plain http to a host that is neither loopback nor allowed). */
        FORBIDDEN_ENDPOINT,
        /** The provider has no such endpoint (e.g. embeddings). */
        UNSUPPORTED,
        /** The caller cancelled, or the provider was deactivated. */
        CANCELLED
    }

    private final Kind kind;
    private final int httpStatus;

    public LlmException(Kind kind, String message) {
        this(kind, message, 0, null);
    }

    public LlmException(Kind kind, String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
    }

    /** @return why the call failed */
    public Kind kind() {
        return kind;
    }

    /** @return the HTTP status of the last attempt, or 0 when there was no HTTP response */
    public int httpStatus() {
        return httpStatus;
    }
}
