package mechos.runtime.internal.llm;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS LLM provider: OpenAI-compatible",
        description = "Any /v1/chat/completions server with response_format json_schema: vLLM, llama.cpp server, LM Studio, hosted APIs.")
public @interface OpenAiConfig {
    @AttributeDefinition(name = "Base URL", description = "Server root (without /v1). Plain http only to loopback or allowed hosts.")
    String base_url() default "http://127.0.0.1:8000";

    @AttributeDefinition(name = "API path", description = "Path prefix of the API on the server.")
    String api_path() default "/v1";

    @AttributeDefinition(name = "Model", description = "Model name the server expects.")
    String model() default "local-model";

    @AttributeDefinition(name = "Embedding model", description = "Model for /embeddings; empty when the server has none.")
    String embed_model() default "";

    @AttributeDefinition(name = "API key", description = "Bearer key; empty for local servers. Never logged; shown masked.",
            type = AttributeType.PASSWORD)
    String _api_key() default "";

    @AttributeDefinition(name = "Strict schema", description = "Ask the server for strict JSON Schema adherence.")
    boolean strict() default true;

    @AttributeDefinition(name = "Temperature", description = "Sampling temperature (0 = deterministic).")
    double temperature() default 0.2;

    @AttributeDefinition(name = "Connect timeout (ms)", description = "TCP/TLS connect timeout.")
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
