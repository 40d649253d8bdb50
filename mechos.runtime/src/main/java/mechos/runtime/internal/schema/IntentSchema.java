package mechos.runtime.internal.schema;

import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;

import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentAction;

/**
 * The JSON Schema of the kernel's intents and of the brain's reply envelope, generated from the intent records
 * with victools jsonschema-generator (field names and JSON types come from the record components; the
 * discriminator, required and optional fields come from {@link IntentAction}).
 *
 * <p>Two variants of the same language: the <em>validation</em> schema (optional fields may be omitted, which
 * is how {@code IntentCodec} prints them) and the <em>strict</em> schema sent to providers (every property
 * required, optional ones nullable, as OpenAI's strict mode demands). Every document valid under the strict
 * schema is valid under the validation schema.
 */
public final class IntentSchema {
    /** The reply property holding the model's short explanation. */
    public static final String RATIONALE = "rationale";
    /** The reply property holding the intent. */
    public static final String INTENT = "intent";
    /** Bound on numbers: JSON allows 1e400, which a double cannot carry (it would become infinite). */
    static final double NUMBER_BOUND = 1.0e300;
    static final int RATIONALE_MAX = 600;

    private final ObjectNode intentValidation;
    private final ObjectNode replyValidation;
    private final ObjectNode replyStrict;

    public IntentSchema(ObjectMapper mapper) {
        SchemaGenerator generator = new SchemaGenerator(
                new SchemaGeneratorConfigBuilder(mapper, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                        .without(Option.SCHEMA_VERSION_INDICATOR)
                        .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                        .build());
        ArrayNode lenient = mapper.createArrayNode();
        ArrayNode strict = mapper.createArrayNode();
        for (IntentAction action : IntentAction.values()) {
            ObjectNode generated = generator.generateSchema(action.type());
            lenient.add(variant(mapper, action, generated, false));
            strict.add(variant(mapper, action, generated, true));
        }
        intentValidation = mapper.createObjectNode();
        intentValidation.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        intentValidation.put("title", "MechOS intent");
        intentValidation.set("anyOf", lenient);
        replyValidation = envelope(mapper, lenient);
        replyValidation.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        replyStrict = envelope(mapper, strict);
    }

    private static ObjectNode variant(ObjectMapper mapper, IntentAction action, ObjectNode generated,
            boolean strict) {
        ObjectNode props = mapper.createObjectNode();
        props.putObject(Intent.DISCRIMINATOR).put("type", "string").put("const", action.wireName());
        JsonNode generatedProps = generated.path("properties");
        ArrayNode required = mapper.createArrayNode().add(Intent.DISCRIMINATOR);
        for (String field : action.fields()) {
            JsonNode g = generatedProps.get(field);
            if (g == null) {
                throw new IllegalStateException("schema generator found no property '" + field + "' on "
                        + action.type().getName());
            }
            ObjectNode p = ((ObjectNode) g).deepCopy();
            String type = p.path("type").asText();
            if (type.equals("number") || type.equals("integer")) {
                p.put("type", "number");
                p.put("minimum", -NUMBER_BOUND);
                p.put("maximum", NUMBER_BOUND);
            }
            boolean optional = action.optionalFields().contains(field);
            if (optional) {
                p.set("type", mapper.createArrayNode().add(p.path("type").asText()).add("null"));
            }
            if (!optional || strict) {
                required.add(field);
            }
            props.set(field, p);
        }
        ObjectNode schema = mapper.createObjectNode();
        schema.put("type", "object");
        schema.put("title", action.wireName());
        schema.set("properties", props);
        schema.set("required", required);
        schema.put("additionalProperties", false);
        if (!strict) {
            schema.set("propertyNames", names(mapper, props));
        }
        return schema;
    }

    private static ObjectNode envelope(ObjectMapper mapper, ArrayNode intents) {
        ObjectNode root = mapper.createObjectNode();
        root.put("type", "object");
        ObjectNode props = root.putObject("properties");
        props.putObject(RATIONALE).put("type", "string").put("maxLength", RATIONALE_MAX)
                .put("description", "one short sentence: why this intent now");
        props.putObject(INTENT).set("anyOf", intents.deepCopy());
        root.set("required", mapper.createArrayNode().add(RATIONALE).add(INTENT));
        root.put("additionalProperties", false);
        root.set("propertyNames", names(mapper, props));
        return root;
    }

    /**
     * {@code propertyNames} listing the allowed names. Redundant with {@code additionalProperties: false} by the
     * standard, but the validator we run (networknt 1.5) skips every property whose name starts with '#' when it
     * checks additionalProperties, so {@code {"action":"stop","#eason":"r"}} passed (Jazzer found it). Its
     * propertyNames check has no such exception. Only in the validation variants: the strict one goes to
     * providers, whose structured-output subsets do not accept the keyword.
     */
    private static ObjectNode names(ObjectMapper mapper, ObjectNode props) {
        ObjectNode names = mapper.createObjectNode();
        ArrayNode allowed = names.putArray("enum");
        props.fieldNames().forEachRemaining(allowed::add);
        return names;
    }

    /** @return the schema of one intent (validation variant); callers must not modify it */
    public ObjectNode intentSchema() {
        return intentValidation;
    }

    /** @return the schema of a reply envelope {@code {"rationale":..., "intent":{...}}} (validation variant) */
    public ObjectNode replySchema() {
        return replyValidation;
    }

    /** @return the reply schema for structured output (strict variant) */
    public ObjectNode strictReplySchema() {
        return replyStrict;
    }

    /** @return the names of the actions, for prompts */
    public static String actionSummary() {
        StringBuilder b = new StringBuilder();
        for (IntentAction a : IntentAction.values()) {
            b.append("- ").append(a.wireName()).append(": ");
            for (Iterator<String> it = a.fields().iterator(); it.hasNext();) {
                String f = it.next();
                b.append(f).append(a.optionalFields().contains(f) ? "?" : "").append(it.hasNext() ? ", " : "");
            }
            b.append('\n');
        }
        return b.toString();
    }

}
