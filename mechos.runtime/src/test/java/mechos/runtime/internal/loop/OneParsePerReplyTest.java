package mechos.runtime.internal.loop;

import static mechos.runtime.internal.loop.Fakes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentCodec;
import mechos.kernel.api.IntentFormatException;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TriggerRelay;
import mechos.kernel.internal.codec.JacksonIntentCodec;
import mechos.runtime.api.DecisionRecord;

/**
 * A model's reply is parsed once, into a validated tree, and the kernel receives the typed intent built from that
 * tree: the codec (the parser for text from outside the brain) is not asked to parse or print anything for an LLM
 * decision, and the reply schema is printed once per configuration, not per request.
 */
class OneParsePerReplyTest {
    /** Counts every parser the reply mapper creates, whatever the input type. */
    static final class CountingFactory extends JsonFactory {
        private static final long serialVersionUID = 1L;
        final AtomicInteger parsers = new AtomicInteger();

        @Override
        public JsonParser createParser(String content) throws IOException {
            parsers.incrementAndGet();
            return super.createParser(content);
        }

        @Override
        public JsonParser createParser(Reader r) throws IOException {
            parsers.incrementAndGet();
            return super.createParser(r);
        }

        @Override
        public JsonParser createParser(char[] content, int offset, int len) throws IOException {
            parsers.incrementAndGet();
            return super.createParser(content, offset, len);
        }

        @Override
        public JsonParser createParser(byte[] data, int offset, int len) throws IOException {
            parsers.incrementAndGet();
            return super.createParser(data, offset, len);
        }
    }

    /** The kernel's codec, counting calls. */
    static final class SpyCodec implements IntentCodec {
        final IntentCodec real = new JacksonIntentCodec();
        final AtomicInteger parses = new AtomicInteger();
        final AtomicInteger prints = new AtomicInteger();

        @Override
        public Intent parse(String json) throws IntentFormatException {
            parses.incrementAndGet();
            return real.parse(json);
        }

        @Override
        public String toJson(Intent intent) {
            prints.incrementAndGet();
            return real.toJson(intent);
        }
    }

    private final Fakes.RecordingKernel kernel = new Fakes.RecordingKernel();
    private final Fakes.ScriptedProvider llm = new Fakes.ScriptedProvider();
    private final Fakes.ManualClock clock = new Fakes.ManualClock();
    private AgentLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.deactivate();
        }
    }

    @Test
    void eachReplyIsParsedOnceAndTheKernelGetsTheTypedIntent() {
        CountingFactory factory = new CountingFactory();
        JsonMapper replyMapper = JsonMapper.builder(factory)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        SpyCodec codec = new SpyCodec();
        llm.reply("{\"rationale\":\"clear\",\"intent\":{\"action\":\"drive\",\"linear\":0.2,\"angular\":0}}");
        llm.reply("{\"rationale\":\"dark\",\"intent\":{\"action\":\"trigger_relay\",\"relay\":\"relay.light\","
                + "\"state\":true}}");
        llm.reply("{\"rationale\":\"done\",\"intent\":{\"action\":\"stop\",\"reason\":null}}");
        loop = new AgentLoop(AgentOptions.from(Fakes.config(Map.of("tick_hz", 50.0, "decision_interval_ms", 0L,
                "fallback_tree", "hold", "drive_hold_ms", 0L, "memory_top_k", 0))), kernel, codec, null, clock::get,
                replyMapper);
        loop.bindLlm(llm);
        loop.start();

        await("three LLM decisions", () -> loop.lastDecisions().stream()
                .filter(d -> d.source() == DecisionRecord.Source.LLM).count() == 3);
        assertEquals(List.of(new Drive(0.2, 0.0), new TriggerRelay("relay.light", true), new Stop(null)),
                kernel.decisions.stream().map(d -> d.intent()).limit(3).toList(), "typed intents reach the gate");
        assertEquals(3, factory.parsers.get(), "one JSON parse per reply");
        assertEquals(0, codec.parses.get(), "the codec does not parse a reply the validator already parsed");
        assertEquals(0, codec.prints.get(), "the decision record keeps the JSON printed from the validated tree");
        List<DecisionRecord> llmDecisions = loop.lastDecisions().stream()
                .filter(d -> d.source() == DecisionRecord.Source.LLM).toList();
        assertEquals("{\"action\":\"trigger_relay\",\"relay\":\"relay.light\",\"state\":true}",
                llmDecisions.get(1).intentJson());
        await("a fourth request", () -> llm.requests.size() >= 4);
        for (int i = 1; i < 4; i++) {
            assertSame(llm.requests.get(0).jsonSchema(), llm.requests.get(i).jsonSchema(),
                    "the reply schema is printed once per configuration, not per request");
        }
    }
}
