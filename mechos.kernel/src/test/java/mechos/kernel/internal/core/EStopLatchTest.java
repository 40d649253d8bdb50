package mechos.kernel.internal.core;

import static mechos.kernel.internal.core.TestKernel.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.EmergencyStopResult;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyTransition;
import mechos.kernel.api.TriggerRelay;
import mechos.kernel.api.Violation;
import mechos.kernel.internal.Configs;
import mechos.kernel.internal.bus.EventBusImpl;
import mechos.kernel.internal.grants.CapabilityManagerAccess;
import mechos.kernel.internal.hw.HardwareConfig;
import mechos.kernel.internal.hw.HardwareRegistry;

/** Issue 12, defects 3, 7 and 8: the durable e-stop latch and "reset is not resume". */
class EStopLatchTest {
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

    private Path latchFile() {
        return home.resolve(EStopLatchFile.RELATIVE_PATH);
    }

    private static boolean hasRule(Decision d, String id) {
        return d.violations().stream().map(Violation::ruleId).anyMatch(id::equals);
    }

    /** A kernel started on the same run directory without the first one shutting down: a kill -9 and restart. */
    private SafetyState stateAfterCrashAndRestart() {
        EventBusImpl bus = new EventBusImpl();
        HardwareRegistry registry = new HardwareRegistry(Configs.defaults(HardwareConfig.class), bus);
        KernelImpl second = new KernelImpl(Configs.of(KernelConfig.class, Map.of()), bus, registry,
                CapabilityManagerAccess.devMode(home, Clock.systemUTC()), latchFile());
        try {
            return second.status().state();
        } finally {
            second.deactivate();
            registry.deactivate();
            bus.close();
        }
    }

    /** Defect 3: the latch is on disk (in the run directory) when the e-stop is acknowledged, not some ms later. */
    @Test
    void acknowledgedEstopIsDurableBeforeItIsAcknowledged() {
        TestKernel t = kernel(Map.of());
        for (int i = 0; i < 20; i++) {
            EmergencyStopResult r = t.kernel.latchEmergencyStop("operator pressed E-STOP " + i);
            assertTrue(r.durable(), r.message());
            assertTrue(Files.exists(latchFile()), "latch on disk when the e-stop is acknowledged (round " + i + ")");
            assertEquals(SafetyState.ESTOP_LATCHED, stateAfterCrashAndRestart(), "kill -9 right after the ack");
            assertTrue(t.kernel.reset("operator"));
            assertFalse(Files.exists(latchFile()), "a reset is on disk when it is acknowledged");
        }
        t.kernel.emergencyStop("void form");
        assertTrue(Files.exists(latchFile()), "the void form waits for the disk too");
    }

    /** Defect 3: the stop does not wait for the disk, and a latch that cannot be written is reported, not hidden. */
    @Test
    void anEstopThatCannotBeMadeDurableSaysSoAndStillStops() throws Exception {
        TestKernel t = kernel(Map.of());
        Files.writeString(home.resolve("state"), "a file where the state directory should be");
        EmergencyStopResult r = t.kernel.latchEmergencyStop("test");
        assertFalse(r.durable());
        assertTrue(r.message().contains("not durable"), r.message());
        assertEquals(SafetyState.ESTOP_LATCHED, t.kernel.status().state());
        await(() -> t.drive.commands.contains("stop"), "the stop was sent anyway");
    }

    /** Defect 3: an e-stop caused by an input (as from the tick) is persisted by the writer thread, not the bus. */
    @Test
    void estopInputLatchIsPersistedWithoutTheBus() {
        TestKernel t = kernel(Map.of());
        t.bus.close(); // no bus at all: the latch must still reach the disk
        t.kernel.estopPressed(new mechos.kernel.internal.hw.EStopInputs.Assessment(
                mechos.kernel.internal.hw.EStopInputs.Status.PRESSED, "button", "pressed"));
        await(() -> Files.exists(latchFile()), "latch persisted by the writer thread");
        assertEquals(SafetyState.ESTOP_LATCHED, stateAfterCrashAndRestart());
    }

    /** Defect 7: a replayed (or forged) transition on the live topic clears neither the file nor the latch. */
    @Test
    void aTransitionPublishedOnTheBusDoesNotClearTheLatch() {
        TestKernel t = kernel(Map.of());
        t.kernel.emergencyStop("operator");
        int seen = t.transitions.size();
        t.bus.publish(KernelTopics.SAFETY, new SafetyTransition(SafetyState.ESTOP_LATCHED, SafetyState.NOMINAL,
                "reset by operator (recorded)", System.currentTimeMillis()));
        await(() -> t.transitions.size() > seen, "the fake transition was delivered");
        t.kernel.tickNow();
        assertTrue(Files.exists(latchFile()), "latch file survives a replayed reset");
        assertEquals(SafetyState.ESTOP_LATCHED, t.kernel.status().state());
        assertFalse(t.kernel.submit("operator", new Drive(0.05, 0)).approved());
        assertEquals(SafetyState.ESTOP_LATCHED, stateAfterCrashAndRestart());
    }

    /** Defect 3: a latch left in the bundle data area by an older version is moved to the run directory. */
    @Test
    void aLatchInTheOldBundleDataAreaIsMigratedStillLatched() throws Exception {
        Path legacy = home.resolve("felix/bundle7/data/estop-latched");
        Files.createDirectories(legacy.getParent());
        Files.writeString(legacy, "e-stop: pressed before the upgrade");
        EventBusImpl bus = new EventBusImpl();
        HardwareRegistry registry = new HardwareRegistry(Configs.defaults(HardwareConfig.class), bus);
        KernelImpl kernel = new KernelImpl(Configs.of(KernelConfig.class, Map.of()), bus, registry,
                CapabilityManagerAccess.devMode(home, Clock.systemUTC()), latchFile(), legacy);
        try {
            assertEquals(SafetyState.ESTOP_LATCHED, kernel.status().state());
            assertTrue(kernel.status().reason().contains("pressed before the upgrade"), kernel.status().reason());
            assertTrue(Files.exists(latchFile()), "moved to the run directory");
            assertFalse(Files.exists(legacy), "the old copy is gone once the new one is durable");
        } finally {
            kernel.deactivate();
            registry.deactivate();
            bus.close();
        }
        assertEquals(SafetyState.ESTOP_LATCHED, stateAfterCrashAndRestart(), "bundle data deleted: still latched");
    }

    /** Defect 8: a reset re-enables; the brain stays paused until an operator resumes. */
    @Test
    void resetDoesNotResumeAutonomy() {
        TestKernel t = kernel(Map.of());
        assertFalse(t.kernel.resume("operator"), "nothing awaits a resume yet");
        t.kernel.emergencyStop("test");
        assertFalse(t.kernel.resume("operator"), "no resume while latched");
        assertTrue(t.kernel.reset("operator"));
        assertEquals(SafetyState.NOMINAL, t.kernel.status().state());
        assertTrue(t.kernel.status().awaitingResume());
        Decision brain = t.kernel.submit("brain", new Drive(0.05, 0));
        assertFalse(brain.approved());
        assertTrue(hasRule(brain, "interlock.awaiting_resume"), brain.reason());
        assertTrue(hasRule(t.kernel.submit("brain", new TriggerRelay("lamp", true)), "interlock.awaiting_resume"),
                "no actuation at all");
        assertTrue(t.kernel.submit("brain", new Drive(0, 0)).approved(), "a stop always passes");
        assertTrue(t.kernel.submit("operator", new Drive(0.05, 0)).approved(), "the operator may drive");
        assertTrue(t.kernel.resume("operator"));
        assertFalse(t.kernel.status().awaitingResume());
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
    }

    /** Defect 8: a driver loss / SAFE_STOP recovery after the reset does not resume autonomy either. */
    @Test
    void recoveryFromSafeStopKeepsTheAutonomyPaused() {
        TestKernel t = kernel(Map.of("auto__resume__ms", 200L, "lease__ms", 5000L));
        t.kernel.emergencyStop("test");
        assertTrue(t.kernel.reset("operator"));
        assertTrue(t.kernel.submit("operator", new Drive(0.05, 0)).approved());
        t.registry.detach("base", t.drive);
        await(() -> t.transitions.stream().anyMatch(x -> x.to() == SafetyState.SAFE_STOP), "driver loss stops");
        t.registry.attach("base", mechos.hal.api.DeviceKind.DRIVE_BASE, t.drive, "test");
        await(() -> t.kernel.status().state() == SafetyState.NOMINAL, "automatic recovery");
        assertTrue(t.kernel.status().awaitingResume());
        assertTrue(hasRule(t.kernel.submit("brain", new Drive(0.05, 0)), "interlock.awaiting_resume"));
    }

    /** The re-check under the state lock dispatches an approved motion exactly once. */
    @Test
    void anApprovedMotionIsDispatchedOnce() {
        TestKernel t = kernel(Map.of("lease__ms", 5000L));
        assertTrue(t.kernel.submit("operator", new Drive(0.05, 0)).approved());
        await(() -> t.drive.commands.contains("v 0.05 0.0"), "moving");
        assertTrue(t.kernel.submit("operator", new mechos.kernel.api.Stop("done")).approved());
        await(() -> t.drive.commands.contains("stop"), "stopped");
        assertEquals(1, t.drive.commands.stream().filter("v 0.05 0.0"::equals).count(), t.drive.commands.toString());
    }

    /** Defect 8: the simulation-only switch makes a reset resume autonomy too. */
    @Test
    void autoResumeAfterResetIsOptIn() {
        TestKernel t = kernel(Map.of("auto__resume__after__reset", true));
        t.kernel.emergencyStop("test");
        assertTrue(t.kernel.reset("operator"));
        assertFalse(t.kernel.status().awaitingResume());
        assertTrue(t.kernel.submit("brain", new Drive(0.05, 0)).approved());
    }

    /** Gogo: mechos:resumeAutonomy and the status line. */
    @Test
    void gogoResume() {
        TestKernel t = kernel(Map.of());
        KernelCommands c = new KernelCommands(t.kernel, t.kernel, t.registry);
        assertTrue(c.estop("test").startsWith("e-stop latched (durable): ESTOP_LATCHED"), c.status());
        assertTrue(c.reset().contains("AWAITING RESUME"), c.status());
        assertTrue(c.resumeAutonomy().startsWith("resumed: NOMINAL,"), c.status());
        assertTrue(c.resumeAutonomy().startsWith("resume refused"), c.status());
    }

    /** Gogo: help prints usage; an unexpected argument prints usage and changes nothing. */
    @Test
    void gogoHelpAndArgumentErrorsNeverAct() {
        TestKernel t = kernel(Map.of());
        KernelCommands c = new KernelCommands(t.kernel, t.kernel, t.registry);
        assertEquals(KernelCommands.STATUS_USAGE, c.status("help"));
        assertEquals(KernelCommands.ESTOP_USAGE, c.estop("help"));
        assertEquals(KernelCommands.DEVICES_USAGE, c.devices("--help"));
        assertFalse(t.kernel.status().state().name().startsWith("ESTOP"), "help did not latch the e-stop");
        c.estop("test");
        assertEquals("error: reset takes no arguments, got 'now'\nusage: " + KernelCommands.RESET_USAGE,
                c.reset("now"));
        assertTrue(c.status().startsWith("ESTOP_LATCHED"), "a wrong argument did not reset: " + c.status());
        assertEquals(KernelCommands.OVERRIDE_USAGE, c.override("help"));
    }

    /**
     * Issue 13: a device refused for a duplicate id is shown where the operator looks (mechos:status and
     * mechos:devices), not only in the log.
     */
    @Test
    void gogoStatusAndDevicesListARefusedDuplicate() {
        TestKernel t = kernel(Map.of());
        KernelCommands c = new KernelCommands(t.kernel, t.kernel, t.registry);
        assertFalse(c.status().contains("refused"), c.status());
        t.registry.attach("base", mechos.hal.api.DeviceKind.DRIVE_BASE, new FakeDrive("base"), "mechos.hal.sim");
        assertTrue(c.status().contains("device DRIVE_BASE from bundle mechos.hal.sim refused: duplicate id 'base', "
                + "owned by DRIVE_BASE from bundle test"), c.status());
        assertTrue(c.devices().contains("refused: duplicate id 'base'"), c.devices());
    }
}
