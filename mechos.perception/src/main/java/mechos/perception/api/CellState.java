package mechos.perception.api;

import java.util.Objects;

/**
 * The occupancy of the cell containing a point.
 *
 * @param occupancy   FREE, OCCUPIED or UNKNOWN
 * @param probability occupancy probability in (0, 1), NaN when unknown
 * @param size        edge length of the (possibly pruned) cell in m, NaN when unknown
 */
public record CellState(Occupancy occupancy, double probability, double size) {
    public CellState {
        Objects.requireNonNull(occupancy, "occupancy");
    }

    public static final CellState UNKNOWN = new CellState(Occupancy.UNKNOWN, Double.NaN, Double.NaN);
}
