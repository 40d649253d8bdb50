package mechos.perception.api;

import java.util.Objects;

import mechos.hal.api.Point3;

/**
 * The first occupied cell along a ray.
 *
 * @param cell     centre of the occupied cell
 * @param distance m from the ray origin to where the ray enters that cell
 */
public record RayHit(Point3 cell, double distance) {
    public RayHit {
        Objects.requireNonNull(cell, "cell");
    }
}
