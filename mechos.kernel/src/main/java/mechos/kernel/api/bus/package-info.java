/**
 * The MechOS event bus: typed topics, non-blocking publishing, and per-subscriber bounded queues.
 *
 * <p>Every subscriber has its own queue and its own delivery thread, so a slow or throwing subscriber never
 * delays the publisher or the other subscribers. {@link mechos.kernel.api.bus.Delivery#LATEST} topics keep only
 * the newest message per subscriber (sensor streams); {@link mechos.kernel.api.bus.Delivery#RELIABLE} topics
 * keep a bounded FIFO and count what overflows (commands, decisions, alerts). Order is preserved per subscriber.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package mechos.kernel.api.bus;
