/**
 * Memory's contract: durable episodic memory with vector recall, semantic state (labels with decaying confidence),
 * the fleet task board, and the recorder and player of bus traffic (MCAP files).
 *
 * <p>Every storage operation returns a {@link java.util.concurrent.CompletableFuture} completed on memory's own
 * executor; no method blocks its caller on storage and none throws because storage failed. Storage trouble is
 * reported as {@link mechos.memory.api.StoreHealth} ({@link mechos.memory.api.StoreStatus#DEGRADED} with a reason)
 * and as futures completed exceptionally with a {@link mechos.memory.api.MemoryException}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package mechos.memory.api;
