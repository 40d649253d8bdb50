package mechos.runtime.internal.loop;

import java.util.List;

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
        String text = String.join(" ", words).strip();
        if (text.isEmpty()) {
            return "usage: mechos:answer <text>";
        }
        return agent.answer(text) ? "answered" : "no question is pending";
    }

    /** Shows the agent status. */
    public String agent() {
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
    public String decisions() {
        StringBuilder b = new StringBuilder();
        for (DecisionRecord d : agent.lastDecisions()) {
            b.append(d.source()).append(' ').append(d.intentJson()).append(" -> ").append(d.verdict()).append('\n');
        }
        return b.length() == 0 ? "no decisions yet" : b.toString();
    }

    public String pause() {
        agent.pause();
        return "pausing";
    }

    public String resume() {
        agent.resume();
        return "resuming";
    }

    /** Lists the LLM providers with masked keys. */
    public String llm() {
        StringBuilder b = new StringBuilder();
        for (LlmProvider p : providers) {
            var i = p.info();
            b.append(i.kind()).append(' ').append(i.endpoint()).append(" model=").append(i.model())
                    .append(i.maskedKey().isEmpty() ? "" : " key=" + i.maskedKey()).append('\n');
        }
        return b.length() == 0 ? "no LLM providers" : b.toString();
    }
}
