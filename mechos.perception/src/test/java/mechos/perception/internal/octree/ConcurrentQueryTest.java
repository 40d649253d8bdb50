package mechos.perception.internal.octree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;
import mechos.perception.api.Occupancy;

import org.junit.jupiter.api.Test;

/**
 * Several reader threads query while one writer inserts. Every scan the writer inserts changes the map in a way
 * that is only consistent as a whole, so a reader that saw half a scan would notice.
 */
class ConcurrentQueryTest {
    @Test
    void readersAlwaysSeeWholeScans() throws Exception {
        // small hit/miss steps so nothing clamps within the run: the log-odds of a cell encode its scan count
        OctreeParams params = new OctreeParams(0.05, 0.501, 0.499, 0.001, 0.999, 0.5, 0.05, 2.0, 0);
        OccupancyOctree tree = new OccupancyOctree(params);
        int scans = 1500;
        // each "scan" hits cells A and B and a 2 m fan of beams; the k-th also toggles a marker wall at x=3
        Point3 a = new Point3(1.01, 1.01, 0.2), b = new Point3(-1.01, -1.01, 0.2);
        // what the writer's float arithmetic gives after n hits, so readers can compare exactly
        float[] expectedLogOdds = new float[scans + 1];
        for (int n = 1; n <= scans; n++) {
            expectedLogOdds[n] = Math.min(params.clampMaxLogOdds(), expectedLogOdds[n - 1] + params.hitLogOdds());
        }
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicLong checks = new AtomicLong();
        int readers = 4;
        CountDownLatch started = new CountDownLatch(readers);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            Thread t = new Thread(() -> {
                started.countDown();
                long lastVersion = -1;
                while (!done.get()) {
                    OctreeSnapshot s = tree.snapshot();
                    int n = (int) s.stats().version();
                    if (s.stats().version() < lastVersion) {
                        errors.add("version went back");
                    }
                    lastVersion = s.stats().version();
                    double pa = s.cellAt(a).probability(), pb = s.cellAt(b).probability();
                    if (n == 0) {
                        continue;
                    }
                    double expected = OctreeParams.probability(expectedLogOdds[n]);
                    if (pa != expected || pb != expected) {
                        errors.add("scans=" + n + " pA=" + pa + " pB=" + pb + " expected " + expected);
                    }
                    // the two marker cells get identical updates in the same scan: never different
                    Occupancy m1 = s.occupancyAt(new Point3(3.01, 0.51, 0.2));
                    Occupancy m2 = s.occupancyAt(new Point3(3.01, -0.51, 0.2));
                    if (m1 != m2) {
                        errors.add("half a marker wall at scans=" + n + ": " + m1 + "/" + m2);
                    }
                    boolean clear = s.segmentClear(new Point3(3.01, 0.51, 0.2), new Point3(3.01, -0.51, 0.2), 0.0);
                    if (clear == (m1 == Occupancy.OCCUPIED)) {
                        errors.add("segment query disagrees with the marker at scans=" + n);
                    }
                    s.timeToCollision(Pose2D.ORIGIN, 1, 0.2, 0.3, 3);
                    if (!s.occupancyAt(a).equals(s.occupancyAt(a))) {
                        errors.add("a snapshot changed");
                    }
                    checks.incrementAndGet();
                }
            }, "reader-" + r);
            threads.add(t);
            t.start();
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        for (int k = 1; k <= scans; k++) {
            tree.updateCell(a.x(), a.y(), a.z(), true);
            for (int i = 0; i < 40; i++) {
                double ang = i * Math.PI / 20;
                tree.updateCell(2 * Math.cos(ang), 2 * Math.sin(ang), 0.2, i % 2 == 0);
            }
            // marker: two cells 1 m apart flip between occupied and free in the same scan
            for (int j = 0; j < 3; j++) {
                tree.updateCell(3.01, 0.51, 0.2, k % 2 == 1);
                tree.updateCell(3.01, -0.51, 0.2, k % 2 == 1);
            }
            tree.updateCell(b.x(), b.y(), b.z(), true);
            tree.publish(k);
        }
        done.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertTrue(errors.isEmpty(), () -> errors.size() + " inconsistencies, first: " + errors.peek());
        assertTrue(checks.get() > 100, "readers ran " + checks.get() + " checks");
        assertEquals(scans, tree.snapshot().stats().version());
    }
}
