package mechos.hal.serial.internal.rplidar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.hal.api.HealthState;
import mechos.hal.api.LaserScan;
import mechos.hal.serial.internal.port.Await;
import mechos.hal.serial.internal.port.JSerialCommLinkFactory;
import mechos.hal.serial.internal.port.Parity;
import mechos.hal.serial.internal.port.PortSettings;
import mechos.hal.serial.internal.port.SocatPair;
import mechos.hal.serial.internal.port.StopBits;

/** The RPLIDAR driver against an emulated A1 over a socat pseudo-terminal pair, through real jSerialComm ports. */
class RplidarSocatTest {
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private SocatPair pair;
    private RplidarEmulator emulator;
    private RplidarLidar lidar;
    private final List<LaserScan> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        pair = new SocatPair(dir).start();
        emulator = new RplidarEmulator(pair.deviceSide());
    }

    private void startDriver() {
        emulator.start();
        RplidarOptions o = new RplidarOptions(
                new PortSettings(pair.driverSide().toString(), 115200, 8, Parity.NONE, StopBits.ONE, 20, 200),
                "laser", 500, 360, 0.15, 12.0, 0, 300, 1000, 50, 400);
        lidar = new RplidarLidar("lidar", o, new JSerialCommLinkFactory());
        lidar.subscribe(received::add);
        lidar.start();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (lidar != null) {
            lidar.deactivate();
        }
        emulator.close();
        pair.close();
    }

    private void awaitState(HealthState state) {
        Await.until("health " + state, T, () -> lidar.health().state() == state, () -> "was " + lidar.health());
    }

    private void awaitMoreScans(int more) {
        long target = lidar.scans() + more;
        Await.until(more + " more scans", T, () -> lidar.scans() >= target, () -> "had " + lidar.scans());
    }

    /** Fraction of beams with a return whose range is the emulated room's at that angle. */
    private static double matching(LaserScan scan) {
        int returns = 0;
        int good = 0;
        for (int i = 0; i < scan.size(); i++) {
            if (!scan.hasReturn(i)) {
                continue;
            }
            returns++;
            double cw = Math.floorMod(Math.round(-Math.toDegrees(scan.angle(i)) * 1000), 360_000) / 1000.0;
            // the beam covers [angle, angle + 1°) counter-clockwise, i.e. (cw - 1°, cw] clockwise
            double lo = RplidarEmulator.distanceMm(Math.max(0, cw - 1)) / 1000;
            double hi = RplidarEmulator.distanceMm(cw) / 1000;
            double r = scan.ranges()[i];
            if (cw == 0 ? Math.abs(r - 0.5) < 0.003 || Math.abs(r - RplidarEmulator.distanceMm(359) / 1000) < 0.01
                    : r >= lo - 0.003 && r <= hi + 0.003) {
                good++;
            }
        }
        return returns == 0 ? 0 : (double) good / returns;
    }

    @Test
    void normalOperationPublishesScansOfTheRoom() {
        startDriver();
        awaitState(HealthState.ONLINE);
        awaitMoreScans(3);
        LaserScan scan = lidar.latest();
        assertEquals(360, scan.size());
        assertEquals("laser", scan.frameId());
        int returns = 0;
        for (int i = 0; i < scan.size(); i++) {
            returns += scan.hasReturn(i) ? 1 : 0;
        }
        assertEquals(RplidarEmulator.NODES_PER_REVOLUTION, returns, "one beam per emulated node");
        assertEquals(1.0, matching(scan), 1e-9);
        // 0° (straight ahead) is beam 180 of [-π, π): 0.5 m; 90° clockwise (right) is at -π/2: 0.95 m
        assertEquals(0.5, scan.ranges()[180], 1e-3);
        assertEquals(0.95, scan.ranges()[90], 1e-3);
        assertEquals(0x18, lidar.deviceInfo().model());
        assertTrue(received.size() >= 3, "subscribers get every scan");
        assertEquals(0, lidar.rejectedBytes());
    }

    @Test
    void garbageBetweenNodesIsRejectedCountedAndScanningContinues() {
        startDriver();
        awaitState(HealthState.ONLINE);
        emulator.fault = RplidarEmulator.Fault.GARBAGE;
        Await.until("garbage rejected", T, () -> lidar.rejectedBytes() > 0);
        awaitState(HealthState.DEGRADED);
        awaitMoreScans(3);
        assertTrue(matching(lidar.latest()) > 0.9, "scans stay usable: " + matching(lidar.latest()));
        emulator.fault = RplidarEmulator.Fault.NONE;
        awaitState(HealthState.ONLINE);
    }

    @Test
    void truncatedNodesAreRejectedAndTheParserResynchronises() {
        startDriver();
        awaitState(HealthState.ONLINE);
        emulator.fault = RplidarEmulator.Fault.TRUNCATED;
        Await.until("truncated nodes rejected", T, () -> lidar.rejectedBytes() > 0);
        awaitMoreScans(3);
        assertTrue(matching(lidar.latest()) > 0.9, "scans stay usable: " + matching(lidar.latest()));
        emulator.fault = RplidarEmulator.Fault.NONE;
        awaitState(HealthState.ONLINE);
    }

    /**
     * Issue 13 defect 1: with bad check bits on ~20 % of the nodes the old driver stayed DEGRADED and published
     * partial revolutions whose uncovered bins were +∞, which cleared the map. Above error.rate.fault it is FAULT and
     * publishes nothing; when the line is clean again it recovers.
     */
    @Test
    void aNoisyLineAboveTheErrorRateIsAFaultAndPublishesNothing() {
        startDriver();
        awaitState(HealthState.ONLINE);
        emulator.fault = RplidarEmulator.Fault.NOISY;
        awaitState(HealthState.FAULT);
        assertTrue(lidar.health().reason().contains("error rate"), lidar.health().reason());
        long scansAtFault = lidar.scans();
        long nodes = lidar.acceptedNodes();
        Await.until("more noisy revolutions arrive", T, () -> lidar.acceptedNodes() > nodes + 10 * 180);
        assertEquals(scansAtFault, lidar.scans(), "no scan is published while the line is too noisy");
        assertEquals(HealthState.FAULT, lidar.health().state());
        emulator.fault = RplidarEmulator.Fault.NONE;
        awaitState(HealthState.ONLINE);
        awaitMoreScans(3);
    }

    /** Every published scan follows the LaserScan contract: no bin is +∞ unless a node reported no echo there. */
    @Test
    void publishedScansHaveNoUnmeasuredMaxRangeBins() {
        startDriver();
        awaitState(HealthState.ONLINE);
        emulator.fault = RplidarEmulator.Fault.GARBAGE;
        awaitMoreScans(5);
        for (LaserScan s : received) {
            for (int i = 0; i < s.size(); i++) {
                assertTrue(!s.isMaxRange(i), "the emulated room echoes everywhere, yet beam " + i + " is +∞");
            }
            assertTrue(s.measuredCount() >= 0.4 * s.size(), "a published scan covers the revolution: "
                    + s.measuredCount());
        }
    }

    @Test
    void silentDeviceGoesDegradedThenOfflineAndRecoversWhenItTalksAgain() {
        startDriver();
        awaitState(HealthState.ONLINE);
        emulator.fault = RplidarEmulator.Fault.SILENT_SCAN;
        awaitState(HealthState.DEGRADED);
        assertTrue(lidar.health().reason().contains("no scan data"), lidar.health().reason());
        awaitState(HealthState.OFFLINE);
        emulator.fault = RplidarEmulator.Fault.NONE;
        awaitState(HealthState.ONLINE);
        assertTrue(emulator.scanRequests.get() >= 2, "the driver restarted the scan");
        awaitMoreScans(2);
    }

    @Test
    void deviceReportingAnErrorIsAFault() {
        emulator.fault = RplidarEmulator.Fault.HEALTH_ERROR;
        startDriver();
        awaitState(HealthState.FAULT);
        assertTrue(lidar.health().reason().contains("0x1234"), lidar.health().reason());
        emulator.fault = RplidarEmulator.Fault.NONE;
        awaitState(HealthState.ONLINE);
    }

    @Test
    void portVanishingMidRunGoesOfflineAndRecoversWhenItReturns() throws IOException {
        startDriver();
        awaitState(HealthState.ONLINE);
        awaitMoreScans(2);
        emulator.close();
        pair.kill();
        awaitState(HealthState.OFFLINE);
        assertTrue(!lidar.health().reason().isEmpty(), "OFFLINE carries a reason");
        pair.start();
        emulator = new RplidarEmulator(pair.deviceSide());
        emulator.start();
        awaitState(HealthState.ONLINE);
        awaitMoreScans(2);
        assertEquals(1.0, matching(lidar.latest()), 1e-9);
    }
}
