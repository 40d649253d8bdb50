package mechos.runtime.internal.llm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import mechos.runtime.api.llm.ChatMessage;
import mechos.runtime.api.llm.ChatRequest;
import mechos.runtime.api.llm.LlmException;
import mechos.runtime.api.llm.Role;

final class ProviderTestSupport {
    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"intent\":{\"type\":\"object\"}},"
            + "\"required\":[\"intent\"],\"additionalProperties\":false}";

    private ProviderTestSupport() {
    }

    static HttpOptions http(String baseUrl, Duration read, Duration total, int retries) {
        return new HttpOptions(baseUrl, Duration.ofMillis(500), read, total, retries, Duration.ofMillis(20),
                Duration.ofMillis(100), 1024 * 1024, List.of());
    }

    static ChatRequest request(Duration deadline) {
        return new ChatRequest(List.of(new ChatMessage(Role.SYSTEM, "You drive a robot."),
                new ChatMessage(Role.USER, "Where next?")), "intent_reply", SCHEMA, deadline, 256, "t-1");
    }

    /** Waits for a future that must fail and returns the LlmException. */
    static LlmException failure(CompletableFuture<?> f) throws InterruptedException, TimeoutException {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LlmException le) {
                return le;
            }
            throw new AssertionError("failed with something other than LlmException", e.getCause());
        }
        throw new AssertionError("expected a failure, got a result");
    }
}
