package mechos.memory.internal.recorder;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * JSON encoding of recorded messages: {@code {"sequence":n,"correlationId":"...","payload":{...}}}. Instants and
 * Durations are ISO-8601 strings (handled here, so no extra Jackson module is needed).
 */
public final class MessageCodec {
    /** The recorded envelope. */
    public record Wire(long sequence, String correlationId, Object payload) {
    }

    /** A decoded envelope. */
    public record Decoded<T>(long sequence, String correlationId, T payload) {
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
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] encode(long sequence, String correlationId, Object payload) throws IOException {
        return mapper.writeValueAsBytes(new Wire(sequence, correlationId, payload));
    }

    public byte[] schema(Class<?> payloadType) {
        return JsonSchemas.envelopeSchema(mapper, payloadType);
    }

    public JsonNode tree(byte[] data) throws IOException {
        return mapper.readTree(data);
    }

    public <T> Decoded<T> decode(byte[] data, Class<T> type) throws IOException {
        JsonNode node = mapper.readTree(data);
        JsonNode corr = node.get("correlationId");
        T payload = mapper.treeToValue(node.get("payload"), type);
        if (payload == null) {
            throw new IOException("recorded message has no payload");
        }
        return new Decoded<>(node.path("sequence").asLong(), corr == null || corr.isNull() ? null : corr.asText(),
                payload);
    }
}
