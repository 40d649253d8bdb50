package mechos.itest.kernel;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import mechos.hal.api.Device;
import mechos.hal.api.DriveBase;
import mechos.hal.api.HealthState;
import mechos.hal.api.Relay;
import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.Decision;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyTransition;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TriggerRelay;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;

/**
 * The kernel in a real Felix with the robot's bundle set (without the simulator and the brain): fake drivers
 * registered from the test come and go, throw and hang, and the kernel copes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class KernelIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final String AGENT = "operator";
    /** Below the creep speed, so the decision does not depend on a world model. */
    private static final double SPEED = 0.05;

    @Inject
    BundleContext bc;
    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> !bsn.equals("mechos.hal.sim") && !bsn.equals("mechos.runtime"));
    }

    private Kernel kernel() {
        return awaitService(bc, Kernel.class, null, START);
    }

    private DeviceRegistry registry() {
        return awaitService(bc, DeviceRegistry.class, null, START);
    }

    private <T extends Device> ServiceRegistration<T> register(Class<T> type, T device, String id) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Device.ID, id);
        ServiceRegistration<T> reg = bc.registerService(type, device, props);
        awaitCondition("kernel sees " + id + " ONLINE", SHORT, () -> registry().device(id)
                .map(d -> d.present() && d.health().state() == HealthState.ONLINE).orElse(false));
        return reg;
    }

    private Bundle kernelBundle() {
        return Arrays.stream(bc.getBundles()).filter(b -> b.getSymbolicName().equals("mechos.kernel")).findFirst()
                .orElseThrow();
    }

    private void awaitNominal(Kernel k) {
        awaitCondition("kernel NOMINAL (is " + k.status() + ")", SHORT,
                () -> k.status().state() == SafetyState.NOMINAL);
    }

    private static String tickThreads() {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, st) -> {
            if (t.getName().startsWith("mechos-safety") || t.getName().startsWith("mechos-dispatch")) {
                b.append("\n").append(t.getName()).append(' ').append(t.getState());
                for (int i = 0; i < Math.min(12, st.length); i++) {
                    b.append("\n    at ").append(st[i]);
                }
            }
        });
        return b.toString();
    }

    private String scrState() {
        org.osgi.service.component.runtime.ServiceComponentRuntime scr = awaitService(bc,
                org.osgi.service.component.runtime.ServiceComponentRuntime.class, null, SHORT);
        StringBuilder b = new StringBuilder();
        for (var desc : scr.getComponentDescriptionDTOs()) {
            if (desc.name.endsWith("SpeedCapRule")) {
                for (var c : scr.getComponentConfigurationDTOs(desc)) {
                    b.append("state=").append(c.state).append(" props=").append(c.properties);
                }
            }
        }
        return b.toString();
    }

    @Test
    public void a_approvedDriveReachesTheRegisteredDriver() {
        Kernel k = kernel();
        ItDevices.Drive drive = new ItDevices.Drive("itbase");
        ServiceRegistration<DriveBase> reg = register(DriveBase.class, drive, "itbase");
        try {
            awaitNominal(k);
            Decision d = k.submit(AGENT, new Drive(SPEED, 0.1));
            assertTrue(d.reason(), d.approved());
            awaitCondition("driver got the velocity", SHORT, () -> drive.commands.contains("v 0.05 0.1"));
            assertTrue(k.submit(AGENT, new Stop("itest")).approved());
            awaitCondition("driver got stop", SHORT, () -> drive.commands.contains("stop"));
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void b_driverUnregisteredMidMotionIsOfflineAndSafeStopsThenReturns() throws Exception {
        Kernel k = kernel();
        EventBus bus = awaitService(bc, EventBus.class, null, START);
        List<SafetyTransition> transitions = new CopyOnWriteArrayList<>();
        BusSubscription sub = bus.subscribe(KernelTopics.SAFETY, "itest", 100, e -> transitions.add(e.payload()));
        ItDevices.Drive drive = new ItDevices.Drive("itbase");
        ServiceRegistration<DriveBase> reg = register(DriveBase.class, drive, "itbase");
        awaitNominal(k);
        ScheduledExecutorService brain = Executors.newSingleThreadScheduledExecutor();
        try {
            brain.scheduleAtFixedRate(() -> k.submit(AGENT, new Drive(SPEED, 0)), 0, 100, TimeUnit.MILLISECONDS);
            awaitCondition("moving", SHORT, () -> drive.commands.contains("v 0.05 0.0"));
            reg.unregister();
            awaitCondition("itbase OFFLINE", SHORT, () -> registry().device("itbase")
                    .map(d -> !d.present() && d.health().state() == HealthState.OFFLINE).orElse(false));
            awaitCondition("SAFE_STOP published", SHORT, () -> transitions.stream()
                    .anyMatch(t -> t.to() == SafetyState.SAFE_STOP && t.reason().contains("itbase")));
            assertEquals("kernel bundle ACTIVE", Bundle.ACTIVE, kernelBundle().getState());
            Decision whileGone = k.submit(AGENT, new Drive(SPEED, 0));
            assertFalse("no drive, no approval: " + whileGone.reason(), whileGone.approved());
        } finally {
            brain.shutdownNow();
            assertTrue(brain.awaitTermination(5, TimeUnit.SECONDS));
        }
        ItDevices.Drive again = new ItDevices.Drive("itbase");
        ServiceRegistration<DriveBase> reg2 = register(DriveBase.class, again, "itbase");
        try {
            awaitNominal(k);
            Decision d = k.submit(AGENT, new Drive(SPEED, 0));
            assertTrue(d.reason(), d.approved());
            awaitCondition("re-registered driver used", SHORT, () -> again.commands.contains("v 0.05 0.0"));
            k.submit(AGENT, new Stop("itest"));
        } finally {
            reg2.unregister();
            sub.close();
        }
    }

    @Test
    public void c_throwingAndHangingDriversAreFaultOthersWorkAndTheTickKeepsItsRate() throws Exception {
        Kernel k = kernel();
        ItDevices.Drive drive = new ItDevices.Drive("itbase");
        ItDevices.BadRelay thrower = new ItDevices.BadRelay("itthrow", false);
        ItDevices.BadRelay hanger = new ItDevices.BadRelay("ithang", true);
        ItDevices.GoodRelay lamp = new ItDevices.GoodRelay("itlamp");
        ServiceRegistration<DriveBase> rd = register(DriveBase.class, drive, "itbase");
        ServiceRegistration<Relay> r1 = register(Relay.class, thrower, "itthrow");
        ServiceRegistration<Relay> r2 = register(Relay.class, hanger, "ithang");
        ServiceRegistration<Relay> r3 = register(Relay.class, lamp, "itlamp");
        try {
            awaitNominal(k);
            k.resetTickStats();
            assertTrue(k.submit(AGENT, new TriggerRelay("itthrow", true)).approved());
            assertTrue(k.submit(AGENT, new TriggerRelay("ithang", true)).approved());
            awaitCondition("thrower FAULT", SHORT, () -> registry().device("itthrow")
                    .map(d -> d.health().state() == HealthState.FAULT).orElse(false));
            try {
                awaitCondition("hanger FAULT", SHORT, () -> registry().device("ithang")
                        .map(d -> d.health().state() == HealthState.FAULT && d.health().reason().contains("hung"))
                        .orElse(false));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; devices " + registry().devices(), e);
            }
            // the others keep working
            Decision lampOn = k.submit(AGENT, new TriggerRelay("itlamp", true));
            assertTrue(lampOn.reason(), lampOn.approved());
            awaitCondition("lamp switched", SHORT, () -> lamp.state);
            Decision d = k.submit(AGENT, new Drive(SPEED, 0));
            assertTrue(d.reason(), d.approved());
            awaitCondition("drive still commanded", SHORT, () -> drive.commands.contains("v 0.05 0.0"));
            Decision toFaulty = k.submit(AGENT, new TriggerRelay("itthrow", false));
            assertFalse("a FAULT device takes no commands", toFaulty.approved());
            long ticks = k.tickStats().ticks();
            long until = System.nanoTime() + SHORT.toNanos();
            while (k.tickStats().ticks() <= ticks + 100 && System.nanoTime() < until) {
                TimeUnit.MILLISECONDS.sleep(10); // polling a condition with a timeout
            }
            assertTrue("100 more safety ticks within " + SHORT + "; same kernel: " + (k == kernel()) + "; "
                    + k.tickStats() + "; " + k.status() + "; threads: " + tickThreads(),
                    k.tickStats().ticks() > ticks + 100);
            // The tick never waits on a driver: no driver method ran on the safety thread (a timing bound on the
            // gap between ticks failed on loaded CI machines; jitter is measured by bench/SafetyTickHarness).
            assertTrue("driver calls ran on the safety tick: " + ItDevices.CALLERS + "; " + k.tickStats(),
                    ItDevices.CALLERS.stream().noneMatch(n -> n.startsWith("mechos-safety")));
            assertEquals(Bundle.ACTIVE, kernelBundle().getState());
            k.submit(AGENT, new Stop("itest"));
        } finally {
            hanger.release.countDown();
            r1.unregister();
            r2.unregister();
            r3.unregister();
            rd.unregister();
        }
    }

    @Test
    public void d_configAdminChangeOfTheSpeedCapAppliesOnTheNextDecision() throws Exception {
        Kernel k = kernel();
        ItDevices.Drive drive = new ItDevices.Drive("itbase");
        ServiceRegistration<DriveBase> reg = register(DriveBase.class, drive, "itbase");
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("mechos.kernel.rule.speed", "?");
        Dictionary<String, Object> old = cfg.getProperties();
        try {
            awaitNominal(k);
            Decision before = k.submit(AGENT, new Drive(0.08, 0));
            assertTrue(before.reason(), before.approved());
            k.submit(AGENT, new Drive(0, 0));
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("max_linear", 0.06);
            cfg.update(props);
            java.util.concurrent.atomic.AtomicReference<Decision> last = new java.util.concurrent.atomic.AtomicReference<>();
            try {
                awaitCondition("new cap 0.06 applied", SHORT, () -> {
                    Decision d = k.submit(AGENT, new Drive(0.08, 0));
                    last.set(d);
                    return !d.approved() && d.violations().stream()
                            .anyMatch(v -> v.ruleId().equals("speed.linear") && v.reason().contains("0.06"));
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; last decision: " + last.get() + "; scr: " + scrState()
                        + "; config "
                        + configAdmin.getConfiguration("mechos.kernel.rule.speed", "?").getProperties() + " bound to "
                        + configAdmin.getConfiguration("mechos.kernel.rule.speed", "?").getBundleLocation(), e);
            }
            Decision under = k.submit(AGENT, new Drive(SPEED, 0));
            assertTrue(under.reason(), under.approved());
            k.submit(AGENT, new Stop("itest"));
        } finally {
            if (old == null) {
                cfg.delete();
            } else {
                cfg.update(old);
            }
            reg.unregister();
        }
    }

    /**
     * Issue 12, defect 4: an infinite speed cap through Config Admin is refused, visibly; the lowered cap stays, and
     * Config Admin is set back to it (the console form no longer shows a refused value).
     */
    @Test
    public void e_aSpeedCapOutsideTheSafetyEnvelopeIsRefusedAndTheLastGoodCapStays() throws Exception {
        Kernel k = kernel();
        ItDevices.Drive drive = new ItDevices.Drive("itbase2");
        ServiceRegistration<DriveBase> reg = register(DriveBase.class, drive, "itbase2");
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("mechos.kernel.rule.speed", "?");
        Dictionary<String, Object> old = cfg.getProperties();
        try {
            awaitNominal(k);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("max_linear", 0.06);
            cfg.update(props);
            awaitCondition("cap 0.06 applied", SHORT, () -> {
                Decision d = k.submit(AGENT, new Drive(0.08, 0));
                return !d.approved() && d.reason().contains("0.06");
            });
            props = new Hashtable<>();
            props.put("max_linear", Double.POSITIVE_INFINITY);
            cfg.update(props);
            try {
                awaitCondition("refusal reported", SHORT, () -> k.configurationRefusals().stream()
                        .anyMatch(l -> l.contains("mechos.kernel.rule.speed") && l.contains("max_linear=Infinity")));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; refusals: " + k.configurationRefusals()
                        + "; Config Admin: " + cfg.getProperties());
            }
            // Config Admin (and so the Web Console form) shows the value in force, not the refused one ...
            try {
                awaitCondition("Config Admin set back to the cap in force", SHORT, () -> {
                    Dictionary<String, Object> now = cfg.getProperties();
                    return now != null && Double.valueOf(0.06).equals(now.get("max_linear"));
                });
            } catch (AssertionError e) {
                // Seen once in CI (stop 25), not reproduced: say what Config Admin and the kernel held then.
                throw new AssertionError(e.getMessage() + "; Config Admin: " + cfg.getProperties() + "; refusals: "
                        + k.configurationRefusals(), e);
            }
            // ... and the refusal stays visible after the write-back reached the rule
            awaitCondition("refusal still reported, marked as set back", SHORT, () -> k.configurationRefusals()
                    .stream().anyMatch(l -> l.contains("max_linear=Infinity") && l.contains("set back")));
            Decision d = k.submit(AGENT, new Drive(0.08, 0));
            assertFalse(d.reason(), d.approved());
            assertTrue(d.reason(), d.reason().contains("0.06"));
            props = new Hashtable<>();
            props.put("max_linear", 0.07);
            cfg.update(props);
            try {
                awaitCondition("refusal cleared by a good configuration", SHORT, () -> k.configurationRefusals()
                        .stream().noneMatch(l -> l.contains("mechos.kernel.rule.speed")));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + k.configurationRefusals(), e);
            }
        } finally {
            if (old == null) {
                cfg.delete();
            } else {
                cfg.update(old);
            }
            reg.unregister();
        }
    }
}
