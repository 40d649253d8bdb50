package mechos.runtime.internal.loop;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import mechos.runtime.api.Agent;
import mechos.runtime.api.AgentStatus;
import mechos.runtime.api.DecisionRecord;
import mechos.runtime.api.llm.LlmProvider;

/** Gogo commands: {@code mechos:answer}, {@code mechos:agent}, {@code mechos:decisions}, {@code mechos:pause}, {@code mechos:resume}, {@code mechos:llm}. */
@Component(service = AgentCommands.class, property = {
    "osgi.command.scope=mechos",
    "osgi.command.function=answer",
    "osgi.command.function=agent",
    "osgi.command.function=decisions",
    "osgi.command.function=pause",
    "osgi.command.function=resume",
    "osgi.command.function=llm"
})
public final class AgentCommands {
    static final String ANSWER_USAGE = "mechos:answer <text...>: answer the agent's pending question";
    static final String AGENT_USAGE = "mechos:agent: the agent's state, last invalid reply, budget and provider";
    static final String DECISIONS_USAGE = "mechos:decisions: the last decisions (local time, source, intent, verdict)";
    static final String PAUSE_USAGE = "mechos:pause: pause the agent loop";
    static final String RESUME_USAGE = "mechos:resume: un-pause the agent loop (mechos:resumeAutonomy is the kernel's)";
    static final String LLM_USAGE = "mechos:llm: the configured LLM providers (keys masked)";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS",
            Locale.ROOT).withZone(ZoneId.systemDefault());
    private final Agent agent;
    private final List<LlmProvider> providers;

    @Activate
    public AgentCommands(@Reference Agent agent,
            @Reference(service = LlmProvider.class) List<LlmProvider> providers) {
        this.agent = agent;
        this.providers = providers;
    }

    /** Answers the pending AskHuman question: {@code mechos:answer yes, the door is open}. */
    public String answer(String... words) {
        if (words.length == 1 && isHelp(words[0])) {
            return ANSWER_USAGE;
        }
        String text = String.join(" ", words).strip();
        if (text.isEmpty()) {
            return "usage: " + ANSWER_USAGE;
        }
        return agent.answer(text) ? "answered" : "no question is pending";
    }

    /** Shows the agent status. */
    public String agent(String... args) {
        if (args.length > 0) {
            return usage("agent", AGENT_USAGE, args);
        }
        AgentStatus s = agent.status();
        return "agent " + s.agentId() + ": " + s.state() + " (" + s.reason() + ")"
                + (s.pendingQuestion() == null ? "" : "\nquestion: " + s.pendingQuestion())
                + (s.fallbackTree() == null ? "" : "\nfallback tree: " + s.fallbackTree())
                + (s.lastInvalidReply() == null ? "" : "\nlast invalid reply: " + s.lastInvalidReply())
                + "\ndecisions " + s.decisions() + ", LLM calls " + s.llmCalls() + ", tokens in window "
                + s.tokensInWindow() + ", cost " + String.format(java.util.Locale.ROOT, "%.4f", s.costEstimate())
                + "\nlimits: tokens " + s.tokensInWindow() + " / "
                + (s.limits().tokenBudget() == 0 ? "unlimited" : s.limits().tokenBudget() + " per "
                        + s.limits().tokenWindowSeconds() + " s (renews in "
                        + s.limits().windowRenewsInMillis() / 1000 + " s)")
                + ", requests " + s.limits().requestsLastMinute() + " / "
                + (s.limits().requestsPerMinute() == 0 ? "unlimited" : s.limits().requestsPerMinute() + " per min")
                + "\nprovider " + (s.provider().isEmpty() ? "none" : s.provider());
    }

    /** Lists the last decisions. */
    public String decisions(String... args) {
        if (args.length > 0) {
            return usage("decisions", DECISIONS_USAGE, args);
        }
        StringBuilder b = new StringBuilder();
        for (DecisionRecord d : agent.lastDecisions()) {
            b.append(TIME.format(Instant.ofEpochMilli(d.wallMillis()))).append(' ').append(d.source()).append(' ').append(d.intentJson()).append(" -> ").append(d.verdict()).append('\n');
        }
        return b.length() == 0 ? "no decisions yet" : b.toString();
    }

    public String pause(String... args) {
        if (args.length > 0) {
            return usage("pause", PAUSE_USAGE, args);
        }
        agent.pause();
        return "pausing";
    }

    public String resume(String... args) {
        if (args.length > 0) {
            return usage("resume", RESUME_USAGE, args);
        }
        agent.resume();
        return "resuming";
    }

    /** Lists the LLM providers with masked keys. */
    public String llm(String... args) {
        if (args.length > 0) {
            return usage("llm", LLM_USAGE, args);
        }
        StringBuilder b = new StringBuilder();
        for (LlmProvider p : providers) {
            var i = p.info();
            b.append(i.kind()).append(' ').append(i.endpoint()).append(" model=").append(i.model())
                    .append(i.maskedKey().isEmpty() ? "" : " key=" + i.maskedKey()).append('\n');
        }
        return b.length() == 0 ? "no LLM providers" : b.toString();
    }

    private static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("-h") || arg.equals("--help");
    }

    /** @return the usage for {@code help}, else an error naming the unexpected arguments plus the usage */
    static String usage(String command, String usage, String... args) {
        if (args.length == 1 && isHelp(args[0])) {
            return usage;
        }
        return "error: " + command + " takes no arguments, got '" + String.join(" ", args) + "'\nusage: " + usage;
    }
}
