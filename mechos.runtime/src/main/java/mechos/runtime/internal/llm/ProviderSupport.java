package mechos.runtime.internal.llm;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.runtime.api.llm.LlmException;
import mechos.runtime.api.llm.LlmException.Kind;

/** Small helpers the HTTP providers share. */
final class ProviderSupport {
    private ProviderSupport() {
    }

    /** A one-thread daemon scheduler for retry delays, named after the provider. */
    static ScheduledExecutorService retryScheduler(String kind) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mechos-llm-" + kind + "-retry");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return s;
    }

    static void shutdown(ScheduledExecutorService s) {
        s.shutdownNow();
        try {
            s.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The parsed form of the last request schema: the agent sends the same schema text with every decision, so
     * it is parsed once, not per request. The tree is only serialised into request bodies, never modified.
     */
    static final class SchemaCache {
        private record Entry(String text, JsonNode tree) {
        }

        private final java.util.concurrent.atomic.AtomicReference<Entry> last =
                new java.util.concurrent.atomic.AtomicReference<>();

        JsonNode tree(ObjectMapper mapper, String schema) {
            Entry e = last.get();
            if (e != null && e.text().equals(schema)) {
                return e.tree();
            }
            JsonNode tree = schemaTree(mapper, schema);
            last.set(new Entry(schema, tree));
            return tree;
        }
    }

    /** Parses a JSON Schema text into a tree (to embed it as an object in a request body). */
    static JsonNode schemaTree(ObjectMapper mapper, String schema) {
        try {
            return mapper.readTree(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request's JSON schema is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String write(ObjectMapper mapper, Object tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print request body: " + e.getOriginalMessage(), e);
        }
    }

    static <T> CompletableFuture<T> failed(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (!(cause instanceof LlmException)) {
            cause = new LlmException(Kind.MALFORMED_RESPONSE, "request failed: " + cause, 0, cause);
        }
        return CompletableFuture.failedFuture(cause);
    }

    static String requireText(JsonNode node, String what) {
        if (node == null || !node.isTextual()) {
            throw new LlmException(Kind.MALFORMED_RESPONSE, "reply has no " + what);
        }
        return node.asText();
    }

    static long count(JsonNode node) {
        return node != null && node.canConvertToLong() && node.asLong() >= 0 ? node.asLong() : -1;
    }
}
