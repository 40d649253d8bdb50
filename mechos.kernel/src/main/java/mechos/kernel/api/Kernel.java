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

    /**
     * Decides on one intent.
     *
     * @param agentId the submitting agent ({@code "brain"} for the LLM runtime, {@code "operator"} for people);
     *                an agent without a valid signed grant holds nothing
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
}
