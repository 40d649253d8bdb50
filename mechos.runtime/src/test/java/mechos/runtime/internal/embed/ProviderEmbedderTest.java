package mechos.runtime.internal.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import mechos.runtime.api.llm.ChatRequest;
import mechos.runtime.api.llm.ChatResponse;
import mechos.runtime.api.llm.EmbeddingRequest;
import mechos.runtime.api.llm.EmbeddingResponse;
import mechos.runtime.api.llm.LlmProvider;
import mechos.runtime.api.llm.ProviderInfo;

class ProviderEmbedderTest {
    private static LlmProvider provider(Function<EmbeddingRequest, CompletableFuture<EmbeddingResponse>> embed) {
        return new LlmProvider() {
            @Override
            public ProviderInfo info() {
                return new ProviderInfo("fake", "http://127.0.0.1", "m", "");
            }

            @Override
            public CompletableFuture<ChatResponse> chat(ChatRequest request) {
                return CompletableFuture.failedFuture(new IllegalStateException("not used"));
            }

            @Override
            public CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request) {
                return embed.apply(request);
            }
        };
    }

    private static ProviderEmbedder embedder(LlmProvider p, int dim, long timeoutMs) {
        return new ProviderEmbedder(p, "fake:m", dim, Duration.ofMillis(timeoutMs));
    }

    @Test
    void returnsTheProvidersVectorForTheText() throws Exception {
        String[] seen = new String[1];
        ProviderEmbedder e = embedder(provider(r -> {
            seen[0] = r.inputs().get(0);
            return CompletableFuture.completedFuture(new EmbeddingResponse(List.of(new float[] { 1f, 2f, 3f }), "m", null));
        }), 3, 1000);
        assertArrayEquals(new float[] { 1f, 2f, 3f }, e.embed("the loading door"));
        assertTrue("the loading door".equals(seen[0]));
    }

    @Test
    void aWrongDimensionIsAnErrorNamingBothSizes() {
        ProviderEmbedder e = embedder(provider(r -> CompletableFuture
                .completedFuture(new EmbeddingResponse(List.of(new float[4]), "m", null))), 3, 1000);
        Exception x = assertThrows(Exception.class, () -> e.embed("x"));
        assertTrue(x.getMessage().contains("4 dimensions, configured 3"), x.getMessage());
    }

    @Test
    void providerFailuresNonFiniteValuesAndSlowProvidersAreErrors() {
        assertThrows(Exception.class, () -> embedder(provider(r -> CompletableFuture
                .failedFuture(new IllegalStateException("down"))), 2, 1000).embed("x"));
        assertThrows(Exception.class, () -> embedder(provider(r -> CompletableFuture.completedFuture(
                new EmbeddingResponse(List.of(new float[] { 1f, Float.NaN }), "m", null))), 2, 1000).embed("x"));
        Exception slow = assertThrows(Exception.class,
                () -> embedder(provider(r -> new CompletableFuture<>()), 2, 50).embed("x"));
        assertTrue(slow.getMessage().contains("longer than 50 ms"), slow.getMessage());
    }

    @Test
    void badConfigurationIsRejectedByName() {
        LlmProvider p = provider(r -> new CompletableFuture<>());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> embedder(p, 0, 100)).getMessage()
                .contains("dimension"));
    }
}
