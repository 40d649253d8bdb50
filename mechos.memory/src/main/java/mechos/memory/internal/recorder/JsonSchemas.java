package mechos.memory.internal.recorder;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON Schema (2020-12) for a recorded MechOS message: the payload itself, described from the record's
 * components (records, enums, numbers, strings, booleans, arrays, collections, maps, optionals; intents as a
 * {@code oneOf} of their actions with the {@code action} discriminator; other types are left open), plus the
 * optional correlation id property. Non-finite doubles are written by Jackson as the strings "NaN"/"Infinity", so
 * number fields also admit those strings.
 */
final class JsonSchemas {
    private static final int MAX_DEPTH = 6;

    private JsonSchemas() {
    }

    static byte[] payloadSchema(ObjectMapper mapper, Class<?> payloadType) {
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("title", payloadType.getName());
        ObjectNode described = describe(mapper, payloadType, 0);
        if (!"object".equals(described.path("type").asText())) {
            // a payload that is not a record is recorded as {"value": ...}
            ObjectNode wrapper = mapper.createObjectNode().put("type", "object");
            wrapper.putObject("properties").set("value", described);
            described = wrapper;
        }
        root.setAll(described);
        ObjectNode props = root.has("properties") ? (ObjectNode) root.get("properties") : root.putObject("properties");
        props.putObject(MessageCodec.CORRELATION).put("type", "string")
                .put("description", "the intent id this bus message belongs to");
        try {
            return mapper.writeValueAsBytes(root);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write schema of " + payloadType.getName(), e);
        }
    }

    static ObjectNode describe(ObjectMapper mapper, Type type, int depth) {
        ObjectNode n = mapper.createObjectNode();
        Class<?> raw = raw(type);
        if (raw == null || depth > MAX_DEPTH) {
            return n;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            n.put("type", "boolean");
        } else if (raw == int.class || raw == long.class || raw == short.class || raw == byte.class
                || raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class) {
            n.put("type", "integer");
        } else if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class) {
            n.putArray("type").add("number").add("string");
        } else if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
            n.put("type", "number");
        } else if (raw == String.class || raw == char.class || raw == Character.class) {
            n.put("type", "string");
        } else if (raw == byte[].class) {
            n.put("type", "string");
            n.put("contentEncoding", "base64");
        } else if (raw.isEnum()) {
            n.put("type", "string");
            ArrayNode values = n.putArray("enum");
            for (Object c : raw.getEnumConstants()) {
                values.add(((Enum<?>) c).name());
            }
        } else if (raw == java.time.Instant.class || raw == java.time.Duration.class) {
            n.put("type", "string");
            n.put("format", raw == java.time.Instant.class ? "date-time" : "duration");
        } else if (raw.isArray()) {
            n.put("type", "array");
            Type component = type instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
            n.set("items", describe(mapper, component, depth + 1));
        } else if (Collection.class.isAssignableFrom(raw)) {
            n.put("type", "array");
            if (Set.class.isAssignableFrom(raw)) {
                n.put("uniqueItems", true);
            }
            n.set("items", describe(mapper, typeArg(type, 0), depth + 1));
        } else if (Map.class.isAssignableFrom(raw)) {
            n.put("type", "object");
            n.set("additionalProperties", describe(mapper, typeArg(type, 1), depth + 1));
        } else if (raw == Optional.class) {
            return describe(mapper, typeArg(type, 0), depth + 1);
        } else if (raw == mechos.kernel.api.Intent.class) {
            ArrayNode one = n.putArray("oneOf");
            for (mechos.kernel.api.IntentAction a : mechos.kernel.api.IntentAction.values()) {
                ObjectNode sub = describe(mapper, a.type(), depth + 1);
                ObjectNode props = (ObjectNode) sub.get("properties");
                props.putObject(mechos.kernel.api.Intent.DISCRIMINATOR).put("const", a.wireName());
                ArrayNode required = sub.putArray("required").add(mechos.kernel.api.Intent.DISCRIMINATOR);
                a.fields().stream().filter(f -> !a.optionalFields().contains(f)).forEach(required::add);
                one.add(sub);
            }
        } else if (raw.isRecord()) {
            n.put("type", "object");
            n.put("title", raw.getName());
            ObjectNode props = n.putObject("properties");
            ArrayNode required = mapper.createArrayNode();
            for (RecordComponent rc : raw.getRecordComponents()) {
                props.set(rc.getName(), describe(mapper, rc.getGenericType(), depth + 1));
                if (rc.getType().isPrimitive()) {
                    required.add(rc.getName());
                }
            }
            if (!required.isEmpty()) {
                n.set("required", required);
            }
        }
        return n;
    }

    private static Type typeArg(Type type, int i) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > i
                ? p.getActualTypeArguments()[i] : Object.class;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        if (type instanceof GenericArrayType g) {
            Class<?> component = raw(g.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        return null;
    }
}
