package mechos.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gate: the only way to move the robot. Registered as a service by {@code mechos.kernel}.
 *
 * <p>{@link #submit} checks the agent's capability (signed grants), then every {@link SafetyRule}; the most
 * severe violation decides and all are reported. An approved actuation is dispatched to its driver
 * asynchronously on the kernel's dispatch executor; the outcome is published on {@link KernelTopics#DISPATCH}.
 * Intent, decision and dispatch result are published on the bus with the intent id, which is also put in the
 * SLF4J MDC under {@link #MDC_INTENT_ID} while the kernel works on it.
 *
 * <p><b>Identity.</b> The service is registered per calling bundle (service scope {@code bundle}): each bundle
 * gets its own {@code Kernel} that knows the bundle's symbolic name, and {@link #submit} accepts an agent id only
 * if the signed grants bind that agent to the calling bundle ({@link AgentGrant#bundles()}). Any other claim is
 * rejected with the violation {@value #VIOLATION_IDENTITY} (logged at WARN once per bundle and agent). An agent id
 * may carry a principal after {@value #PRINCIPAL_SEPARATOR}, e.g. {@code "operator:alice"} for the person logged
 * in to the console: grants, bindings and the operator role are those of the agent ({@link #agentOf}), and the
 * whole id is recorded in the intent event, the decision and the log (MDC {@value #MDC_AGENT_ID}).
 *
 * <p><b>Threading.</b> Thread-safe. {@code submit} never blocks on a driver, the network or storage; it returns
 * in microseconds.
 */
@ProviderType
public interface Kernel {
    /** MDC key of the intent id. */
    String MDC_INTENT_ID = "intentId";
    /** MDC key of the agent id. */
    String MDC_AGENT_ID = "agentId";
    /** MDC key of the device id (set around driver calls). */
    String MDC_DEVICE_ID = "deviceId";
    /** Violation id of a submission as an agent the calling bundle is not bound to. @since 1.2 */
    String VIOLATION_IDENTITY = "identity";
    /** Separates an agent from the principal acting through it: {@code "operator:alice"}. @since 1.2 */
    String PRINCIPAL_SEPARATOR = ":";

    /**
     * @return the agent of an agent id: {@code "operator"} for {@code "operator:alice"} and for {@code "operator"};
     *         null for null
     * @since 1.2
     */
    static String agentOf(String agentId) {
        if (agentId == null) {
            return null;
        }
        int i = agentId.indexOf(PRINCIPAL_SEPARATOR);
        return i < 0 ? agentId : agentId.substring(0, i);
    }

    /**
     * @return the principal of an agent id: {@code "alice"} for {@code "operator:alice"}; empty when there is none
     * @since 1.2
     */
    static String principalOf(String agentId) {
        int i = agentId == null ? -1 : agentId.indexOf(PRINCIPAL_SEPARATOR);
        return i < 0 ? "" : agentId.substring(i + 1);
    }

    /**
     * Decides on one intent.
     *
     * @param agentId the submitting agent ({@code "brain"} for the LLM runtime, {@code "operator"} for people),
     *                optionally with a principal ({@code "operator:alice"}); an agent without a valid signed grant
     *                holds nothing, and an agent the calling bundle is not bound to is rejected with
     *                {@value #VIOLATION_IDENTITY}
     * @param intent  the intent; a null is rejected like any malformed intent
     * @return the decision, never null; rejection is a result, never an exception
     */
    Decision submit(String agentId, Intent intent);

    /** @return the current safety state; never blocks */
    SafetyStatus status();

    /** @return timing of the safety monitor's fixed-rate tick since start (or the last {@link #resetTickStats()}) */
    TickStats tickStats();

    /** Restarts the tick statistics (e.g. at the start of a measurement). */
    void resetTickStats();

    /**
     * @return one line per component whose newest configuration the safety envelope refused (it keeps its last
     *         good values); empty when every configuration is in force
     * @since 1.2
     */
    default java.util.List<String> configurationRefusals() {
        return java.util.List.of();
    }

    /**
     * The kernel's limit on the age of world-model data (its {@code clearance_max_age_ms}, as in force now): a
     * clearance answer built from older data counts as unknown and motion on it is held to creep speed. Planners
     * (the brain's behaviours, task executors) read it so that they plan with the same view of "fresh" as the gate
     * that judges them, instead of keeping a copy of the setting.
     *
     * @return nanoseconds, positive
     * @since 1.6
     */
    long clearanceMaxAgeNanos();
}
