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

    /** One full revolution of nodes every 2°, starting at 0° with the start flag; {@code range} in mm per angle. */
    private void revolution(java.util.function.DoubleUnaryOperator range) {
        for (int k = 0; k < 180; k++) {
            double a = k * 2.0;
            node(a, range.applyAsDouble(a), k == 0);
        }
    }

    @Test
    void aRevolutionIsPublishedWhenTheNextOneStartsAndThePartialFirstIsDropped() {
        node(200, 1000, false); // before any start flag: ignored
        for (int k = 0; k < 180; k++) {
            double a = k * 2.0;
            node(a, a == 90 ? 2000 : a == 270 ? 0 : a == 100 ? 50 : 1000, k == 0);
            if (a == 90) {
                node(90.5, 1500, false); // a nearer return in the same beam wins
            }
        }
        assertTrue(scans.isEmpty());
        node(0, 1000, true);
        assertEquals(1, scans.size());
        LaserScan s = scans.get(0);
        assertEquals(-Math.PI, s.angleMin(), 1e-12);
        assertEquals(1.0, s.ranges()[180], 1e-9, "0° straight ahead");
        // RPLIDAR 90° is clockwise (to the right): REP 103 -90°, beam 90 of [-180°, 180°)
        assertEquals(1.5, s.ranges()[89], 1e-9, "90.5° clockwise is -90.5°");
        assertEquals(2.0, s.ranges()[90], 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, s.ranges()[270], "no echo: measured max range");
        assertTrue(s.isUnknown(271), "a bin no node fell into is unknown, not free: " + s.ranges()[271]);
        assertTrue(s.isUnknown(80), "a reading below range.min is unknown: " + s.ranges()[80]);
        assertEquals(30, s.intensities()[180], 1e-9);
    }

    /**
     * Issue 13 defect 1: a misaligned node with S=1 started a new "revolution" and revolutions of 8 nodes were
     * published with every uncovered bin +∞ (free to max range). A stray start at a random angle is implausible.
     */
    @Test
    void aStrayStartFlagDoesNotPublishAPartialRevolution() {
        revolution(a -> 1000);
        node(0, 1000, true); // first full revolution published
        assertEquals(1, scans.size());
        for (int k = 1; k < 10; k++) {
            node(k * 2.0, 1000, false);
        }
        node(213.4, 300, true); // misaligned decode: start flag, random angle
        node(20, 1000, false);
        node(22, 1000, false);
        node(24, 1000, true); // a stray start right on the sweep: the revolution has not gone round
        assertEquals(1, scans.size(), "nothing published from 12 nodes");
        assertTrue(assembler.implausibleNodes() >= 2);
        for (int k = 13; k < 180; k++) {
            node(k * 2.0, 1000, false);
        }
        node(0, 1000, true);
        assertEquals(2, scans.size());
        LaserScan s = scans.get(1);
        for (int i = 0; i < s.size(); i++) {
            assertTrue(s.ranges()[i] != 0.3, "the misaligned node's range is not in the scan (beam " + i + ")");
        }
    }

    @Test
    void aRevolutionThatCoversTooLittleIsDroppedAndUncoveredBinsAreNeverMaxRange() {
        ScanAssembler strict = new ScanAssembler(360, "laser", 0.15, 12, 2, 0.9, 20, scans::add);
        for (int k = 0; k < 180; k++) {
            strict.accept(new ScanNode(30, k * 2.0, 1000, k == 0), 0);
        }
        strict.accept(new ScanNode(30, 0, 1000, true), 0);
        assertEquals(1, scans.size());
        // a noisy line: 60 % of the nodes lost, the survivors still sweep
        java.util.Random rnd = new java.util.Random(7);
        for (int k = 1; k < 180; k++) {
            if (rnd.nextDouble() < 0.6) {
                continue;
            }
            strict.accept(new ScanNode(30, k * 2.0, 1000, false), 0);
        }
        strict.accept(new ScanNode(30, 0, 1000, true), 0);
        for (LaserScan s : scans) {
            for (int i = 0; i < s.size(); i++) {
                assertTrue(s.hasReturn(i) || s.isUnknown(i), "no bin of a scan with only returns is max range");
            }
        }
    }

    @Test
    void beamIndicesWrapAroundTheCircle() {
        assertEquals(0, assembler.beamIndex(-Math.PI));
        assertEquals(0, assembler.beamIndex(Math.PI));
        assertEquals(359, assembler.beamIndex(Math.PI - 1e-6));
        assertEquals(180, assembler.beamIndex(0));
    }
}
