package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import mechos.kernel.api.AskHuman;
import mechos.kernel.api.Decision;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.Drive;
import mechos.kernel.api.IntentEvent;
import mechos.kernel.api.Violation;

class IntentSpansTest {
    private final List<SpanData> finished = new ArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    finished.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            })).build();
    // epoch anchor 1_000 s, nanoTime anchor 0: a message published at nanoTime t is at epoch 1_000 s + t
    private final IntentSpans spans = new IntentSpans(provider.get("test"), 1_000_000_000_000L, 0);

    @AfterEach
    void close() {
        provider.close();
    }

    private Map<String, SpanData> byName() {
        return finished.stream().collect(Collectors.toMap(SpanData::getName, Function.identity()));
    }

    @Test
    void approvedDriveIsOneTraceFromGateToDriverCall() {
        Drive drive = new Drive(0.2, 0);
        spans.onMessage(new IntentEvent("i1", "brain", drive, 0), 1_000);
        spans.onMessage(new Decision("i1", "brain", drive, true, List.of(), 0), 51_000);
        spans.onMessage(new DispatchResult("i1", "base", "setVelocity(0.200, 0.000)", DispatchOutcome.DONE, "", 300_000),
                900_000);
        Map<String, SpanData> s = byName();
        SpanData root = s.get("mechos.intent drive");
        SpanData gate = s.get("mechos.kernel.gate");
        SpanData call = s.get("mechos.dispatch base");
        assertEquals(3, finished.size());
        assertEquals(root.getSpanContext().getTraceId(), gate.getTraceId());
        assertEquals(root.getSpanId(), gate.getParentSpanId());
        assertEquals(root.getSpanId(), call.getParentSpanId());
        assertEquals(1_000_000_001_000L, root.getStartEpochNanos());
        assertEquals(1_000_000_900_000L, root.getEndEpochNanos());
        assertEquals(50_000, gate.getEndEpochNanos() - gate.getStartEpochNanos());
        assertEquals(300_000, call.getEndEpochNanos() - call.getStartEpochNanos());
        for (SpanData d : finished) {
            assertEquals("i1", d.getAttributes().get(AttributeKey.stringKey(IntentSpans.INTENT_ID)), d.getName());
            assertEquals("brain", d.getAttributes().get(AttributeKey.stringKey(IntentSpans.AGENT_ID)), d.getName());
        }
        assertEquals("DONE", call.getAttributes().get(AttributeKey.stringKey("mechos.outcome")));
        assertEquals(0, spans.openCount());
    }

    @Test
    void rejectionEndsTheTraceAtTheGateWithAnError() {
        Drive drive = new Drive(5, 0);
        spans.onMessage(new IntentEvent("i2", "brain", drive, 0), 0);
        spans.onMessage(new Decision("i2", "brain", drive, false, List.of(Violation.reject("speed.linear", "5 > 1")), 0),
                20_000);
        Map<String, SpanData> s = byName();
        assertEquals(2, finished.size());
        assertEquals(StatusCode.ERROR, s.get("mechos.intent drive").getStatus().getStatusCode());
        assertTrue(s.get("mechos.kernel.gate").getStatus().getDescription().contains("[speed.linear] 5 > 1"));
    }

    @Test
    void intentsWithoutHardwareEndAtTheDecisionAndStaleOnesExpire() {
        AskHuman ask = new AskHuman("door open?", null);
        spans.onMessage(new IntentEvent("i3", "brain", ask, 0), 0);
        spans.onMessage(new Decision("i3", "brain", ask, true, List.of(), 0), 10_000);
        assertEquals(2, finished.size(), "AskHuman is not dispatched to a driver");

        Drive drive = new Drive(0.1, 0);
        spans.onMessage(new IntentEvent("i4", "brain", drive, 0), 20_000);
        spans.onMessage(new Decision("i4", "brain", drive, true, List.of(), 0), 30_000);
        assertEquals(1, spans.openCount(), "waits for the dispatch");
        spans.onMessage("an unrelated message", 11_000_000_000L);
        assertEquals(0, spans.openCount());
        SpanData expired = finished.stream().filter(d -> d.getName().equals("mechos.intent drive")).findFirst()
                .orElseThrow();
        assertEquals(Boolean.TRUE, expired.getAttributes().get(AttributeKey.booleanKey("mechos.intent.incomplete")));
    }

    @Test
    void kernelCommandsWithoutAnIntentAreNotTraced() {
        spans.onMessage(new DispatchResult(null, "base", "stop", DispatchOutcome.DONE, "", 1000), 5_000);
        assertEquals(0, finished.size());
    }
}
