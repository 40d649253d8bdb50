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

/** Ollama's native API: {@code /api/chat} with the schema as {@code format}, and {@code /api/embed}. */
@Component(service = LlmProvider.class, configurationPid = OllamaProvider.PID,
        property = LlmProvider.PROVIDER_PROPERTY + "=" + OllamaProvider.KIND)
@Designate(ocd = OllamaConfig.class)
public final class OllamaProvider implements LlmProvider {
    public static final String PID = "mechos.runtime.llm.ollama";
    public static final String KIND = "ollama";
    private static final Logger LOG = LoggerFactory.getLogger(OllamaProvider.class);

    private final OllamaOptions options;
    private final ScheduledExecutorService scheduler;
    private final JsonHttpCaller http;
    private final ObjectMapper mapper;
    private final ProviderSupport.SchemaCache schemas = new ProviderSupport.SchemaCache();

    /** The configuration checks its activation runs (transport and endpoint), for the configuration validator. */
    static final List<ConfigCheck<OllamaConfig>> CHECKS = HttpOptions.checks(OllamaConfig::base_url, OllamaConfig::allowed_hosts,
            OllamaConfig::connect_timeout_ms, OllamaConfig::max_retries, OllamaConfig::max_response_bytes);

    /** @return what {@link #CHECKS} refuse in these proposed values of {@link #PID}, each naming its keys */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        return ConfigCheck.problems(CHECKS, ComponentProperties.as(OllamaConfig.class, values));
    }

    @Activate
    public OllamaProvider(OllamaConfig config) {
        this(new OllamaOptions(new HttpOptions(config.base_url(), Duration.ofMillis(config.connect_timeout_ms()),
                Duration.ofMillis(config.read_timeout_ms()), Duration.ofMillis(config.total_timeout_ms()),
                config.max_retries(), Duration.ofMillis(config.backoff_initial_ms()),
                Duration.ofMillis(config.backoff_max_ms()), config.max_response_bytes(),
                List.of(config.allowed_hosts())), config.model(), config.embed_model(), config.keep_alive(),
                config.temperature(), config.num_ctx()));
        LOG.info("Ollama provider at {} with model {}", options.http().baseUrl(), options.model());
    }

    OllamaProvider(OllamaOptions options) {
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
        return new ProviderInfo(KIND, options.http().baseUrl(), options.model(), "");
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
        String body;
        try {
            body = ProviderSupport.write(mapper, chatBody(request));
        } catch (RuntimeException e) {
            return ProviderSupport.failed(e);
        }
        return http.post("/api/chat", body, Map.of(), request.deadline(), request.correlationId())
                .thenApply(reply -> parseChat(reply, request));
    }

    ObjectNode chatBody(ChatRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", options.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role().wireName()).put("content", m.content());
        }
        body.put("stream", false);
        if (request.jsonSchema() != null) {
            body.set("format", schemas.tree(mapper, request.jsonSchema()));
        }
        ObjectNode modelOptions = body.putObject("options");
        modelOptions.put("temperature", options.temperature());
        if (options.numCtx() > 0) {
            modelOptions.put("num_ctx", options.numCtx());
        }
        if (request.maxTokens() > 0) {
            modelOptions.put("num_predict", request.maxTokens());
        }
        body.put("keep_alive", options.keepAlive());
        return body;
    }

    ChatResponse parseChat(JsonHttpCaller.Reply reply, ChatRequest request) {
        JsonNode json = reply.json();
        if (json.hasNonNull("error")) {
            throw new LlmException(Kind.MALFORMED_RESPONSE, "Ollama error: " + json.get("error").asText());
        }
        String content = ProviderSupport.requireText(json.path("message").get("content"), "message.content");
        if (json.has("done") && !json.path("done").asBoolean()) {
            throw new LlmException(Kind.MALFORMED_RESPONSE, "Ollama reply is not done (a streamed fragment)");
        }
        long prompt = ProviderSupport.count(json.get("prompt_eval_count"));
        long completion = ProviderSupport.count(json.get("eval_count"));
        Usage usage = prompt >= 0 && completion >= 0 ? new Usage(prompt, completion, false)
                : new Usage(TokenEstimator.estimate(request.messages()), TokenEstimator.estimate(content), true);
        String model = json.path("model").asText(options.model());
        return new ChatResponse(content, model, usage, reply.latencyNanos(), reply.attempts());
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", options.embedModel());
        ArrayNode input = body.putArray("input");
        request.inputs().forEach(input::add);
        body.put("keep_alive", options.keepAlive());
        return http.post("/api/embed", ProviderSupport.write(mapper, body), Map.of(), request.deadline(), null)
                .thenApply(reply -> {
                    JsonNode embeddings = reply.json().get("embeddings");
                    List<float[]> vectors = Embeddings.vectors(embeddings, request.inputs().size());
                    long prompt = ProviderSupport.count(reply.json().get("prompt_eval_count"));
                    Usage usage = prompt >= 0 ? new Usage(prompt, 0, false)
                            : new Usage(request.inputs().stream().mapToLong(TokenEstimator::estimate).sum(), 0, true);
                    return new EmbeddingResponse(vectors, reply.json().path("model").asText(options.embedModel()),
                            usage);
                });
    }

    /** Converts JSON arrays of numbers to float vectors. */
    static final class Embeddings {
        private Embeddings() {
        }

        static List<float[]> vectors(JsonNode arrays, int expected) {
            if (arrays == null || !arrays.isArray() || arrays.size() != expected) {
                throw new LlmException(Kind.MALFORMED_RESPONSE, "expected " + expected + " embeddings");
            }
            List<float[]> out = new ArrayList<>(expected);
            for (JsonNode a : arrays) {
                if (!a.isArray() || a.isEmpty()) {
                    throw new LlmException(Kind.MALFORMED_RESPONSE, "an embedding is not a non-empty array");
                }
                float[] v = new float[a.size()];
                for (int i = 0; i < v.length; i++) {
                    JsonNode x = a.get(i);
                    if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
                        throw new LlmException(Kind.MALFORMED_RESPONSE, "an embedding holds a non-number");
                    }
                    v[i] = (float) x.asDouble();
                }
                out.add(v);
            }
            return out;
        }
    }
}
