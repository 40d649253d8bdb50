package mechos.hal.sim.internal.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.rosmap.api.OccupancyGrid;

class WorldTest {
    @Test
    void raycastHitsShapesAtAnalyticDistance() {
        World w = new World("t", null, List.of(new Rectangle(2, -1, 3, 1), new Circle(0, 5, 1)));
        assertEquals(2.0, w.raycast(0, 0, 1, 0, 10), 1e-12);
        assertEquals(4.0, w.raycast(0, 0, 0, 1, 10), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, w.raycast(0, 0, -1, 0, 10));
        assertEquals(Double.POSITIVE_INFINITY, w.raycast(0, 0, 1, 0, 1.5), "beyond max range is no return");
    }

    @Test
    void raycastThroughGridMatchesCellBoundaries() {
        // 10 x 10 cells of 0.1 m from (0, 0); a vertical wall in column 7 (x 0.7..0.8)
        byte[] cells = new byte[100];
        for (int y = 0; y < 10; y++) {
            cells[y * 10 + 7] = OccupancyGrid.OCCUPIED;
        }
        OccupancyGrid g = new OccupancyGrid(10, 10, 0.1, 0, 0, cells);
        assertEquals(0.65, g.raycast(0.05, 0.55, 1, 0, 5), 1e-9);
        double c = Math.cos(Math.PI / 4);
        assertEquals(0.65 / c, g.raycast(0.05, 0.05, c, c, 5), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, g.raycast(0.05, 0.55, -1, 0, 5));
        // from outside the grid
        assertEquals(1.7, g.raycast(-1, 0.55, 1, 0, 5), 1e-9);
    }

    @Test
    void obstaclesCanBeAddedAndRemovedAtRuntime() {
        World w = new World("t", null, List.of());
        assertFalse(w.collides(0, 0, 0.2));
        long id = w.addObstacle(new Circle(0.3, 0, 0.15));
        assertTrue(w.collides(0, 0, 0.2));
        assertEquals(0.15, w.raycast(0, 0, 1, 0, 5), 1e-12);
        assertTrue(w.removeObstacle(id));
        assertFalse(w.removeObstacle(id));
        assertFalse(w.collides(0, 0, 0.2));
        assertEquals(Double.POSITIVE_INFINITY, w.raycast(0, 0, 1, 0, 5));
    }

    @Test
    void nearestReportsTheClosestSolidPoint() {
        World w = new World("t", null, List.of(new Rectangle(1, -1, 2, 1)));
        double[] n = w.nearest(0.9, 0.2, 0.2);
        assertEquals(1.0, n[0], 1e-12);
        assertEquals(0.2, n[1], 1e-12);
        assertEquals(0.01, n[2], 1e-12);
    }
}
