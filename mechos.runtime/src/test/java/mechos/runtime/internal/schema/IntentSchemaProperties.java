package mechos.runtime.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import mechos.kernel.api.AskHuman;
import mechos.kernel.api.BroadcastFleet;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentAction;
import mechos.kernel.api.IntentCodec;
import mechos.kernel.api.MessagePeer;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.api.PostTask;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TriggerRelay;
import mechos.kernel.internal.codec.JacksonIntentCodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Every valid intent serialises to schema-valid JSON, and every schema-valid JSON parses to an intent. The codec
 * is the kernel's own (tests run on the plain classpath, where its implementation class is visible).
 */
class IntentSchemaProperties {
    private final ObjectMapper mapper = new ObjectMapper();
    private final IntentCodec codec = new JacksonIntentCodec();
    private final IntentSchema schema = new IntentSchema(mapper);
    private final ReplyValidator validator = new ReplyValidator(schema, 64 * 1024);

    @Property(tries = 1000)
    void everyValidIntentSerialisesToSchemaValidJson(@ForAll("intents") Intent intent) throws Exception {
        String json = codec.toJson(intent);
        assertTrue(validator.isSchemaValidIntent(json), () -> "schema rejects " + json);
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("rationale", "because");
        envelope.set("intent", mapper.readTree(json));
        ReplyValidator.Result r = validator.validate(envelope.toString());
        ReplyValidator.Valid valid = assertInstanceOf(ReplyValidator.Valid.class, r);
        assertEquals(intent, valid.intent());
    }

    @Property(tries = 3000)
    void everySchemaValidJsonParsesToAnIntent(@ForAll("jsonObjects") String json) {
        boolean valid = validator.isSchemaValidIntent(json);
        Statistics.label("schema-valid").collect(valid);
        Statistics.label("schema-valid").coverage(c -> c.check(true).percentage(p -> p > 20.0));
        if (valid) {
            Intent fromCodec;
            try {
                fromCodec = codec.parse(json);
            } catch (Exception e) {
                throw new AssertionError("schema accepts but the codec rejects " + json + ": " + e.getMessage(), e);
            }
            try {
                // The brain builds the record from the validated tree instead of asking the codec to parse the
                // text again: both must give the same intent for every schema-valid object.
                assertEquals(fromCodec, IntentTrees.toIntent(mapper.readTree(json)), json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError(json, e);
            }
        }
    }

    @Provide
    Arbitrary<Intent> intents() {
        Arbitrary<Double> num = Arbitraries.doubles().between(-1e6, 1e6)
                .edgeCases(c -> c.add(0.0).add(-0.0).add(Double.MIN_VALUE).add(1e-300));
        Arbitrary<Double> big = Arbitraries.of(Double.MAX_VALUE / 1e10, -1e299, 1e299);
        Arbitrary<Double> anyNum = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, num),
                net.jqwik.api.Tuple.of(1, big));
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> optText = text.injectNull(0.3);
        return Arbitraries.oneOf(
                Combinators.combine(anyNum, anyNum).as(Drive::new),
                Combinators.combine(text, anyNum, anyNum, anyNum, optText).as(MoveEndEffector::new),
                Combinators.combine(text, Arbitraries.of(true, false)).as(TriggerRelay::new),
                Combinators.combine(text, optText).as(AskHuman::new),
                Combinators.combine(text, text).as(MessagePeer::new),
                text.map(BroadcastFleet::new),
                Combinators.combine(text, optText, optText).as(PostTask::new),
                optText.map(Stop::new));
    }

    @Provide
    Arbitrary<String> jsonObjects() {
        List<String> names = new ArrayList<>();
        for (IntentAction a : IntentAction.values()) {
            names.add(a.wireName());
        }
        names.add("grant_capability");
        names.add("DRIVE");
        Arbitrary<String> action = Arbitraries.of(names);
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.doubles().between(-10, 10).map(d -> Double.toString(d)),
                Arbitraries.integers().between(-5, 5).map(String::valueOf),
                Arbitraries.of("true", "false", "null", "\"\"", "\"x\"", "{}", "[]", "1e400", "-1e999", "0.5"),
                Arbitraries.strings().alpha().ofMaxLength(5).map(s -> "\"" + s + "\""));
        List<String> fieldNames = new ArrayList<>(List.of("linear", "angular", "device", "x", "y", "z", "frame",
                "relay", "state", "question", "contextImageId", "peer", "text", "title", "description", "assignee",
                "reason", "extra"));
        Arbitrary<List<String>> fields = Arbitraries.subsetOf(fieldNames).map(ArrayList::new);
        return Combinators.combine(action, fields, value.list().ofSize(fieldNames.size()),
                Arbitraries.integers().between(0, 3)).as((a, fs, vs, mode) -> {
                    // mode 0: random fields; 1..3: exactly the action's fields (so a good share is valid)
                    IntentAction known = IntentAction.byWireName(a).orElse(null);
                    List<String> chosen = mode > 0 && known != null ? known.fields() : fs;
                    StringBuilder b = new StringBuilder("{");
                    b.append("\"action\":\"").append(a).append('"');
                    for (int i = 0; i < chosen.size(); i++) {
                        String f = chosen.get(i);
                        b.append(",\"").append(f).append("\":").append(typedOrRandom(known, f, vs.get(i), mode));
                    }
                    return b.append('}').toString();
                });
    }

    private static String typedOrRandom(IntentAction known, String field, String random, int mode) {
        if (known == null || mode < 2) {
            return random;
        }
        Class<?> type;
        try {
            type = known.type().getRecordComponents()[known.fields().indexOf(field)].getType();
        } catch (RuntimeException e) {
            return random;
        }
        if (type == double.class) {
            return random.matches("-?[0-9.eE+-]+") ? random : "0.25";
        }
        if (type == boolean.class) {
            return random.equals("true") || random.equals("false") ? random : "true";
        }
        return random.startsWith("\"") || (random.equals("null") && known.optionalFields().contains(field))
                ? random : "\"s\"";
    }
}
