package mechos.perception.api;

import java.util.Objects;

import mechos.hal.api.Point3;

/**
 * An occupied cell found by a query.
 *
 * @param center   centre of the cell in the map frame
 * @param distance m from the query's centre (or segment) to the cell centre
 */
public record Obstacle(Point3 center, double distance) {
    public Obstacle {
        Objects.requireNonNull(center, "center");
    }
}
