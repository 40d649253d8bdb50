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
 * A JSON Schema (2020-12) for the recorded envelope of a message type: {@code {sequence, correlationId, payload}},
 * with the payload described from the record's components (records, enums, numbers, strings, booleans, arrays,
 * collections, maps, optionals; other types are left open). Good enough for tools to show field names and types.
 */
final class JsonSchemas {
    private static final int MAX_DEPTH = 6;

    private JsonSchemas() {
    }

    static byte[] envelopeSchema(ObjectMapper mapper, Class<?> payloadType) {
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("title", payloadType.getName());
        root.put("type", "object");
        ObjectNode props = root.putObject("properties");
        props.putObject("sequence").put("type", "integer");
        ArrayNode corr = props.putObject("correlationId").putArray("type");
        corr.add("string").add("null");
        props.set("payload", describe(mapper, payloadType, 0));
        root.putArray("required").add("sequence").add("payload");
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
        } else if (raw.isRecord()) {
            n.put("type", "object");
            ObjectNode props = n.putObject("properties");
            for (RecordComponent rc : raw.getRecordComponents()) {
                props.set(rc.getName(), describe(mapper, rc.getGenericType(), depth + 1));
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
