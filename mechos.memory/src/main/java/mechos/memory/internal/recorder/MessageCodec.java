package mechos.memory.internal.recorder;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentAction;

/**
 * JSON encoding of recorded messages. Robot data with a Foxglove well-known schema ({@link FoxgloveMappings}) is
 * written in that schema; every other payload is written unwrapped, as the payload's own JSON object (no envelope),
 * with the bus correlation id as an extra property {@value #CORRELATION} when there is one. Intents carry their
 * {@value Intent#DISCRIMINATOR} discriminator (as on the wire), so they read back as the right record. Instants and
 * Durations are ISO-8601 strings. Files written before this format ({@code {sequence, correlationId, payload}})
 * still decode.
 */
public final class MessageCodec {
    /** Property holding the bus correlation id in a recorded MechOS message. */
    public static final String CORRELATION = "mechos_correlation_id";

    /** A schema for a payload type. */
    public record Schema(String name, String encoding, byte[] data) {
    }

    /** A decoded message. */
    public record Decoded<T>(String correlationId, T payload) {
    }

    /** Adds the action discriminator to intents (the kernel API's records carry no Jackson annotations). */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = Intent.DISCRIMINATOR)
    private interface IntentMixin {
    }

    private final ObjectMapper mapper;

    public MessageCodec() {
        SimpleModule time = new SimpleModule("mechos-time");
        time.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        time.addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Instant.parse(p.getValueAsString());
            }
        });
        time.addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        time.addDeserializer(Duration.class, new StdDeserializer<>(Duration.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Duration.parse(p.getValueAsString());
            }
        });
        this.mapper = new ObjectMapper().registerModule(time)
                .addMixIn(Intent.class, IntentMixin.class)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        for (IntentAction a : IntentAction.values()) {
            mapper.registerSubtypes(new NamedType(a.type(), a.wireName()));
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** @return the schema a payload type is recorded with */
    public Schema schema(Class<?> payloadType) {
        FoxgloveMappings.Mapping m = FoxgloveMappings.forType(payloadType);
        if (m != null) {
            return new Schema(m.schemaName(), "jsonschema", FoxgloveMappings.schema(m.schemaName()));
        }
        return new Schema(payloadType.getName(), "jsonschema", JsonSchemas.payloadSchema(mapper, payloadType));
    }

    /**
     * Encodes one payload.
     *
     * @param logTimeNanos the message's log time (wall clock, ns since the epoch): the Foxglove timestamp
     */
    public byte[] encode(Object payload, String correlationId, long logTimeNanos) throws IOException {
        JsonNode tree = mapper.valueToTree(payload);
        FoxgloveMappings.Mapping m = FoxgloveMappings.forType(payload.getClass());
        ObjectNode out;
        if (m != null) {
            out = m.toFoxglove(mapper, tree, logTimeNanos);
        } else if (tree instanceof ObjectNode o) {
            out = o;
        } else {
            out = mapper.createObjectNode();
            out.set("value", tree);
        }
        if (correlationId != null) {
            out.put(CORRELATION, correlationId);
        }
        return mapper.writeValueAsBytes(out);
    }

    public JsonNode tree(byte[] data) throws IOException {
        return mapper.readTree(data);
    }

    /** @return the payload's JSON as recorded for MechOS tools: the MechOS form, whatever schema it was stored in */
    public JsonNode payloadTree(byte[] data, String schemaName, String typeName) throws IOException {
        JsonNode node = mapper.readTree(data);
        if (node == null || !node.isObject()) {
            throw new IOException("recorded message is not a JSON object");
        }
        if (isLegacyEnvelope(node, schemaName)) {
            return node.get("payload");
        }
        FoxgloveMappings.Mapping m = typeName == null ? null : FoxgloveMappings.forName(typeName);
        if (m != null && m.schemaName().equals(schemaName)) {
            return m.fromFoxglove(mapper, node);
        }
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove(CORRELATION);
        return copy;
    }

    /** Decodes a recorded message to {@code type}. */
    public <T> Decoded<T> decode(byte[] data, String schemaName, Class<T> type) throws IOException {
        JsonNode node = mapper.readTree(data);
        if (node == null || !node.isObject()) {
            throw new IOException("recorded message is not a JSON object");
        }
        String corr;
        JsonNode payload;
        if (isLegacyEnvelope(node, schemaName)) {
            corr = text(node.get("correlationId"));
            payload = node.get("payload");
        } else {
            corr = text(node.get(CORRELATION));
            FoxgloveMappings.Mapping m = FoxgloveMappings.forType(type);
            payload = m != null && m.schemaName().equals(schemaName) ? m.fromFoxglove(mapper, node) : node;
        }
        T value = mapper.treeToValue(payload, type);
        if (value == null) {
            throw new IOException("recorded message has no payload");
        }
        return new Decoded<>(corr, value);
    }

    /** @return the correlation id a recorded message carries, or null */
    public String correlationId(JsonNode node, String schemaName) {
        return isLegacyEnvelope(node, schemaName) ? text(node.get("correlationId")) : text(node.get(CORRELATION));
    }

    /** Recordings before API 1.2 wrapped every payload as {sequence, correlationId, payload}. */
    private static boolean isLegacyEnvelope(JsonNode node, String schemaName) {
        return !schemaName.startsWith("foxglove.") && node.size() <= 3 && node.has("sequence")
                && node.has("payload") && node.get("payload").isObject();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
