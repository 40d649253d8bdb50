/**
 * The fleet's contract: a live view of the peer robots ({@link mechos.fleet.api.FleetView}), the peer messages
 * that arrived ({@link mechos.fleet.api.FleetMessenger}), the task market ({@link mechos.fleet.api.TaskMarket},
 * with {@link mechos.fleet.api.TaskExecutor} as the whiteboard a behaviour registers to work on won tasks) and the
 * bus topics the fleet publishes ({@link mechos.fleet.api.FleetTopics}).
 *
 * <p>Nothing here moves an actuator: a won task or an inbound message is at most an input that a behaviour or the
 * brain turns into an intent, and that intent passes this robot's own kernel gate.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package mechos.fleet.api;
