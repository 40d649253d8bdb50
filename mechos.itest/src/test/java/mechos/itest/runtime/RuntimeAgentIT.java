package mechos.itest.runtime;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import mechos.hal.api.Odometry;
import mechos.hal.api.OdometryReading;
import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.Kernel;
import mechos.platform.api.RunDirectory;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.TickStats;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;
import mechos.runtime.api.Agent;
import mechos.runtime.api.AgentState;
import mechos.runtime.api.DecisionRecord;
import mechos.runtime.api.HumanQuestion;
import mechos.runtime.api.RuntimeTopics;
import mechos.runtime.api.llm.ChatResponse;
import mechos.runtime.api.llm.LlmProvider;

/**
 * The brain through the real kernel and simulator, with an LLM provider scripted by the test and selected by the
 * agent's {@code llm.target} configuration.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RuntimeAgentIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final ScriptedLlm LLM = new ScriptedLlm();
    private static ServiceRegistration<LlmProvider> registration;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> true);
    }

    private static BundleContext bc() {
        return MechosTestSupport.context(RuntimeAgentIT.class);
    }

    /** Registers the scripted provider (once) and configures the agent to use it; returns the new agent. */
    private static Agent configure(String mission, Object... keyValues) throws Exception {
        // Pax Exam runs each test method as its own request: keep one registration for the whole class (the
        // framework goes away after the last method), re-registering only if something removed it.
        if (bc().getServiceReferences(LlmProvider.class, "(" + LlmProvider.PROVIDER_PROPERTY + "=itest)").isEmpty()) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(LlmProvider.PROVIDER_PROPERTY, "itest");
            registration = bc().registerService(LlmProvider.class, LLM, props);
        }
        // The agent's configuration belongs to FileInstall (the run directory's conf/mechos.runtime.agent.cfg), so the
        // test edits that file as an operator would; a Config Admin update would be reverted by FileInstall.
        Properties p = new Properties();
        p.setProperty("llm.target", "(mechos.llm.provider=itest)");
        p.setProperty("mission", mission);
        p.setProperty("tick.hz", "10.0");
        p.setProperty("decision.interval.ms", "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty((String) keyValues[i], String.valueOf(keyValues[i + 1]));
        }
        Path home = awaitService(bc(), RunDirectory.class, null, START).home();
        Path conf = home.resolve("conf");
        Path tmp = Files.createTempFile(home, "agent", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "RuntimeAgentIT " + mission);
        }
        Files.move(tmp, conf.resolve("mechos.runtime.agent.cfg"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Agent agent = awaitService(bc(), Agent.class, "(mission=" + mission + ")", START);
        awaitCondition("agent uses the scripted provider (" + agent.status() + ")", Duration.ofSeconds(10),
                () -> agent.status().provider().startsWith("itest"));
        return agent;
    }

    private static OdometryReading pose() {
        return awaitService(bc(), Odometry.class, "(mechos.device.id=odom)", START).latest();
    }

    private static long llmApproved(Agent agent) {
        return agent.lastDecisions().stream()
                .filter(d -> d.source() == DecisionRecord.Source.LLM && d.approved()).count();
    }

    @Test
    public void a_robotReachesAGoalDrivenByTheScriptedBrain() throws Exception {
        Kernel kernel = awaitService(bc(), Kernel.class, null, START);
        awaitCondition("kernel NOMINAL", START, () -> kernel.status().state() == SafetyState.NOMINAL);
        awaitCondition("odometry publishes", START, () -> pose() != null);
        double goalX = 0.5;
        double goalY = -1.0;
        // A proportional controller standing in for the model: turn to the goal, then drive; stop when there.
        LLM.script = r -> {
            OdometryReading o = pose();
            double dx = goalX - o.x();
            double dy = goalY - o.y();
            String intent;
            if (Math.hypot(dx, dy) < 0.2) {
                intent = "{\"action\":\"stop\",\"reason\":\"goal reached\"}";
            } else {
                double err = Math.IEEEremainder(Math.atan2(dy, dx) - o.theta(), 2 * Math.PI);
                double angular = Math.round(Math.max(-0.5, Math.min(0.5, 1.5 * err)) * 10) / 10.0;
                double linear = Math.abs(err) < 0.3 ? 0.1 : 0.0;
                intent = String.format(Locale.ROOT, "{\"action\":\"drive\",\"linear\":%.2f,\"angular\":%.2f}",
                        linear, angular);
            }
            return CompletableFuture.completedFuture(
                    ScriptedLlm.reply("{\"rationale\":\"towards the goal\",\"intent\":" + intent + "}", 200));
        };
        Agent agent = configure("itest-goal", "loop.cycle.repeats", 1000, "loop.repeat.limit", 1000,
                "token.budget", 0L, "requests.per.minute", 0);
        awaitCondition("the robot reaches (" + goalX + ", " + goalY + ") (pose " + pose() + ", agent "
                + agent.status() + ")", Duration.ofSeconds(90),
                () -> Math.hypot(goalX - pose().x(), goalY - pose().y()) < 0.3);
        assertTrue("the LLM's intents were approved by the kernel", llmApproved(agent) > 0);
        assertEquals(0, agent.lastDecisions().stream()
                .filter(d -> d.source() == DecisionRecord.Source.LLM && !d.approved()).count());
    }

    @Test
    public void b_hangingProviderFallsBackWithinTheDeadlineAndTheSafetyTickKeepsItsRate() throws Exception {
        Kernel kernel = awaitService(bc(), Kernel.class, null, START);
        LLM.script = r -> new CompletableFuture<>(); // never answers
        Agent agent = configure("itest-hang", "decision.deadline.ms", 2000L, "probe.interval.ms", 600000L,
                "fallback.tree", "hold");
        awaitCondition("waiting on the hanging provider (" + agent.status() + ")", Duration.ofSeconds(5),
                () -> agent.status().state() == AgentState.WAITING_FOR_LLM);
        // Measure the safety tick while the brain waits on the hanging call and falls back (not while
        // FileInstall and DS were reconfiguring the agent).
        kernel.resetTickStats();
        long[] fellBackAt = new long[1];
        awaitCondition("fallback engages (" + agent.status() + ")", Duration.ofSeconds(10), () -> {
            fellBackAt[0] = System.nanoTime();
            return agent.status().state() == AgentState.FALLBACK;
        });
        // The reconfigured agent made exactly one call (the previous one was deactivated before it started).
        long callStarted = LLM.calls.get(LLM.calls.size() - 1).startedNanos();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(fellBackAt[0] - callStarted);
        assertTrue("fallback within the 2000 ms deadline plus two ticks, took " + tookMs + " ms", tookMs < 2500);
        assertTrue(agent.status().reason(), agent.status().reason().contains("no valid intent within 2000 ms"));
        awaitCondition("the fallback tree acts through the kernel", Duration.ofSeconds(5), () -> agent
                .lastDecisions().stream().anyMatch(d -> d.source() == DecisionRecord.Source.FALLBACK));
        TickStats t = kernel.tickStats();
        assertTrue("safety ticks counted", t.ticks() > 100);
        assertTrue("largest safety-tick gap " + t.maxGapNanos() / 1000 + " µs must stay under 3 periods ("
                + 3 * t.periodNanos() / 1000 + " µs)", t.maxGapNanos() < 3 * t.periodNanos());
    }

    @Test
    public void c_exhaustedTokenBudgetFallsBackThenRecoversWhenTheWindowRenews() throws Exception {
        LLM.script = r -> CompletableFuture.completedFuture(ScriptedLlm.reply(
                "{\"rationale\":\"waiting\",\"intent\":{\"action\":\"stop\",\"reason\":\"budget test\"}}", 390));
        Agent agent = configure("itest-budget", "token.budget", 1000L, "token.window.s", 6L,
                "loop.repeat.limit", 1000, "fallback.tree", "hold");
        awaitCondition("fallback on the budget (" + agent.status() + ")", Duration.ofSeconds(10),
                () -> agent.status().state() == AgentState.FALLBACK
                        && agent.status().reason().contains("token budget exhausted"));
        long callsAtLimit = agent.status().llmCalls();
        assertEquals("400 tokens per call: the third call crosses 1000", 3, callsAtLimit);
        // LLM decisions are only submitted after leaving fallback: more than 3 means the loop recovered.
        awaitCondition("recovery when the window renews (" + agent.status() + ")", Duration.ofSeconds(15),
                () -> agent.status().llmCalls() > callsAtLimit && agent.lastDecisions().stream()
                        .filter(d -> d.source() == DecisionRecord.Source.LLM).count() > callsAtLimit);
    }

    @Test
    public void d_askHumanWaitsForTheAnswerAndResumesWithIt() throws Exception {
        EventBus bus = awaitService(bc(), EventBus.class, null, START);
        List<HumanQuestion> published = new CopyOnWriteArrayList<>();
        try (BusSubscription sub = bus.subscribe(RuntimeTopics.QUESTIONS, "itest", 16,
                e -> published.add(e.payload()))) {
            List<String> prompts = new CopyOnWriteArrayList<>();
            LLM.script = r -> {
                if (!r.messages().get(0).content().contains("Mission: itest-ask")) {
                    return CompletableFuture.<ChatResponse>completedFuture(ScriptedLlm.reply(
                            "{\"rationale\":\"previous agent\",\"intent\":{\"action\":\"stop\",\"reason\":null}}", 10));
                }
                String user = r.messages().get(r.messages().size() - 1).content();
                prompts.add(user);
                String intent = prompts.size() == 1
                        ? "{\"action\":\"ask_human\",\"question\":\"Is the door open?\",\"contextImageId\":null}"
                        : "{\"action\":\"stop\",\"reason\":\"" + (user.contains("the door is open") ? "told" : "not told")
                                + "\"}";
                return CompletableFuture.<ChatResponse>completedFuture(
                        ScriptedLlm.reply("{\"rationale\":\"asking\",\"intent\":" + intent + "}", 50));
            };
            Agent agent = configure("itest-ask", "loop.repeat.limit", 1000, "human.timeout.ms", 60000L,
                    "fallback.tree", "hold");
            awaitCondition("waiting for the human (" + agent.status() + ")", Duration.ofSeconds(10),
                    () -> agent.status().state() == AgentState.WAITING_FOR_HUMAN);
            assertEquals("Is the door open?", agent.status().pendingQuestion());
            awaitCondition("question published on the bus", Duration.ofSeconds(5), () -> !published.isEmpty());
            int promptsWhileWaiting = prompts.size();
            assertEquals("no LLM calls while waiting", 1, promptsWhileWaiting);
            assertTrue(agent.answer("yes, the door is open"));
            awaitCondition("resumed with the answer in the prompt", Duration.ofSeconds(10), () -> agent
                    .lastDecisions().stream().anyMatch(d -> d.intentJson().contains("\"told\"")));
            assertFalse("no question pending any more", agent.answer("again"));
            assertTrue(agent.status().state() != AgentState.WAITING_FOR_HUMAN);
        }
    }
}
