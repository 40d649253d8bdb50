package mechos.kernel.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.osgi.service.component.annotations.Component;

import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentCodec;
import mechos.kernel.api.IntentFormatException;

/** The {@link IntentCodec} service, backed by one shared (thread-safe) Jackson mapper. */
@Component(service = IntentCodec.class)
public final class JacksonIntentCodec implements IntentCodec {
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new IntentJsonModule())
            .build();

    @Override
    public Intent parse(String json) throws IntentFormatException {
        if (json == null || json.isBlank()) {
            throw new IntentFormatException("empty text: an intent must be a JSON object", null);
        }
        try {
            Intent intent = mapper.readValue(json, Intent.class);
            if (intent == null) {
                throw new IntentFormatException("an intent must be a JSON object, got null", null);
            }
            return intent;
        } catch (IntentJsonModule.FieldException e) {
            throw new IntentFormatException(e.getOriginalMessage(), e.field());
        } catch (JsonMappingException e) {
            throw new IntentFormatException("not a valid intent: " + e.getOriginalMessage(), null);
        } catch (JsonProcessingException e) {
            throw new IntentFormatException("malformed JSON: " + e.getOriginalMessage(), null);
        }
    }

    @Override
    public String toJson(Intent intent) {
        try {
            return mapper.writeValueAsString(intent);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("cannot print intent " + intent + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot print intent " + intent + ": " + e.getOriginalMessage(), e);
        }
    }
}
