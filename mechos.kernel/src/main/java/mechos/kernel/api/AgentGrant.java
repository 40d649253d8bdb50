package mechos.kernel.api;

import java.util.List;

/**
 * What one agent was granted in the verified grant file.
 *
 * @param agentId      agent id
 * @param capabilities capability patterns (see {@link Capabilities})
 * @param maxLinear    m/s cap for this agent on top of the global rules; {@link Double#POSITIVE_INFINITY} for none
 * @param maxAngular   rad/s cap for this agent; {@link Double#POSITIVE_INFINITY} for none
 * @param expiresAtMillis  wall-clock expiry of the grant file ({@link Long#MAX_VALUE} for none)
 */
public record AgentGrant(String agentId, List<String> capabilities, double maxLinear, double maxAngular,
        long expiresAtMillis) {
    public AgentGrant {
        capabilities = List.copyOf(capabilities);
    }
}
