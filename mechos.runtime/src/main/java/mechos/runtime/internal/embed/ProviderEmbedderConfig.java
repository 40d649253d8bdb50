package mechos.runtime.internal.embed;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS LLM embedder",
        description = "Gives episodic memory embeddings from an LLM provider's embedding endpoint (e.g. Ollama /api/embed). "
                + "Off unless configured: while it is registered it replaces memory's offline lexical embedder, so only "
                + "enable it when the model answers.")
public @interface ProviderEmbedderConfig {
    @AttributeDefinition(name = "Provider", description = "Filter selecting the LLM provider service whose embed endpoint is used.")
    String provider_target() default "(mechos.llm.provider=ollama)";

    @AttributeDefinition(name = "Embedder id",
            description = "Stable id stored with every vector (vectors of different ids are never compared); name the model.")
    String mechos_embedder_id() default "ollama:nomic-embed-text";

    @AttributeDefinition(name = "Dimension", description = "Length of the model's vectors (nomic-embed-text: 768).")
    int dimension() default 768;

    @AttributeDefinition(name = "Timeout (ms)", description = "Longest wait for one embedding.")
    long timeout_ms() default 5000;
}
