package mechos.kernel.internal.core;

import static mechos.kernel.internal.core.TestKernel.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.hal.api.DeviceKind;
import mechos.hal.api.HealthState;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TriggerRelay;
import mechos.kernel.api.Violation;

class KernelTest {
    @TempDir
    Path home;
    private TestKernel k;

    private TestKernel kernel(Map<String, Object> config) {
        k = new TestKernel(home, config);
        return k;
    }

    @AfterEach
    void close() {
        if (k != null) {
            k.close();
        }
    }

    private static boolean hasRule(Decision d, String prefix) {
        return d.violations().stream().map(Violation::ruleId).anyMatch(id -> id.startsWith(prefix));
    }

    @Test
    void approvedDriveReachesTheDriverAndTheLeaseStopsIt() {
        TestKernel t = kernel(Map.of("lease__ms", 200L));
        Decision d = t.kernel.submit("brain", new Drive(0.05, 0.1));
        assertTrue(d.approved(), d.reason());
        await(() -> t.drive.commands.contains("v 0.05 0.1"), "velocity command");
        await(() -> t.drive.commands.contains("stop"), "lease expiry stop");
        assertEquals(SafetyState.NOMINAL, t.kernel.status().state());
    }

    @Test
    void unknownAgentAndUnknownDeviceAreRejectedClearly() {
        TestKernel t = kernel(Map.of());
        Decision d = t.kernel.submit("stranger", new Drive(0.05, 0));
        assertFalse(d.approved());
        assertTrue(hasRule(d, "capability"), d.reason());
        assertTrue(d.reason().contains("stranger"), d.reason());
        d = t.kernel.submit("brain", new TriggerRelay("pump", true));
        assertFalse(d.approved());
        assertTrue(hasRule(d, "device.unknown"), d.reason());
        assertTrue(d.reason().contains("pump"), d.reason());
        assertTrue(t.drive.commands.isEmpty());
    }

    @Test
    void everyViolationIsReportedMostSevereFirst() {
        TestKernel t = kernel(Map.of());
        Decision d = t.kernel.submit("brain", new Drive(Double.NaN, 9.0));
        assertFalse(d.approved());
        assertTrue(hasRule(d, "finite.linear"), d.reason());
        assertTrue(hasRule(d, "speed.angular"), d.reason());
        assertEquals("finite.linear", d.mostSevere().orElseThrow().ruleId());
    }

    @Test
    void overCapIsRejectedWithTheLimitInTheReason() {
        TestKernel t = kernel(Map.of());
        Decision d = t.kernel.submit("brain", new Drive(0.7, 0));
        assertFalse(d.approved());
        assertTrue(d.reason().contains("0.5"), d.reason());
        assertTrue(hasRule(d, "clearance.creep"), "no world model: creep speed too: " + d.reason());
    }

    @Test
    void vanishedDriveMidMotionMeansOfflineAndSafeStopThenUsableAgain() {
        TestKernel t = kernel(Map.of("lease__ms", 2000L, "auto__resume__ms", 100L));
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
        await(() -> t.drive.commands.contains("v 0.05 0.0"), "moving");
        t.registry.detach("base", t.drive);
        assertEquals(HealthState.OFFLINE, t.registry.device("base").orElseThrow().health().state());
        await(() -> t.transitions.stream().anyMatch(x -> x.to() == SafetyState.SAFE_STOP), "SAFE_STOP published");
        assertFalse(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
        // re-registered: used again once the SAFE_STOP auto-resumed
        FakeDrive again = new FakeDrive("base");
        t.registry.attach("base", DeviceKind.DRIVE_BASE, again, "test");
        await(() -> t.kernel.status().state() == SafetyState.NOMINAL, "auto resume");
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
        await(() -> again.commands.contains("v 0.05 0.0"), "new driver used");
    }

    @Test
    void throwingDriverIsMarkedFault() {
        TestKernel t = kernel(Map.of());
        t.drive.mode = FakeDrive.Mode.THROW;
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
        await(() -> t.registry.device("base").orElseThrow().health().state() == HealthState.FAULT, "FAULT");
        assertTrue(t.registry.device("base").orElseThrow().health().reason().contains("threw"));
        Decision d = t.kernel.submit("brain", new Drive(0.05, 0));
        assertFalse(d.approved());
        assertTrue(hasRule(d, "device.unavailable"), d.reason());
    }

    /**
     * A driver that declines with a DeviceException (expected device trouble, e.g. not connected yet) is OFFLINE
     * with its reason, not FAULT: once it reports ONLINE it is usable again without an operator reset.
     */
    @Test
    void decliningDriverIsOfflineUntilItReportsOnlineAgain() {
        TestKernel t = kernel(Map.of("lease__ms", 2000L, "auto__resume__ms", 100L));
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
        await(() -> t.drive.commands.contains("v 0.05 0.0"), "moving");
        t.drive.mode = FakeDrive.Mode.DECLINE; // the cable is pulled: commands are declined from now on
        assertTrue(t.kernel.submit("brain", new Drive(0.06, 0)).approved(), "the kernel does not know yet");
        t.drive.health = mechos.hal.api.DeviceHealth.offline("cable unplugged"); // and so says the driver
        await(() -> t.registry.device("base").orElseThrow().health().state() == HealthState.OFFLINE, "OFFLINE");
        String reason = t.registry.device("base").orElseThrow().health().reason();
        assertTrue(reason.contains("not connected") || reason.contains("cable unplugged"), reason);
        await(() -> t.kernel.status().state() == SafetyState.SAFE_STOP, "motion stopped");
        assertFalse(t.kernel.submit("brain", new Drive(0.05, 0)).approved(), "no commands to an OFFLINE drive");

        t.drive.mode = FakeDrive.Mode.OK;
        t.drive.health = mechos.hal.api.DeviceHealth.online();
        await(() -> t.registry.device("base").orElseThrow().health().state() == HealthState.ONLINE,
                "ONLINE again from the driver's own report, no operator reset");
        await(() -> t.kernel.status().state() == SafetyState.NOMINAL, "auto resume");
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
    }

    /** A driver that registers before it is connected is not commanded as if ONLINE until its first poll. */
    @Test
    void healthIsReadAtOnceWhenADeviceAttaches() {
        // health polls once a minute here: only the read at attach can see the driver's OFFLINE in time
        var registry = new mechos.kernel.internal.hw.HardwareRegistry(mechos.kernel.internal.Configs.of(
                mechos.kernel.internal.hw.HardwareConfig.class, Map.of("health__poll__ms", 60_000L)),
                new mechos.kernel.internal.bus.EventBusImpl());
        try {
            FakeDrive late = new FakeDrive("late");
            late.health = mechos.hal.api.DeviceHealth.offline("waiting for the platform");
            registry.attach("late", DeviceKind.DRIVE_BASE, late, "test");
            await(() -> registry.device("late").orElseThrow().health().state() == HealthState.OFFLINE,
                    "driver's OFFLINE seen right after attach");
        } finally {
            registry.deactivate();
        }
    }

    @Test
    void hangingDriverIsMarkedFaultAndTheTickKeepsItsRate() {
        TestKernel t = kernel(Map.of());
        t.drive.mode = FakeDrive.Mode.HANG;
        t.kernel.resetTickStats();
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
        await(() -> t.registry.device("base").orElseThrow().health().state() == HealthState.FAULT, "FAULT");
        assertTrue(t.registry.device("base").orElseThrow().health().reason().contains("hung"));
        await(() -> t.kernel.status().state() == SafetyState.SAFE_STOP || !t.kernel.status().moving(), "stopped");
        long before = t.kernel.tickStats().ticks();
        await(() -> t.kernel.tickStats().ticks() > before + 20, "ticks keep coming");
        t.drive.release.countDown();
    }

    /** Deactivation (also what framework stop and the JVM shutdown hook end in) leaves every actuator safe. */
    @Test
    void deactivationCommandsTheMovingDriveToItsSafeState() {
        TestKernel t = kernel(Map.of("lease__ms", 2000L));
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
        await(() -> t.drive.commands.contains("v 0.05 0.0"), "moving");
        int before = t.drive.stopCalls.get();
        t.kernel.deactivate();
        assertTrue(t.drive.stopCalls.get() > before, "stop commanded on deactivation");
        assertEquals("stop", t.drive.commands.get(t.drive.commands.size() - 1), "the last command is the stop");
    }

    /** A drive whose velocity call hangs must still be told to stop: SAFE_STOP means nothing if the stop is skipped. */
    @Test
    void hungDriveStillReceivesTheSafetyStop() {
        TestKernel t = kernel(Map.of());
        t.drive.mode = FakeDrive.Mode.HANG_VELOCITY;
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
        await(() -> t.registry.device("base").orElseThrow().health().reason().contains("hung"), "hung FAULT");
        await(() -> t.drive.commands.contains("stop"), "stop delivered to the hung drive");
        t.drive.release.countDown();
    }

    /** A driver dead in every call holds at most one dispatch worker for stops, however many stops are asked. */
    @Test
    void deadDriveHoldsAtMostOneSafetyCall() {
        TestKernel t = kernel(Map.of());
        t.drive.mode = FakeDrive.Mode.HANG;
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
        await(() -> t.registry.device("base").orElseThrow().health().reason().contains("hung"), "hung FAULT");
        await(() -> t.drive.stopCalls.get() >= 1, "a stop was attempted");
        for (int i = 0; i < 10; i++) {
            t.kernel.submit("operator", new Stop("again " + i));
        }
        t.kernel.emergencyStop("test");
        long ticks = t.kernel.tickStats().ticks();
        await(() -> t.kernel.tickStats().ticks() > ticks + 30, "time passes");
        assertEquals(1, t.drive.stopCalls.get(), "only one stop may be stuck in the dead driver");
        t.drive.release.countDown();
    }

    @Test
    void estopLatchesRejectsMotionAllowsStopAndNeedsReset() {
        TestKernel t = kernel(Map.of());
        t.kernel.emergencyStop("test");
        assertEquals(SafetyState.ESTOP_LATCHED, t.kernel.status().state());
        Decision d = t.kernel.submit("operator", new Drive(0.05, 0));
        assertFalse(d.approved());
        assertTrue(hasRule(d, "interlock.estop"), d.reason());
        assertTrue(t.kernel.submit("operator", new Stop("halt")).approved());
        assertTrue(t.kernel.reset("operator"));
        assertEquals(SafetyState.NOMINAL, t.kernel.status().state());
        assertTrue(t.kernel.submit("operator", new Drive(0.05, 0)).approved());
    }

    /** A latched e-stop survives a kernel restart (component restart, bundle update, power cycle) until a reset. */
    @Test
    void latchedEstopSurvivesAKernelRestartUntilReset() {
        TestKernel first = new TestKernel(home, Map.of());
        try {
            first.kernel.emergencyStop("operator pressed E-STOP");
            await(() -> java.nio.file.Files.exists(home.resolve(EStopLatchFile.RELATIVE_PATH)), "latch persisted");
        } finally {
            first.close();
        }
        TestKernel t = kernel(Map.of());
        assertEquals(SafetyState.ESTOP_LATCHED, t.kernel.status().state());
        assertTrue(t.kernel.status().reason().contains("operator pressed E-STOP"), t.kernel.status().reason());
        assertFalse(t.kernel.submit("operator", new Drive(0.05, 0)).approved(), "no motion after the restart");
        // a second restart while still latched keeps the original reason (it does not nest)
        t.close();
        t = new TestKernel(home, Map.of());
        k = t;
        assertEquals(SafetyState.ESTOP_LATCHED, t.kernel.status().state());
        assertEquals(EStopLatchFile.RESTORED + "e-stop: operator pressed E-STOP", t.kernel.status().reason());
        assertTrue(t.kernel.reset("operator"));
        await(() -> !java.nio.file.Files.exists(home.resolve(EStopLatchFile.RELATIVE_PATH)), "latch file removed by the reset");
        t.close();
        k = kernel(Map.of());
        assertEquals(SafetyState.NOMINAL, k.kernel.status().state(), "a reset latch stays reset after a restart");
    }

    /** A latch file that cannot be read counts as latched: fail safe. */
    @Test
    void unreadableLatchFileMeansLatched() throws java.io.IOException {
        java.nio.file.Files.createDirectories(home.resolve(EStopLatchFile.RELATIVE_PATH)); // a directory cannot be read as text
        TestKernel t = kernel(Map.of());
        assertEquals(SafetyState.ESTOP_LATCHED, t.kernel.status().state());
        assertTrue(t.kernel.status().reason().contains("unreadable"), t.kernel.status().reason());
    }

    @Test
    void overrideSuspendsAiButNotTheOperator() {
        TestKernel t = kernel(Map.of("override__suspension", 0.3));
        t.kernel.engageOverride("operator");
        assertEquals(SafetyState.OVERRIDE, t.kernel.status().state());
        Decision ai = t.kernel.submit("brain", new Drive(0.05, 0));
        assertFalse(ai.approved());
        assertTrue(hasRule(ai, "interlock.override"), ai.reason());
        assertTrue(t.kernel.submit("operator", new Drive(0.05, 0)).approved());
        assertFalse(t.kernel.submit("operator", new Drive(0.9, 0)).approved(), "operator still passes physical rules");
        await(() -> t.kernel.status().state() == SafetyState.NOMINAL, "override expires");
    }

    /**
     * Issue 15: renewing the manual override used to mean engaging it again, which stops every drive, so a held
     * operator drive dipped once per override period (and its acceleration limit restarted from zero). A renewal
     * restarts the override's time and leaves the operator's drive running; an engagement still stops.
     */
    @Test
    void renewingTheOverrideKeepsTheOperatorsDriveAndEngagingStillStops() {
        TestKernel t = kernel(Map.of("lease__ms", 2000L));
        t.kernel.bindClearance((linear, angular, footprint, horizon) ->
                new mechos.kernel.api.Clearance(Double.POSITIVE_INFINITY, 5.0, 0, true));
        assertFalse(t.kernel.renewOverride("operator"), "no override to renew: a renewal never engages one");
        assertEquals(SafetyState.NOMINAL, t.kernel.status().state());
        t.kernel.engageOverride("operator");
        await(() -> t.drive.commands.contains("stop"), "engaging from released stops every drive");
        t.drive.commands.clear();
        Decision slow = t.kernel.submit("operator", new Drive(0.3, 0));
        assertTrue(slow.approved(), slow.reason());
        assertTrue(t.kernel.renewOverride("operator"));
        assertEquals(SafetyState.OVERRIDE, t.kernel.status().state());
        Decision faster = t.kernel.submit("operator", new Drive(0.5, 0));
        assertTrue(faster.approved(), "the ramp continues from 0.3 m/s: " + faster.reason());
        await(() -> t.drive.commands.contains("v 0.5 0.0"), "the faster command");
        assertEquals(List.of("v 0.3 0.0", "v 0.5 0.0"), t.drive.commands, "no stop between the renewals");
        t.kernel.engageOverride("operator");
        await(() -> t.drive.commands.contains("stop"), "an engagement still stops every drive");
        Decision after = t.kernel.submit("operator", new Drive(0.5, 0));
        assertFalse(after.approved(), "after a stop the acceleration limit starts from zero again");
        assertTrue(hasRule(after, "speed.accel"), after.reason());
    }

    @Test
    void staleWatchdogStopsMotion() {
        TestKernel t = kernel(Map.of("lease__ms", 2000L, "recovery", "operator"));
        var hb = t.kernel.register("agent-loop", 50);
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
        await(() -> t.kernel.status().state() == SafetyState.SAFE_STOP, "SAFE_STOP");
        assertTrue(t.kernel.status().reason().contains("agent-loop"), t.kernel.status().reason());
        await(() -> t.drive.commands.contains("stop"), "ramped to a stop");
        hb.close();
        assertTrue(t.kernel.reset("operator"));
    }
}
