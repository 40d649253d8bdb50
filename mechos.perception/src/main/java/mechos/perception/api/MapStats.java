package mechos.perception.api;

/**
 * Size and freshness of the occupancy map.
 *
 * @param version          increases with every published update
 * @param resolution       m per voxel
 * @param scansInserted    scans integrated since activation
 * @param pointsInserted   beam endpoints integrated since activation
 * @param nodes            octree nodes (leaves and inner nodes)
 * @param innerNodes       nodes with children
 * @param estimatedBytes   estimated heap held by the current version of the tree
 * @param lastUpdateNanos  {@link System#nanoTime()} of the last published update, 0 if none
 */
public record MapStats(long version, double resolution, long scansInserted, long pointsInserted, long nodes,
        long innerNodes, long estimatedBytes, long lastUpdateNanos) {
}
