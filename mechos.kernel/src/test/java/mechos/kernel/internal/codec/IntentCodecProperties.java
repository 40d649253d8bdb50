package mechos.kernel.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import mechos.kernel.api.AskHuman;
import mechos.kernel.api.BroadcastFleet;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentFormatException;
import mechos.kernel.api.MessagePeer;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.api.PostTask;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TriggerRelay;

class IntentCodecProperties {
    private final JacksonIntentCodec codec = new JacksonIntentCodec();

    @Property(tries = 2000)
    void roundTripIsLossless(@ForAll("intents") Intent intent) throws IntentFormatException {
        String json = codec.toJson(intent);
        assertEquals(intent, codec.parse(json), json);
    }

    @Property(tries = 500)
    void garbageNeverParsesSilently(@ForAll String text) {
        try {
            Intent i = codec.parse(text);
            // Anything that parses must print back to something that parses to the same value.
            assertEquals(i, codec.parse(codec.toJson(i)));
        } catch (IntentFormatException expected) {
            // rejected with a message: fine
            org.junit.jupiter.api.Assertions.assertNotNull(expected.getMessage());
        }
    }

    @Example
    void parsesTheWireFormAnLlmProduces() throws IntentFormatException {
        assertEquals(new Drive(0.2, 0.0), codec.parse("{\"action\":\"drive\",\"linear\":0.2,\"angular\":0}"));
        assertEquals(new Stop(null), codec.parse("{\"action\":\"stop\"}"));
        assertEquals(new TriggerRelay("lamp", true),
                codec.parse("{\"action\":\"trigger_relay\",\"relay\":\"lamp\",\"state\":true}"));
    }

    @Example
    void errorsNameTheField() {
        IntentFormatException e = assertThrows(IntentFormatException.class,
                () -> codec.parse("{\"action\":\"drive\",\"linear\":\"fast\",\"angular\":0}"));
        assertEquals("linear", e.field());
        e = assertThrows(IntentFormatException.class, () -> codec.parse("{\"action\":\"drive\",\"linear\":0.1}"));
        assertEquals("angular", e.field());
        e = assertThrows(IntentFormatException.class,
                () -> codec.parse("{\"action\":\"drive\",\"linear\":0.1,\"angular\":0,\"speed\":3}"));
        assertEquals("speed", e.field());
        e = assertThrows(IntentFormatException.class, () -> codec.parse("{\"action\":\"fly\"}"));
        assertEquals("action", e.field());
        e = assertThrows(IntentFormatException.class, () -> codec.parse("{\"linear\":1}"));
        assertEquals("action", e.field());
        e = assertThrows(IntentFormatException.class,
                () -> codec.parse("{\"action\":\"drive\",\"linear\":1e999,\"angular\":0}"));
        assertEquals("linear", e.field());
        assertThrows(IntentFormatException.class, () -> codec.parse("[1,2]"));
        assertThrows(IntentFormatException.class, () -> codec.parse("{\"action\":\"stop\"} trailing"));
    }

    @Example
    void nonFiniteCannotBePrinted() {
        assertThrows(IllegalArgumentException.class, () -> codec.toJson(new Drive(Double.NaN, 0)));
    }

    @Provide
    Arbitrary<Intent> intents() {
        Arbitrary<Double> d = Arbitraries.doubles().filter(Double::isFinite)
                .injectDuplicates(0.1).edgeCases(c -> c.includeOnly(0.0, -0.0, Double.MAX_VALUE, -Double.MIN_VALUE));
        Arbitrary<String> s = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> ns = s.injectNull(0.3);
        return Arbitraries.oneOf(
                Combinators.combine(d, d).as(Drive::new),
                Combinators.combine(s, d, d, d, ns).as(MoveEndEffector::new),
                Combinators.combine(s, Arbitraries.of(true, false)).as(TriggerRelay::new),
                Combinators.combine(s, ns).as(AskHuman::new),
                Combinators.combine(s, s).as(MessagePeer::new),
                s.map(BroadcastFleet::new),
                Combinators.combine(s, ns, ns).as(PostTask::new),
                ns.map(Stop::new));
    }
}
