package mechos.runtime.internal.llm;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS LLM provider: Ollama",
        description = "Ollama's native API (/api/chat with a JSON Schema as 'format', /api/embed).")
public @interface OllamaConfig {
    @AttributeDefinition(name = "Base URL", description = "Ollama server root. Plain http only to loopback or allowed hosts.")
    String base_url() default "http://127.0.0.1:11434";

    @AttributeDefinition(name = "Model", description = "Chat model name as shown by 'ollama list'.")
    String model() default "llama3.2";

    @AttributeDefinition(name = "Embedding model", description = "Model used by /api/embed.")
    String embed_model() default "nomic-embed-text";

    @AttributeDefinition(name = "Keep alive", description = "How long Ollama keeps the model loaded after a call (e.g. 5m, 1h, -1 for ever).")
    String keep_alive() default "5m";

    @AttributeDefinition(name = "Temperature", description = "Sampling temperature (0 = deterministic).")
    double temperature() default 0.2;

    @AttributeDefinition(name = "Context window", description = "num_ctx in tokens; 0 uses the model's default.")
    int num_ctx() default 4096;

    @AttributeDefinition(name = "Connect timeout (ms)", description = "TCP connect timeout.")
    int connect_timeout_ms() default 2000;

    @AttributeDefinition(name = "Read timeout (ms)", description = "Longest silence between two reads of a reply.")
    int read_timeout_ms() default 30000;

    @AttributeDefinition(name = "Total timeout (ms)", description = "Cap on one call including retries; the agent's decision deadline may be shorter.")
    int total_timeout_ms() default 60000;

    @AttributeDefinition(name = "Max retries", description = "Retries on connection errors and HTTP 5xx (never on 4xx).")
    int max_retries() default 2;

    @AttributeDefinition(name = "Initial backoff (ms)", description = "Delay before the first retry; doubles each retry, with jitter.")
    int backoff_initial_ms() default 200;

    @AttributeDefinition(name = "Max backoff (ms)", description = "Largest delay between retries.")
    int backoff_max_ms() default 2000;

    @AttributeDefinition(name = "Max reply size (bytes)", description = "Replies larger than this are cut off while reading and rejected.")
    long max_response_bytes() default 1048576;

    @AttributeDefinition(name = "Allowed plain-http hosts", description = "Hosts besides loopback that may be reached over plain http.")
    String[] allowed_hosts() default {};
}
