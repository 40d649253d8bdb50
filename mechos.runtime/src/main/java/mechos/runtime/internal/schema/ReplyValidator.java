package mechos.runtime.internal.schema;

import java.util.Iterator;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import mechos.kernel.api.Intent;

/**
 * Turns a model's reply text into an intent, or into a reason the model will read on its next turn. Nothing in
 * the text is obeyed except a schema-valid intent, which still has to pass the kernel's gate.
 *
 * <p>Steps: size cap, strict JSON parsing (no NaN/Infinity, no duplicate keys, no trailing text), a finite-number
 * check, validation against the reply schema (networknt), then the typed intent built from the same tree. The text
 * is parsed exactly once: the kernel receives the record ({@link mechos.kernel.api.Kernel#submit}), and
 * {@code IntentCodec} stays the parser for text from outside the brain. The schemas are compiled once, when the
 * validator is built.
 *
 * <p>Thread-safe.
 */
public final class ReplyValidator {
    /** The outcome of validating one reply. */
    public sealed interface Result permits Valid, Invalid {
    }

    /** A reply that carries an intent. */
    public record Valid(Intent intent, String intentJson, String rationale) implements Result {
    }

    /** A reply that does not; {@code reason} is meant for the model and the logs. */
    public record Invalid(String reason) implements Result {
    }

    private final ObjectMapper mapper;
    private final JsonSchema reply;
    private final JsonSchema intent;
    private final int maxChars;

    /**
     * @param schema   the intent language (its validation schemas are compiled here, once)
     * @param mapper   the strict reader ({@link #strictMapper()}); the only parser a reply meets
     * @param maxChars replies longer than this are refused before parsing
     */
    public ReplyValidator(IntentSchema schema, ObjectMapper mapper, int maxChars) {
        this.maxChars = maxChars;
        this.mapper = mapper;
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        this.reply = factory.getSchema(schema.replySchema());
        this.intent = factory.getSchema(schema.intentSchema());
    }

    /** A validator with its own {@link #strictMapper()}. */
    public ReplyValidator(IntentSchema schema, int maxChars) {
        this(schema, strictMapper(), maxChars);
    }

    /** @return a reader that refuses duplicate keys, trailing text and NaN/Infinity literals */
    public static ObjectMapper strictMapper() {
        return JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Validates a whole reply envelope {@code {"rationale": "...", "intent": {...}}}. */
    public Result validate(String content) {
        if (content == null || content.isBlank()) {
            return new Invalid("empty reply; answer with one JSON object {\"rationale\":...,\"intent\":{...}}");
        }
        if (content.length() > maxChars) {
            return new Invalid("reply too long (" + content.length() + " characters, limit " + maxChars + ")");
        }
        JsonNode root;
        try {
            root = mapper.readTree(stripFence(content));
        } catch (JsonProcessingException e) {
            return new Invalid("reply is not valid JSON: " + e.getOriginalMessage());
        }
        String nonFinite = firstNonFinite(root, "$");
        if (nonFinite != null) {
            return new Invalid("number at " + nonFinite + " is not finite");
        }
        Set<ValidationMessage> errors = reply.validate(root);
        if (!errors.isEmpty()) {
            return new Invalid("reply does not match the schema: " + summary(errors));
        }
        JsonNode intentNode = root.get(IntentSchema.INTENT);
        Intent built;
        try {
            built = IntentTrees.toIntent(intentNode);
        } catch (IllegalArgumentException e) {
            return new Invalid("intent not understood: " + e.getMessage());
        }
        // Printed once, for the decision record, the loop guard's key and memory; never parsed again.
        return new Valid(built, intentNode.toString(), root.path(IntentSchema.RATIONALE).asText(""));
    }

    /** @return true when the JSON text is one intent valid under the intent schema (used by the property test) */
    public boolean isSchemaValidIntent(String json) {
        try {
            JsonNode node = mapper.readTree(json);
            return firstNonFinite(node, "$") == null && intent.validate(node).isEmpty();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String summary(Set<ValidationMessage> errors) {
        return errors.stream().limit(4).map(ValidationMessage::getMessage).collect(Collectors.joining("; "));
    }

    private static String stripFence(String s) {
        String t = s.strip();
        if (t.startsWith("```") && t.endsWith("```") && t.length() > 6) {
            t = t.substring(3, t.length() - 3);
            if (t.startsWith("json")) {
                t = t.substring(4);
            }
        }
        return t;
    }

    private static String firstNonFinite(JsonNode node, String path) {
        if (node.isNumber()) {
            return Double.isFinite(node.doubleValue()) ? null : path;
        }
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String f = it.next();
                String r = firstNonFinite(node.get(f), path + "." + f);
                if (r != null) {
                    return r;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String r = firstNonFinite(node.get(i), path + "[" + i + "]");
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }
}
