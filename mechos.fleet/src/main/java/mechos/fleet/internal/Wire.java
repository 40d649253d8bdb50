package mechos.fleet.internal;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import mechos.fleet.api.FleetMessage;
import mechos.fleet.internal.market.MarketEvent;
import mechos.fleet.internal.presence.StatusMessage;

/**
 * JSON on the wire (UTF-8). Non-finite numbers travel as JSON strings ("NaN"). Malformed input is an
 * {@link IOException}, never anything else.
 */
public final class Wire {
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({ @JsonSubTypes.Type(value = MarketEvent.Post.class, name = "post"),
            @JsonSubTypes.Type(value = MarketEvent.Bid.class, name = "bid"),
            @JsonSubTypes.Type(value = MarketEvent.Close.class, name = "close"),
            @JsonSubTypes.Type(value = MarketEvent.Renew.class, name = "renew"),
            @JsonSubTypes.Type(value = MarketEvent.Done.class, name = "done"),
            @JsonSubTypes.Type(value = MarketEvent.Expire.class, name = "expire"),
            @JsonSubTypes.Type(value = MarketEvent.Sync.class, name = "sync"),
            @JsonSubTypes.Type(value = MarketEvent.State.class, name = "state") })
    private interface MarketMixin {
    }

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addMixIn(MarketEvent.class, MarketMixin.class).build();

    public byte[] status(StatusMessage m) {
        return write(m);
    }

    public StatusMessage status(byte[] b) throws IOException {
        return read(b, StatusMessage.class);
    }

    public byte[] message(FleetMessage m) {
        return write(m);
    }

    public FleetMessage message(byte[] b) throws IOException {
        return read(b, FleetMessage.class);
    }

    public byte[] market(MarketEvent e) {
        try {
            return mapper.writerFor(MarketEvent.class).writeValueAsBytes(e);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode " + e, ex);
        }
    }

    public MarketEvent market(byte[] b) throws IOException {
        return read(b, MarketEvent.class);
    }

    private byte[] write(Object o) {
        try {
            return mapper.writeValueAsBytes(o);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode " + o.getClass().getSimpleName(), ex);
        }
    }

    private <T> T read(byte[] b, Class<T> type) throws IOException {
        try {
            T t = mapper.readValue(b, type);
            if (t == null) {
                throw new IOException("empty " + type.getSimpleName());
            }
            return t;
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException("malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
