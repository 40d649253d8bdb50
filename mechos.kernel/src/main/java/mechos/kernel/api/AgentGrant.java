package mechos.kernel.api;

import java.util.List;

/**
 * What one agent was granted in the verified grant file.
 *
 * @param agentId         agent id (never contains {@link Kernel#PRINCIPAL_SEPARATOR})
 * @param capabilities    capability patterns (see {@link Capabilities})
 * @param maxLinear       m/s cap for this agent on top of the global rules; {@link Double#POSITIVE_INFINITY} for
 *                        none (a grant file that names a limit must give a finite number above zero)
 * @param maxAngular      rad/s cap for this agent; {@link Double#POSITIVE_INFINITY} for none
 * @param expiresAtMillis wall-clock expiry of the grant file ({@link Long#MAX_VALUE} for none)
 * @param bundles         Bundle-SymbolicName patterns ({@code *} matches any sequence) of the bundles that may
 *                        submit intents as this agent through the {@link Kernel} service; empty: no bundle may;
 *                        {@code ["*"]}: any bundle (a grant file without a {@code bundles} list, logged at WARN)
 * @since 1.2
 */
public record AgentGrant(String agentId, List<String> capabilities, double maxLinear, double maxAngular,
        long expiresAtMillis, List<String> bundles) {
    /** Any bundle may act as an agent whose grant names no bundles. */
    public static final List<String> ANY_BUNDLE = List.of("*");

    public AgentGrant {
        capabilities = List.copyOf(capabilities);
        bundles = List.copyOf(bundles);
    }

    /** A grant that names no bundles: any bundle may act as the agent (the form before 1.2). */
    public AgentGrant(String agentId, List<String> capabilities, double maxLinear, double maxAngular,
            long expiresAtMillis) {
        this(agentId, capabilities, maxLinear, maxAngular, expiresAtMillis, ANY_BUNDLE);
    }
}
