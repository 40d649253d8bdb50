package mechos.perception.internal.octree;

/**
 * Sensor model and bounds of an octree, in log-odds where applicable (validated).
 *
 * @param resolution    m per leaf voxel
 * @param probHit       occupancy probability applied to a beam's end cell (&gt; 0.5)
 * @param probMiss      occupancy probability applied to cells a beam passes through (&lt; 0.5)
 * @param clampMin      lower clamping probability
 * @param clampMax      upper clamping probability
 * @param occupancy     a cell with probability above this is occupied
 * @param minZ          lower edge of the robot's height band for planar queries (m, map frame)
 * @param maxZ          upper edge of the height band
 * @param decayPerSecond log-odds removed per second from occupied-leaning cells that are not re-observed
 *                       (0 disables decay)
 */
public record OctreeParams(double resolution, double probHit, double probMiss, double clampMin, double clampMax,
        double occupancy, double minZ, double maxZ, double decayPerSecond) {
    public OctreeParams {
        require(resolution > 0 && resolution <= 10, "resolution", resolution);
        require(probHit > 0.5 && probHit < 1, "probHit", probHit);
        require(probMiss > 0 && probMiss < 0.5, "probMiss", probMiss);
        require(clampMin > 0 && clampMin < occupancy, "clampMin", clampMin);
        require(clampMax < 1 && clampMax > occupancy, "clampMax", clampMax);
        require(occupancy > 0 && occupancy < 1, "occupancy", occupancy);
        require(maxZ > minZ, "maxZ", maxZ);
        require(decayPerSecond >= 0 && Double.isFinite(decayPerSecond), "decayPerSecond", decayPerSecond);
    }

    /** OctoMap's defaults at 5 cm: hit 0.7, miss 0.4, clamp 0.1192..0.971, threshold 0.5; band 5 cm..2 m. */
    public static OctreeParams defaults() {
        return new OctreeParams(0.05, 0.7, 0.4, 0.1192, 0.971, 0.5, 0.05, 2.0, 0);
    }

    public OctreeParams withResolution(double res) {
        return new OctreeParams(res, probHit, probMiss, clampMin, clampMax, occupancy, minZ, maxZ, decayPerSecond);
    }

    public OctreeParams withDecay(double perSecond) {
        return new OctreeParams(resolution, probHit, probMiss, clampMin, clampMax, occupancy, minZ, maxZ, perSecond);
    }

    public float hitLogOdds() {
        return logOdds(probHit);
    }

    public float missLogOdds() {
        return logOdds(probMiss);
    }

    public float clampMinLogOdds() {
        return logOdds(clampMin);
    }

    public float clampMaxLogOdds() {
        return logOdds(clampMax);
    }

    public float occupancyLogOdds() {
        return logOdds(occupancy);
    }

    /**
     * @return how many scans that see through a saturated occupied cell it takes for that cell to become
     *         free (the bound the "removed obstacle disappears" behaviour guarantees)
     */
    public int scansToClear() {
        return (int) Math.floor((clampMaxLogOdds() - occupancyLogOdds()) / -missLogOdds()) + 1;
    }

    public static float logOdds(double p) {
        return (float) Math.log(p / (1 - p));
    }

    public static double probability(double logOdds) {
        return 1 - 1 / (1 + Math.exp(logOdds));
    }

    private static void require(boolean ok, String name, double value) {
        if (!ok) {
            throw new IllegalArgumentException("invalid octree parameter " + name + " = " + value);
        }
    }
}
