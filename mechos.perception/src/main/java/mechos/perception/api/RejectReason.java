package mechos.perception.api;

/** Why an input (a scan, a beam, an odometry or IMU sample) was not used. Counted, never thrown. */
public enum RejectReason {
    /** A beam with a NaN range (the beam is skipped, the rest of the scan is used). */
    NAN_RANGE,
    /** A beam with a negative range (skipped). */
    NEGATIVE_RANGE,
    /** A beam closer than the scan's rangeMin (skipped). */
    BELOW_MIN_RANGE,
    /**
     * A beam with a finite range beyond the scan's rangeMax: not a return and not a measured max range (+∞), so
     * unknown; it is skipped and clears nothing.
     */
    ABOVE_MAX_RANGE,
    /** A scan without beams, or without a single usable beam. */
    EMPTY_SCAN,
    /** A scan with more beams than configured. */
    OVERSIZED_SCAN,
    /** A scan whose geometry (angles, range limits) is not finite or not positive. */
    INVALID_SCAN,
    /** The sample's frame is not in the transform tree. */
    UNKNOWN_FRAME,
    /** No pose at the sample's time (outside the transform history). */
    OUT_OF_HISTORY,
    /**
     * The scan arrived before any pose connected its frame to the map (start-up: odometry has not published yet).
     * Expected once or twice at start; growing later means the pose source is not publishing.
     */
    NO_POSE_YET,
    /** The insertion queue was full; the scan was dropped. */
    QUEUE_FULL,
    /** An odometry or IMU sample with a non-finite value. */
    NON_FINITE_SAMPLE,
    /** A sample older than the estimate by more than the tolerated delay. */
    OUT_OF_ORDER,
    /** Processing failed unexpectedly (logged). */
    INTERNAL_ERROR
}
