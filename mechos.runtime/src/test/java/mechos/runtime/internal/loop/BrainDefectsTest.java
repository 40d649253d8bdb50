package mechos.runtime.internal.loop;

import static mechos.runtime.internal.loop.Fakes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.kernel.api.AgentGrant;
import mechos.kernel.api.Capabilities;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.TriggerRelay;
import mechos.kernel.api.Watchdog;
import mechos.kernel.internal.codec.JacksonIntentCodec;
import mechos.runtime.api.AgentState;
import mechos.runtime.api.DecisionRecord;
import mechos.runtime.api.llm.ChatResponse;

/** Issue 16, defects 1-7: each test fails on the brain before the fix. */
class BrainDefectsTest {
    private static final String DRIVE = "{\"rationale\":\"clear\",\"intent\":{\"action\":\"drive\",\"linear\":0.2,\"angular\":0.0}}";
    private static final String LIGHT_ON = "{\"rationale\":\"light\",\"intent\":{\"action\":\"trigger_relay\",\"relay\":\"relay.light\",\"state\":true}}";
    private static final String GARBAGE = "Sure! I will drive forward now.";

    private final Fakes.RecordingKernel kernel = new Fakes.RecordingKernel();
    private final Fakes.ScriptedProvider llm = new Fakes.ScriptedProvider();
    private final Fakes.ManualClock clock = new Fakes.ManualClock();
    private final AtomicInteger beats = new AtomicInteger();
    private AgentLoop loop;

    private AgentLoop loop(Map<String, Object> overrides) {
        Map<String, Object> o = new HashMap<>(Map.of("tick_hz", 50.0, "decision_interval_ms", 0L,
                "fallback_tree", "hold", "drive_hold_ms", 0L));
        o.putAll(overrides);
        loop = new AgentLoop(AgentOptions.from(Fakes.config(o)), kernel, new JacksonIntentCodec(), null,
                clock::get);
        loop.bindWatchdog(countingWatchdog());
        loop.bindLlm(llm);
        return loop;
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.deactivate();
        }
    }

    private Watchdog countingWatchdog() {
        return (component, timeoutMillis) -> new Watchdog.Heartbeat() {
            @Override
            public void beat() {
                beats.incrementAndGet();
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    /** Waits until the loop has ticked n more times (the loop beats the watchdog once per tick). */
    private void awaitTicks(int n) {
        int target = beats.get() + n;
        await(n + " ticks", () -> beats.get() >= target);
    }

    private String prompt(int request) {
        return llm.requests.get(request).messages().get(1).content();
    }

    // ---- defect 1 ------------------------------------------------------------------------------------------

    @Test
    void promptStatesTimeToCollisionForTheCurrentAndTheLikelyMotions() {
        llm.reply(DRIVE);
        loop(Map.of());
        // nearest obstacle 0.24 m straight ahead: at v m/s forward the footprint touches it in 0.24 / v s
        loop.bindClearance((linear, angular, r, h) -> new Clearance(
                linear > 0 ? 0.24 / linear : Double.POSITIVE_INFINITY, 0.24, 0, true));
        loop.start();
        await("two requests", () -> llm.requests.size() >= 2);
        String first = prompt(0);
        assertFalse(first.contains("time to collision ahead none"), first);
        assertTrue(first.contains("forward at the cap (linear 0.30 m/s, angular 0.00 rad/s) 0.8 s"), first);
        assertTrue(first.contains("forward at the creep (linear 0.10 m/s, angular 0.00 rad/s) 2.4 s"), first);
        assertTrue(first.contains("standing still"), first);
        String second = prompt(1);
        assertTrue(second.contains("current motion (linear 0.20 m/s, angular 0.00 rad/s) 1.2 s"),
                "the approved drive is the current motion while its lease holds: " + second);
    }

    // ---- defect 2 ------------------------------------------------------------------------------------------

    @Test
    void repeatedApprovedRelayIntentWithoutAWorldChangeTripsTheLoopGuard() {
        for (int i = 0; i < 8; i++) {
            llm.reply(LIGHT_ON);
        }
        loop(Map.of("loop_repeat_limit", 6)).start();
        await("loop guard", () -> loop.status().state() == AgentState.FALLBACK);
        assertTrue(loop.status().reason().contains("the same intent 6 times without progress"),
                loop.status().reason());
        long relays = kernel.decisions.stream().filter(d -> d.intent() instanceof TriggerRelay).count();
        assertEquals(5, relays, "the sixth identical relay intent is not submitted");
    }

    @Test
    void aRepeatedIntentIsProgressWhenTheWorldChangesBetweenDecisions() {
        for (int i = 0; i < 8; i++) {
            llm.reply(LIGHT_ON);
        }
        AtomicInteger version = new AtomicInteger();
        loop(Map.of("loop_repeat_limit", 6));
        // each decision sees a different device state (e.g. a relay flickering): the world changes, no loop
        loop.bindDevices(registry(() -> List.of(new DeviceInfo("relay.light", DeviceKind.RELAY,
                version.incrementAndGet() % 2 == 0 ? DeviceHealth.online() : DeviceHealth.degraded("flicker"),
                "sim", true))));
        loop.start();
        await("eight relay intents", () -> kernel.decisions.stream()
                .filter(d -> d.intent() instanceof TriggerRelay).count() == 8);
        assertTrue(loop.status().state() != AgentState.FALLBACK, loop.status().reason());
    }

    // ---- defect 3 ------------------------------------------------------------------------------------------

    @Test
    void shippedDefaultsDoNotContradictEachOther() {
        AgentConfig d = Fakes.config(Map.of());
        assertTrue(60_000 / d.decision_interval_ms() <= d.requests_per_minute(),
                "decisions per minute at the default interval exceed the default request limit");
        assertTrue(d.drive_hold_ms() > d.decision_interval_ms(), "a held drive must outlast the decision interval");
        assertEquals(List.of(), AgentOptions.from(d).conflicts());
    }

    @Test
    void conflictingSettingsAreNamedAtConfigurationTime() {
        List<String> c = AgentOptions.from(Fakes.config(Map.of("decision_interval_ms", 500L,
                "requests_per_minute", 30, "drive_hold_ms", 400L, "token_budget", 10_000L))).conflicts();
        assertEquals(3, c.size(), c.toString());
        assertTrue(c.get(0).contains("decision_interval_ms=500") && c.get(0).contains("requests_per_minute=30")
                && c.get(0).contains("at least 2000"), c.get(0));
        assertTrue(c.get(1).contains("drive_hold_ms=400"), c.get(1));
        assertTrue(c.get(2).contains("token_budget=10000"), c.get(2));
    }

    // ---- defect 4 ------------------------------------------------------------------------------------------

    @Test
    void invalidRepliesBackOffAndTheOperatorSeesWhy() {
        llm.reply(GARBAGE);
        llm.reply(GARBAGE);
        llm.reply(DRIVE);
        loop(Map.of("decision_deadline_ms", 60_000L, "invalid_reply_backoff_ms", 1000L)).start();
        await("first reply read", () -> loop.status().lastInvalidReply() != null);
        assertTrue(loop.status().lastInvalidReply().contains("Sure! I will drive forward now."),
                loop.status().lastInvalidReply());
        assertTrue(loop.status().reason().contains("invalid reply"), loop.status().reason());
        assertTrue(loop.status().reason().contains("asking again in 1000 ms"), loop.status().reason());
        awaitTicks(5);
        assertEquals(1, llm.requests.size(), "no immediate retry after an invalid reply");
        clock.advance(Duration.ofMillis(999));
        awaitTicks(3);
        assertEquals(1, llm.requests.size(), "still backing off");
        clock.advance(Duration.ofMillis(2));
        await("second request after the backoff", () -> llm.requests.size() == 2);
        await("second invalid reply", () -> loop.status().reason().contains("2 in a row"));
        assertTrue(loop.status().reason().contains("asking again in 2000 ms"), "the backoff doubles: "
                + loop.status().reason());
        clock.advance(Duration.ofMillis(1999));
        awaitTicks(3);
        assertEquals(2, llm.requests.size());
        clock.advance(Duration.ofMillis(2));
        await("valid drive", () -> loop.lastDecisions().stream()
                .anyMatch(d -> d.source() == DecisionRecord.Source.LLM && d.approved()));
        assertTrue(kernel.decisions.stream().noneMatch(d -> d.intent().toString().contains("Sure")));
        String shown = new AgentCommands(loop, List.of()).agent();
        assertTrue(shown.contains("last invalid reply: from scripted"), shown);
    }

    @Test
    void fallbackAfterInvalidRepliesNamesTheLastOne() {
        llm.otherwise = r -> CompletableFuture.completedFuture(Fakes.ScriptedProvider.response(GARBAGE, 10));
        loop(Map.of("decision_deadline_ms", 3000L, "invalid_reply_backoff_ms", 1000L)).start();
        await("first reply read", () -> loop.status().lastInvalidReply() != null);
        clock.advance(Duration.ofMillis(3001));
        await("fallback", () -> loop.status().state() == AgentState.FALLBACK);
        assertTrue(loop.status().reason().contains("no valid intent within 3000 ms"), loop.status().reason());
        assertTrue(loop.status().reason().contains("Sure! I will drive"), loop.status().reason());
    }

    // ---- defect 5 ------------------------------------------------------------------------------------------

    @Test
    void theReasonFollowsTheStateWhenAProviderBindsLate() {
        CompletableFuture<ChatResponse> hanging = new CompletableFuture<>();
        llm.script.add(r -> hanging);
        loop = new AgentLoop(AgentOptions.from(Fakes.config(Map.of("tick_hz", 50.0, "fallback_tree", "hold"))),
                kernel, new JacksonIntentCodec(), null, clock::get);
        loop.start();
        await("waiting for a provider", () -> loop.status().reason().startsWith("no LLM provider"));
        loop.bindLlm(llm);
        clock.advance(Duration.ofMillis(100));
        await("asking the late provider", () -> loop.status().state() == AgentState.WAITING_FOR_LLM);
        assertFalse(loop.status().reason().startsWith("no LLM provider"), loop.status().reason());
        assertTrue(loop.status().reason().startsWith("asking scripted:scripted"), loop.status().reason());
    }

    // ---- defect 6 ------------------------------------------------------------------------------------------

    @Test
    void onlyStateChangesThatMatterToAnOperatorAreLoggedAtInfo() {
        assertFalse(AgentCore.mattersToOperator(AgentState.RUNNING, AgentState.WAITING_FOR_LLM));
        assertFalse(AgentCore.mattersToOperator(AgentState.WAITING_FOR_LLM, AgentState.RUNNING));
        assertTrue(AgentCore.mattersToOperator(AgentState.WAITING_FOR_LLM, AgentState.FALLBACK));
        assertTrue(AgentCore.mattersToOperator(AgentState.FALLBACK, AgentState.RUNNING));
        assertTrue(AgentCore.mattersToOperator(AgentState.RUNNING, AgentState.WAITING_FOR_HUMAN));
        assertTrue(AgentCore.mattersToOperator(AgentState.RUNNING, AgentState.PAUSED));
    }

    // ---- defect 7 ------------------------------------------------------------------------------------------

    @Test
    void promptListsTheDevicesByIdAndWhichOnesTheAgentMayUse() {
        llm.reply(DRIVE);
        loop(Map.of());
        loop.bindDevices(registry(() -> List.of(
                new DeviceInfo("arm", DeviceKind.END_EFFECTOR, DeviceHealth.online(), "sim", true),
                new DeviceInfo("base", DeviceKind.DRIVE_BASE, DeviceHealth.online(), "sim", true),
                new DeviceInfo("relay.light", DeviceKind.RELAY, DeviceHealth.fault("coil open"), "sim", true))));
        loop.bindCapabilities(new Capabilities() {
            @Override
            public boolean permits(String agentId, String capability) {
                return agentId.equals("brain") && (capability.equals("drive:base") || capability.startsWith("relay:"));
            }

            @Override
            public Optional<AgentGrant> grant(String agentId) {
                return Optional.empty();
            }
        });
        loop.start();
        await("a request", () -> !llm.requests.isEmpty());
        String p = prompt(0);
        assertTrue(p.contains("- relay.light (relay, FAULT: coil open) you may use it"), p);
        assertTrue(p.contains("- base (drive, ONLINE) you may use it"), p);
        assertTrue(p.contains("- arm (effector, ONLINE) not granted to you"), p);
        assertNotNull(loop.status());
    }

    private static DeviceRegistry registry(java.util.function.Supplier<List<DeviceInfo>> list) {
        return new DeviceRegistry() {
            @Override
            public Collection<DeviceInfo> devices() {
                return list.get();
            }

            @Override
            public Optional<DeviceInfo> device(String id) {
                return list.get().stream().filter(d -> d.id().equals(id)).findFirst();
            }
        };
    }
}
