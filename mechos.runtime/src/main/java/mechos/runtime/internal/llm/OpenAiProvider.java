package mechos.runtime.internal.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;
import mechos.runtime.api.llm.ChatMessage;
import mechos.runtime.api.llm.ChatRequest;
import mechos.runtime.api.llm.ChatResponse;
import mechos.runtime.api.llm.EmbeddingRequest;
import mechos.runtime.api.llm.EmbeddingResponse;
import mechos.runtime.api.llm.LlmException;
import mechos.runtime.api.llm.LlmException.Kind;
import mechos.runtime.api.llm.LlmProvider;
import mechos.runtime.api.llm.ProviderInfo;
import mechos.runtime.api.llm.Usage;
import mechos.runtime.internal.ConfigCheck;

/**
 * OpenAI-compatible chat completions with {@code response_format} of type {@code json_schema}: vLLM, llama.cpp
 * server, LM Studio and hosted APIs.
 */
@Component(service = LlmProvider.class, configurationPid = OpenAiProvider.PID,
        property = LlmProvider.PROVIDER_PROPERTY + "=" + OpenAiProvider.KIND)
@Designate(ocd = OpenAiConfig.class)
public final class OpenAiProvider implements LlmProvider {
    public static final String PID = "mechos.runtime.llm.openai";
    public static final String KIND = "openai";
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiProvider.class);

    private final OpenAiOptions options;
    private final ScheduledExecutorService scheduler;
    private final JsonHttpCaller http;
    private final ObjectMapper mapper;
    private final ProviderSupport.SchemaCache schemas = new ProviderSupport.SchemaCache();

    /** The configuration checks its activation runs (transport and endpoint), for the configuration validator. */
    static final List<ConfigCheck<OpenAiConfig>> CHECKS = HttpOptions.checks(OpenAiConfig::base_url, OpenAiConfig::allowed_hosts,
            OpenAiConfig::connect_timeout_ms, OpenAiConfig::max_retries, OpenAiConfig::max_response_bytes);

    /** @return what {@link #CHECKS} refuse in these proposed values of {@link #PID}, each naming its keys */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        return ConfigCheck.problems(CHECKS, ComponentProperties.as(OpenAiConfig.class, values));
    }

    @Activate
    public OpenAiProvider(OpenAiConfig config) {
        this(new OpenAiOptions(new HttpOptions(config.base_url(), Duration.ofMillis(config.connect_timeout_ms()),
                Duration.ofMillis(config.read_timeout_ms()), Duration.ofMillis(config.total_timeout_ms()),
                config.max_retries(), Duration.ofMillis(config.backoff_initial_ms()),
                Duration.ofMillis(config.backoff_max_ms()), config.max_response_bytes(),
                List.of(config.allowed_hosts())), config.api_path(), config.model(), config.embed_model(),
                config._api_key(), config.strict(), config.temperature()));
        LOG.info("OpenAI-compatible provider at {} with model {}, key {}", options.http().baseUrl(),
                options.model(), options.apiKey().isBlank() ? "none" : "set");
    }

    OpenAiProvider(OpenAiOptions options) {
        this.options = options;
        this.scheduler = ProviderSupport.retryScheduler(KIND);
        try {
            this.http = new JsonHttpCaller(options.http(), scheduler);
        } catch (RuntimeException e) {
            ProviderSupport.shutdown(scheduler);
            throw e;
        }
        this.mapper = http.mapper();
    }

    @Deactivate
    void close() {
        http.close();
        ProviderSupport.shutdown(scheduler);
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo(KIND, options.http().baseUrl() + options.apiPath(), options.model(),
                Secrets.mask(options.apiKey()));
    }

    private Map<String, String> headers() {
        String key = options.apiKey().strip();
        return key.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + key);
    }

    private String path(String endpoint) {
        String p = options.apiPath().strip();
        if (!p.isEmpty() && !p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p + endpoint;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
        String body;
        try {
            body = ProviderSupport.write(mapper, chatBody(request));
        } catch (RuntimeException e) {
            return ProviderSupport.failed(e);
        }
        return http.post(path("/chat/completions"), body, headers(), request.deadline(), request.correlationId())
                .thenApply(reply -> parseChat(reply, request));
    }

    ObjectNode chatBody(ChatRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", options.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role().wireName()).put("content", m.content());
        }
        body.put("temperature", options.temperature());
        body.put("stream", false);
        if (request.maxTokens() > 0) {
            body.put("max_tokens", request.maxTokens());
        }
        if (request.jsonSchema() != null) {
            ObjectNode format = body.putObject("response_format");
            format.put("type", "json_schema");
            ObjectNode js = format.putObject("json_schema");
            js.put("name", request.schemaName() == null ? "reply" : request.schemaName());
            js.put("strict", options.strict());
            js.set("schema", schemas.tree(mapper, request.jsonSchema()));
        }
        return body;
    }

    ChatResponse parseChat(JsonHttpCaller.Reply reply, ChatRequest request) {
        JsonNode json = reply.json();
        if (json.hasNonNull("error")) {
            throw new LlmException(Kind.MALFORMED_RESPONSE, "server error object: "
                    + json.get("error").path("message").asText(json.get("error").toString()));
        }
        JsonNode choices = json.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new LlmException(Kind.MALFORMED_RESPONSE, "reply has no choices");
        }
        JsonNode message = choices.get(0).path("message");
        if (message.hasNonNull("refusal") && !message.hasNonNull("content")) {
            throw new LlmException(Kind.MALFORMED_RESPONSE, "model refused: " + message.get("refusal").asText());
        }
        String content = ProviderSupport.requireText(message.get("content"), "choices[0].message.content");
        JsonNode usageNode = json.get("usage");
        long prompt = usageNode == null ? -1 : ProviderSupport.count(usageNode.get("prompt_tokens"));
        long completion = usageNode == null ? -1 : ProviderSupport.count(usageNode.get("completion_tokens"));
        Usage usage = prompt >= 0 && completion >= 0 ? new Usage(prompt, completion, false)
                : new Usage(TokenEstimator.estimate(request.messages()), TokenEstimator.estimate(content), true);
        return new ChatResponse(content, json.path("model").asText(options.model()), usage, reply.latencyNanos(),
                reply.attempts());
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request) {
        if (options.embedModel().isBlank()) {
            return CompletableFuture.failedFuture(
                    new LlmException(Kind.UNSUPPORTED, "no embed_model configured for " + PID));
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("model", options.embedModel());
        ArrayNode input = body.putArray("input");
        request.inputs().forEach(input::add);
        return http.post(path("/embeddings"), ProviderSupport.write(mapper, body), headers(), request.deadline(),
                null).thenApply(reply -> {
                    JsonNode data = reply.json().get("data");
                    if (data == null || !data.isArray()) {
                        throw new LlmException(Kind.MALFORMED_RESPONSE, "reply has no data array");
                    }
                    List<JsonNode> ordered = new ArrayList<>();
                    data.forEach(ordered::add);
                    ordered.sort((a, b) -> Integer.compare(a.path("index").asInt(), b.path("index").asInt()));
                    ArrayNode arrays = mapper.createArrayNode();
                    ordered.forEach(d -> arrays.add(d.get("embedding")));
                    List<float[]> vectors = OllamaProvider.Embeddings.vectors(arrays, request.inputs().size());
                    long prompt = ProviderSupport.count(reply.json().path("usage").get("prompt_tokens"));
                    Usage usage = prompt >= 0 ? new Usage(prompt, 0, false)
                            : new Usage(request.inputs().stream().mapToLong(TokenEstimator::estimate).sum(), 0, true);
                    return new EmbeddingResponse(vectors, reply.json().path("model").asText(options.embedModel()),
                            usage);
                });
    }
}
