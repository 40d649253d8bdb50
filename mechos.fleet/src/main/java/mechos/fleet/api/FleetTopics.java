package mechos.fleet.api;

import mechos.kernel.api.bus.Topic;

/** Event-bus topics {@code mechos.fleet} publishes on. */
public interface FleetTopics {
    /** Inbound messages from granted peers (never from this robot itself). */
    Topic<FleetMessage> MESSAGES = Topic.reliable("fleet/messages", FleetMessage.class);
    /** Peers as obstacles, at the presence rate; only the newest matters. */
    Topic<PeerFootprints> PEER_FOOTPRINTS = Topic.latest("fleet/peer-footprints", PeerFootprints.class);
    /** Every change of a market task as this robot sees it. */
    Topic<TaskView> TASKS = Topic.reliable("fleet/tasks", TaskView.class);
}
