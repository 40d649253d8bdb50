package mechos.hal.serial.internal.rplidar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.hal.api.LaserScan;

class ScanAssemblerTest {
    private final List<LaserScan> scans = new ArrayList<>();
    private final ScanAssembler assembler = new ScanAssembler(360, "laser", 0.15, 12, 2, scans::add);

    private void node(double angle, double mm, boolean start) {
        assembler.accept(new ScanNode(30, angle, mm, start), 0);
    }

    @Test
    void aRevolutionIsPublishedWhenTheNextOneStartsAndThePartialFirstIsDropped() {
        node(200, 1000, false); // before any start flag: ignored
        node(0, 1000, true);
        node(90, 2000, false);
        node(90.5, 1500, false); // nearer return in the same beam wins
        node(270, 0, false); // no return
        assertTrue(scans.isEmpty());
        node(0, 1000, true);
        assertEquals(1, scans.size());
        LaserScan s = scans.get(0);
        assertEquals(-Math.PI, s.angleMin(), 1e-12);
        assertEquals(1.0, s.ranges()[180], 1e-9, "0° straight ahead");
        // RPLIDAR 90° is clockwise (to the right): REP 103 -90°, beam 90 of [-180°, 180°)
        assertEquals(1.5, s.ranges()[89], 1e-9, "90.5° clockwise is -90.5°");
        assertEquals(2.0, s.ranges()[90], 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, s.ranges()[270]);
        assertEquals(30, s.intensities()[180], 1e-9);
    }

    @Test
    void beamIndicesWrapAroundTheCircle() {
        assertEquals(0, assembler.beamIndex(-Math.PI));
        assertEquals(0, assembler.beamIndex(Math.PI));
        assertEquals(359, assembler.beamIndex(Math.PI - 1e-6));
        assertEquals(180, assembler.beamIndex(0));
    }
}
