package mechos.kernel.internal.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveBase;
import mechos.hal.api.HealthState;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.RefusedDevice;
import mechos.kernel.internal.bus.EventBusImpl;

/**
 * Supervision and command routing stepped call by call: driver calls run only when the test runs them, time is a
 * number the test sets. No threads, no sleeps.
 */
class DeviceSupervisionTest {
    private final EventBusImpl bus = new EventBusImpl();
    private final ManualCalls calls = new ManualCalls();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final DeviceSupervisor supervisor = new DeviceSupervisor(bus, calls, () -> 50_000_000L, clock::get);
    private final CommandRouter router = new CommandRouter(supervisor, calls, () -> 50_000_000L);
    private final List<String> heard = new ArrayList<>();

    DeviceSupervisionTest() {
        supervisor.addListener(new RegistryListener() {
            @Override
            public void deviceChanged(DeviceEntry entry, String reason) {
                heard.add(entry.id() + " " + entry.health().state() + ": " + reason);
            }

            @Override
            public void estopPressed(EStopInputs.Assessment pressed) {
                heard.add("ESTOP " + pressed.latchReason());
            }
        });
    }

    @AfterEach
    void close() {
        bus.close();
    }

    private DeviceEntry entry(String id) {
        return supervisor.table().get(id);
    }

    private final List<DispatchResult> results = new ArrayList<>();

    private void velocity(String id, boolean safety) {
        router.command(id, DriveBase.class, "setVelocity", null, safety, d -> d.setVelocity(0.1, 0), results::add);
    }

    @Test
    void attachReadsHealthAndGeometryAtOnceAndSamplesCarryTheKernelClock() {
        Fakes.Drive base = new Fakes.Drive("base");
        supervisor.attach("base", DeviceKind.DRIVE_BASE, base, "test");
        assertEquals(List.of("base ONLINE: attached"), heard);
        assertEquals(List.of("base:geometry", "base:health"), calls.waiting());
        assertNull(entry("base").geometry());

        base.health = DeviceHealth.offline("port closed");
        calls.runAll();
        assertEquals(0.3, entry("base").geometry().wheelSeparation());
        assertEquals(HealthState.OFFLINE, entry("base").health().state());
        assertEquals("base OFFLINE: driver reports OFFLINE (port closed)", heard.get(1));

        // the same health again is not news
        supervisor.pollHealth();
        calls.runAll();
        assertEquals(2, heard.size());

        Fakes.EStop estop = new Fakes.EStop("red");
        supervisor.attach("red", DeviceKind.ESTOP, estop, "test");
        calls.runAll();
        clock.set(7_000_000);
        estop.push(false, 0);
        assertEquals(7_000_000, entry("red").lastSampleNanos());
        clock.set(9_000_000);
        estop.push(false, 0);
        assertEquals(9_000_000, entry("red").lastSampleNanos());
    }

    @Test
    void anEStopPressIsPushedToTheKernelWithTheSampleNotAtTheNextTick() {
        Fakes.EStop estop = new Fakes.EStop("red");
        supervisor.attach("red", DeviceKind.ESTOP, estop, "test");
        calls.runAll();
        heard.clear();
        estop.push(false, 1);
        assertTrue(heard.isEmpty(), heard::toString);
        assertTrue(EStopInputs.assess(supervisor.table()).clear());

        estop.push(true, 2);
        assertEquals(List.of("ESTOP e-stop input 'red' pressed"), heard);
        EStopInputs.Assessment a = EStopInputs.assess(supervisor.table());
        assertTrue(a.pressed());
        assertEquals("e-stop input 'red' is still pressed", a.resetBlocker());

        supervisor.detach("red", estop);
        assertTrue(estop.closed || calls.waiting().contains("red:unsubscribe"));
        a = EStopInputs.assess(supervisor.table());
        assertTrue(a.failed(), a::toString);
        assertEquals("e-stop input 'red' OFFLINE (service unregistered) (fail safe)", a.latchReason());
    }

    @Test
    void aThrowIsAFaultWithOneSafeStateAttemptAndAnOperatorResetClearsIt() {
        Fakes.Drive base = new Fakes.Drive("base");
        supervisor.attach("base", DeviceKind.DRIVE_BASE, base, "test");
        calls.runAll();
        base.failure = new IllegalStateException("boom");

        velocity("base", false);
        calls.take("base", "setVelocity").run();
        assertEquals(DispatchOutcome.FAILED, results.get(0).outcome());
        assertEquals(HealthState.FAULT, entry("base").health().state());
        assertTrue(entry("base").health().reason().startsWith("driver threw: setVelocity"), entry("base").health().reason());
        assertEquals(List.of("base:toSafeState (fault)"), calls.waiting());
        calls.runAll();
        assertEquals(List.of("stop"), base.commands);

        // a FAULT device takes no ordinary command, but it does take a safety one
        velocity("base", false);
        assertEquals(DispatchOutcome.NO_DEVICE, results.get(1).outcome());
        velocity("base", true);
        calls.take("base", "setVelocity").run();
        assertEquals(DispatchOutcome.FAILED, results.get(2).outcome());
        assertTrue(calls.pending.isEmpty(), "a second fault asks for no second safe-state attempt: " + calls.waiting());

        supervisor.clearFaults();
        assertEquals(HealthState.ONLINE, entry("base").health().state());
        assertTrue(entry("base").usable());
    }

    @Test
    void aHungDriverGetsOneSafetyCallAtATimeUntilItReturnsLate() {
        Fakes.Drive base = new Fakes.Drive("base");
        supervisor.attach("base", DeviceKind.DRIVE_BASE, base, "test");
        calls.runAll();

        velocity("base", false);
        ManualCalls.Pending stuck = calls.take("base", "setVelocity");
        stuck.timeOut();
        DeviceEntry e = entry("base");
        assertTrue(e.hung());
        assertEquals(HealthState.FAULT, e.health().state());
        assertTrue(e.health().reason().startsWith("driver hung"), e.health().reason());
        assertTrue(calls.pending.isEmpty(), "no safe-state attempt into a hung driver: " + calls.waiting());

        supervisor.pollHealth();
        assertTrue(calls.pending.isEmpty(), "a hung driver is not polled: " + calls.waiting());
        supervisor.clearFaults();
        assertTrue(entry("base").hung(), "an operator reset alone does not un-hang a driver");
        assertEquals(List.of("base:health"), calls.waiting(), "it retries the hung driver with a health call");
        ManualCalls.Pending retry = calls.take("base", "health");
        retry.timeOut();
        assertTrue(entry("base").hung(), "the retry hung too: still hung");

        router.command("base", DriveBase.class, "stop", null, true, DriveBase::stop, results::add);
        router.command("base", DriveBase.class, "stop", null, true, DriveBase::stop, results::add);
        assertEquals(DispatchOutcome.NO_DEVICE, results.get(results.size() - 1).outcome());
        assertTrue(results.get(results.size() - 1).detail().contains("still pending"));
        calls.take("base", "stop").run();
        router.command("base", DriveBase.class, "stop", null, true, DriveBase::stop, results::add);
        assertEquals(List.of("base:stop"), calls.waiting(), "the slot is free once the stop returned");
        calls.runAll();

        stuck.returnLate();
        e = entry("base");
        assertFalse(e.hung());
        assertEquals(HealthState.DEGRADED, e.health().state());
        assertTrue(e.usable());
        assertTrue(heard.get(heard.size() - 1).endsWith("returned late"), heard::toString);
    }

    /**
     * Issue 13 defect 4: a serial LiDAR and the simulator's both claimed "lidar" and the registry silently kept the
     * later one. The first owner keeps an id; the second is refused and reported, and takes over only when the
     * owner goes away (which is also how a replaced driver hands over).
     */
    @Test
    void aDuplicateIdIsRefusedTheFirstOwnerKeepsItAndTheContenderTakesOverWhenItLeaves() {
        Fakes.Drive first = new Fakes.Drive("base");
        Fakes.Drive second = new Fakes.Drive("base");
        supervisor.attach("base", DeviceKind.DRIVE_BASE, first, "serial");
        calls.runAll();
        supervisor.attach("base", DeviceKind.DRIVE_BASE, second, "sim");
        calls.runAll();
        assertSame(first, entry("base").service(), "the first owner keeps the id");
        assertEquals(1, supervisor.duplicates().size(), supervisor.duplicates()::toString);
        assertTrue(supervisor.duplicates().get(0).contains("from bundle sim refused"), supervisor.duplicates()::toString);
        // shown where the operator looks (MechOS page device table, mechos:status), not only in the log
        assertEquals(List.of(new RefusedDevice("base", DeviceKind.DRIVE_BASE, "sim", DeviceKind.DRIVE_BASE, "serial")),
                supervisor.refused());
        assertEquals("refused: duplicate id 'base', owned by DRIVE_BASE from bundle serial",
                supervisor.refused().get(0).reason());

        second.health = DeviceHealth.fault("refused driver's report");
        supervisor.pollHealth();
        calls.runAll();
        assertEquals(HealthState.ONLINE, entry("base").health().state(), "a refused service is never asked");

        assertTrue(supervisor.detach("base", first));
        assertEquals(List.of("base:toSafeState (removed)", "base:geometry", "base:health"), calls.waiting());
        calls.runAll();
        assertSame(second, entry("base").service(), "the contender took the id over");
        assertTrue(entry("base").present());
        assertTrue(supervisor.duplicates().isEmpty());
        assertTrue(supervisor.refused().isEmpty());
    }

    @Test
    void transitionsArePureAndLeaveTheValueBeforeUntouched() {
        Fakes.Drive base = new Fakes.Drive("base");
        DeviceTransitions.Step a = DeviceTransitions.attach(null, "base", DeviceKind.DRIVE_BASE, base, "b");
        DeviceEntry attached = a.after();
        DeviceTransitions.Step s = DeviceTransitions.sample(attached, base, "x", 42);
        assertNull(attached.latestSample());
        assertEquals("x", s.after().latestSample());
        assertNull(s.change(), "a sample is not a change listeners hear of");

        DeviceTransitions.Step late = DeviceTransitions.lateReturn(attached, base);
        assertFalse(late.applied(), "a late return from a device that was not hung changes nothing");
        DeviceTransitions.Step done = DeviceTransitions.dispatchResult(attached, base,
                new DispatchResult(null, "base", "x", DispatchOutcome.DONE, "", 0));
        assertFalse(done.applied());
        DeviceTransitions.Step stranger = DeviceTransitions.health(attached, new Fakes.Drive("base"),
                DeviceHealth.fault("not mine"));
        assertFalse(stranger.applied());
        DeviceTransitions.Step nullHealth = DeviceTransitions.health(attached, base, null);
        assertEquals(HealthState.FAULT, nullHealth.after().health().state());
        assertEquals("driver returned null health", nullHealth.after().health().reason());
        assertFalse(DeviceTransitions.detach(null, base).applied());
        assertTrue(DeviceTransitions.attach(attached, "base", DeviceKind.DRIVE_BASE, base, "b").before() == attached);
    }

    /** Issue 13 defect 5: an operator reset must be able to retry a hung device (it used to stay FAULT for good). */
    @Test
    void anOperatorResetRetriesAHungDriverAndClearsItWhenItAnswers() {
        Fakes.Drive base = new Fakes.Drive("base");
        supervisor.attach("base", DeviceKind.DRIVE_BASE, base, "test");
        calls.runAll();
        velocity("base", false);
        calls.take("base", "setVelocity").timeOut(); // never returns, not even late
        assertTrue(entry("base").hung());
        supervisor.clearFaults();
        calls.take("base", "health").run();
        DeviceEntry e = entry("base");
        assertFalse(e.hung(), "the health call returned: not hung");
        assertEquals(HealthState.ONLINE, e.health().state(), "fault cleared by the reset: " + e.health());
        assertTrue(e.usable());
    }

    /**
     * Issue 13 defect 4: deleting a device's configuration left it OFFLINE "service unregistered" until a restart.
     * A device whose configuration was removed on purpose is forgotten.
     */
    @Test
    void aDeviceWhoseConfigurationWasRemovedIsForgottenNotFailed() {
        Fakes.Drive base = new Fakes.Drive("base");
        supervisor.attach("base", DeviceKind.DRIVE_BASE, base, "serial");
        calls.runAll();
        assertTrue(supervisor.forget("base", base));
        assertEquals(null, supervisor.table().get("base"), "the id is gone from the table");
        assertTrue(heard.get(heard.size() - 1).endsWith("forgotten: configuration removed"), heard::toString);
        assertEquals(List.of("base:toSafeState (removed)"), calls.waiting(), "still left safe on the way out");
    }

    @Test
    void onlyAConfigurationConfigAdminNoLongerHasCountsAsRemovedOnPurpose() {
        java.util.Set<String> present = new java.util.HashSet<>(java.util.Set.of("mechos.hal.serial.rplidar~lidar"));
        org.osgi.service.cm.ConfigurationAdmin ca = (org.osgi.service.cm.ConfigurationAdmin) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] { org.osgi.service.cm.ConfigurationAdmin.class }, (p, m, a) -> {
                            if (m.getName().equals("listConfigurations")) {
                                String filter = (String) a[0];
                                return present.stream().anyMatch(pid -> filter.equals("(service.pid=" + pid + ")"))
                                        ? new org.osgi.service.cm.Configuration[0] : null;
                            }
                            throw new UnsupportedOperationException(m.getName());
                        });
        assertFalse(HardwareRegistry.configurationRemoved(ca, "mechos.hal.serial.rplidar~lidar"));
        present.clear();
        assertTrue(HardwareRegistry.configurationRemoved(ca, "mechos.hal.serial.rplidar~lidar"));
        assertFalse(HardwareRegistry.configurationRemoved(null, "x"), "without Config Admin: a lost device");
        assertFalse(HardwareRegistry.configurationRemoved(ca, null), "a service without a PID: a lost device");
    }

    /**
     * Issue 13: switching the hardware profile stops a driver family (SCR deactivates its devices); those devices
     * were switched off on purpose and are forgotten, not kept OFFLINE as failures.
     */
    @Test
    void devicesOfADeselectedProfileWereStoppedOnPurpose() {
        String[] stopped = { "mechos.hal.pi4j", "mechos.hal.sim" };
        assertTrue(HardwareRegistry.profileStopped(stopped, "mechos.hal.sim"));
        assertFalse(HardwareRegistry.profileStopped(stopped, "mechos.hal.serial"), "its profile is selected");
        assertFalse(HardwareRegistry.profileStopped(null, "mechos.hal.sim"), "no profile service: a lost device");
        assertFalse(HardwareRegistry.profileStopped(stopped, ""), "unknown bundle: a lost device");
        assertTrue(HardwareRegistry.profileStopped("mechos.hal.sim", "mechos.hal.sim"), "a single value");
    }
}
