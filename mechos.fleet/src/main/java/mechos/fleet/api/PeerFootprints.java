package mechos.fleet.api;

import java.util.List;

/**
 * Every online peer's footprint at one moment (published on {@link FleetTopics#PEER_FOOTPRINTS}).
 *
 * @param wallMillis when computed
 * @param footprints one per online peer
 */
public record PeerFootprints(long wallMillis, List<PeerFootprint> footprints) {
    public PeerFootprints {
        footprints = List.copyOf(footprints);
    }
}
