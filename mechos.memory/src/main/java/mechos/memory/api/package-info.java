/**
 * Memory's contract: episodic memory with recall, semantic state, the task board, and the recorder and player.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package mechos.memory.api;
