/**
 * The OctoMap-style occupancy octree: {@link mechos.perception.internal.octree.OccupancyOctree} (single writer,
 * copy-on-write by epoch) and {@link mechos.perception.internal.octree.OctreeSnapshot} (immutable, queried by
 * any thread).
 */
package mechos.perception.internal.octree;
