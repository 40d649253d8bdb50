package mechos.fleet.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Peer messages. Sending happens only for intents this robot's kernel approved ({@code MessagePeer},
 * {@code BroadcastFleet}, read from {@code kernel/decisions}); there is deliberately no send method that bypasses
 * the gate. Inbound messages from granted peers are published on {@link FleetTopics#MESSAGES} and kept here for the
 * brain's next prompt. Any thread; never blocks.
 */
@ProviderType
public interface FleetMessenger {
    /**
     * @param max at most this many
     * @return the newest inbound messages, oldest first
     */
    List<FleetMessage> recentInbound(int max);

    /**
     * @param sinceMillis wall clock, exclusive
     * @return inbound messages that arrived after {@code sinceMillis}, oldest first (for a prompt's observations)
     */
    List<FleetMessage> inboundSince(long sinceMillis);
}
