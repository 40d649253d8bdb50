package mechos.itest.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import mechos.runtime.api.llm.ChatRequest;
import mechos.runtime.api.llm.ChatResponse;
import mechos.runtime.api.llm.EmbeddingRequest;
import mechos.runtime.api.llm.EmbeddingResponse;
import mechos.runtime.api.llm.LlmException;
import mechos.runtime.api.llm.LlmProvider;
import mechos.runtime.api.llm.ProviderInfo;
import mechos.runtime.api.llm.Usage;

/** An LLM provider registered by the test: each chat is answered by the current script. */
final class ScriptedLlm implements LlmProvider {
    /** A chat as the provider saw it. */
    record Call(long startedNanos, ChatRequest request) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile Function<ChatRequest, CompletableFuture<ChatResponse>> script =
            r -> CompletableFuture.completedFuture(reply("{\"rationale\":\"idle\",\"intent\":{\"action\":\"stop\",\"reason\":null}}", 50));

    static ChatResponse reply(String content, long promptTokens) {
        return new ChatResponse(content, "itest-model", new Usage(promptTokens, 10, false), 1_000_000L, 1);
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo("itest", "memory:", "itest-model", "");
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
        calls.add(new Call(System.nanoTime(), request));
        return script.apply(request);
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request) {
        return CompletableFuture.failedFuture(new LlmException(LlmException.Kind.UNSUPPORTED, "no embeddings"));
    }
}
