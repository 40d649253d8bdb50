/**
 * Perception's contract: the transform tree, the fused pose, occupancy queries and the world snapshot.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package mechos.perception.api;
