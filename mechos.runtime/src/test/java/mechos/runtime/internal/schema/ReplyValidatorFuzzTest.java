package mechos.runtime.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.kernel.api.Drive;
import mechos.kernel.api.IntentFormatException;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.internal.codec.JacksonIntentCodec;

/**
 * Coverage-guided fuzzing of the LLM reply validator: what a model (or whoever answers on its port) sends.
 * Properties: validating never throws; an invalid reply always has a reason; a valid reply's intent carries no
 * non-finite number and its JSON text parses back to the same intent.
 */
class ReplyValidatorFuzzTest {
    private static final JacksonIntentCodec CODEC = new JacksonIntentCodec();
    private static final ReplyValidator VALIDATOR = new ReplyValidator(new IntentSchema(new ObjectMapper()),
            16 * 1024);

    @FuzzTest(maxDuration = "10s")
    void reply(String content) throws IntentFormatException {
        ReplyValidator.Result r = VALIDATOR.validate(content);
        if (r instanceof ReplyValidator.Invalid invalid) {
            assertFalse(String.valueOf(invalid.reason()).isBlank(), "an invalid reply must say why");
            return;
        }
        ReplyValidator.Valid valid = (ReplyValidator.Valid) r;
        if (valid.intent() instanceof Drive d) {
            assertTrue(Double.isFinite(d.linear()) && Double.isFinite(d.angular()), "valid " + d);
        } else if (valid.intent() instanceof MoveEndEffector m) {
            assertTrue(Double.isFinite(m.x()) && Double.isFinite(m.y()) && Double.isFinite(m.z()), "valid " + m);
        }
        assertEquals(valid.intent(), CODEC.parse(valid.intentJson()), "the intent text the kernel gets");
    }
}
