package mechos.perception.api;

/** The state of a map cell. */
public enum Occupancy {
    FREE,
    OCCUPIED,
    /** Never observed. */
    UNKNOWN
}
