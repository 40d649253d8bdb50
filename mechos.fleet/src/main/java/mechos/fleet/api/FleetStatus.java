package mechos.fleet.api;

/**
 * Health and counters of this robot's fleet link.
 *
 * @param robotId         this robot's id (the MQTT client id)
 * @param health          ONLINE / DEGRADED / OFFLINE
 * @param reason          why, in words (never null; empty when ONLINE without remarks)
 * @param messagesIn      MQTT messages received
 * @param messagesOut     MQTT messages handed to the broker
 * @param reconnects      successful connections after the first one
 * @param queued          messages waiting in the store-and-forward queue
 * @param queueRefused    reliable messages refused because the queue was full (never silently dropped)
 * @param statusDropped   presence messages replaced by a newer one while offline (drop-oldest)
 * @param droppedInbound  inbound messages dropped: sender not in the grants, forged sender, or malformed
 * @param auctions        auction rounds closed (awarded or reopened)
 * @param leaseExpiries   leases that ran out (a holder lost its task)
 */
public record FleetStatus(String robotId, FleetHealth health, String reason, long messagesIn, long messagesOut,
        long reconnects, int queued, long queueRefused, long statusDropped, long droppedInbound, long auctions,
        long leaseExpiries) {
}
