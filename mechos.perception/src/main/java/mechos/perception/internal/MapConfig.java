package mechos.perception.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS perception: occupancy map",
        description = "Probabilistic 3-D occupancy octree (OctoMap-style) fed by every LiDAR.")
public @interface MapConfig {
    @AttributeDefinition(min = "4", max = "6", name = "Input", options = {
        @org.osgi.service.metatype.annotations.Option(label = "Live sensors", value = "live"),
        @org.osgi.service.metatype.annotations.Option(label = "Replay (replay/sensors/scan, replay/perception/tf)",
                value = "replay")},
            description = "live: every LiDAR. replay: the scans and transforms a recording plays back "
                    + "(mechos:play) on replay/sensors/scan and replay/perception/tf, to rebuild its map offline; "
                    + "live LiDARs are ignored and nothing goes to the kernel (no stop zone, no world-changed push).")
    String input() default "live";

    @AttributeDefinition(min = "1", max = "64", name = "Map frame", description = "Frame the map is kept in.")
    String map_frame() default "map";

    @AttributeDefinition(min = "1", max = "64", name = "Base frame",
            description = "The robot's body frame: each scan is also sent to the kernel's stop zone in this frame "
                    + "(sensor mount only, independent of the map).")
    String base_frame() default "base_link";

    @AttributeDefinition(min = "0.01", max = "1", name = "Resolution (m)", description = "Edge length of the smallest voxel.")
    double resolution() default 0.05;

    @AttributeDefinition(min = "0.51", max = "0.99", name = "Hit probability", description = "Occupancy probability applied to a beam's end cell (> 0.5).")
    double prob_hit() default 0.7;

    @AttributeDefinition(min = "0.01", max = "0.49", name = "Miss probability", description = "Occupancy probability applied to cells a beam passes (< 0.5).")
    double prob_miss() default 0.4;

    @AttributeDefinition(min = "0.001", max = "0.49", name = "Clamp min", description = "Lower clamping probability of a cell.")
    double clamp_min() default 0.1192;

    @AttributeDefinition(min = "0.51", max = "0.999", name = "Clamp max", description = "Upper clamping probability of a cell; with the miss probability it bounds how many scans clear a removed obstacle.")
    double clamp_max() default 0.971;

    @AttributeDefinition(min = "0.01", max = "0.99", name = "Occupancy threshold", description = "A cell above this probability is occupied.")
    double occupancy_threshold() default 0.5;

    @AttributeDefinition(min = "0.1", max = "100", name = "Max insertion range (m)", description = "Beams longer than this clear free space only.")
    double max_range() default 10.0;

    @AttributeDefinition(min = "-10", max = "10", name = "Height band min (m)", description = "Lowest cell centre (map z) that counts for planar clearance queries.")
    double min_z() default 0.05;

    @AttributeDefinition(min = "-10", max = "10", name = "Height band max (m)", description = "Highest cell centre (map z) that counts for planar clearance queries.")
    double max_z() default 2.0;

    @AttributeDefinition(min = "0", max = "10", name = "Decay (log-odds/s)", description = "Occupied cells fade toward unknown at this rate "
            + "when not re-observed, so objects that moved away stop blocking: with 0.1 a saturated cell (log-odds "
            + "3.5) is no longer occupied about 35 s after it was last seen; cells in view are re-hit every scan. "
            + "0 disables. Costs about 1 % of the insertion thread (bench/REPORT-perception.md).")
    double decay_per_second() default 0.1;

    @AttributeDefinition(min = "1", max = "100000", name = "Max beams", description = "Scans with more beams are rejected as oversized.")
    int max_beams() default 8192;

    @AttributeDefinition(min = "1", max = "10000", name = "Queue capacity", description = "Scans waiting for insertion; further scans are "
            + "dropped and counted (QUEUE_FULL). 32 holds 3.2 s of 10 Hz scans, so a briefly starved insertion "
            + "thread on a loaded machine does not lose scans.")
    int queue_capacity() default 32;

    @AttributeDefinition(name = "Pose wait (ms)", min = "0", max = "10000",
            description = "A scan later than the newest pose in the frame tree (localisation or pose fusion behind "
                    + "on a loaded machine) waits this long, counted from its arrival, for the pose at its own time "
                    + "instead of being dropped as OUT_OF_HISTORY; never another pose. Keep it below the queue's "
                    + "span (queue.capacity scans). 0 = no waiting.")
    double transform_wait_ms() default 2000;
}
