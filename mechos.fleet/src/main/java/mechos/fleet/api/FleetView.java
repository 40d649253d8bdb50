package mechos.fleet.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This robot's live view of its fleet. Registered by {@code mechos.fleet} while a fleet is configured. Any thread;
 * never blocks.
 */
@ProviderType
public interface FleetView {
    /** @return this robot's id */
    String selfId();

    /** @return every peer seen since start (online or not), sorted by id; never includes this robot */
    List<PeerStatus> peers();

    /** @return the last status of one peer */
    Optional<PeerStatus> peer(String robotId);

    /** @return link health and counters */
    FleetStatus status();
}
