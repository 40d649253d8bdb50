package mechos.kernel.internal.core;

import static mechos.kernel.internal.core.TestKernel.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.hal.api.Battery;
import mechos.hal.api.BatteryReading;
import mechos.hal.api.Box3;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.EndEffector;
import mechos.hal.api.Point3;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.kernel.api.AgentGrant;
import mechos.kernel.api.Capabilities;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.api.RuleContext;
import mechos.kernel.api.SafetyRule;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.TriggerRelay;
import mechos.kernel.api.Violation;
import mechos.kernel.internal.Configs;
import mechos.kernel.internal.bus.EventBusImpl;
import mechos.kernel.internal.hw.HardwareConfig;
import mechos.kernel.internal.hw.HardwareRegistry;
import mechos.kernel.internal.rules.BatteryConfig;
import mechos.kernel.internal.rules.BatteryRule;
import mechos.kernel.internal.rules.ClearanceConfig;
import mechos.kernel.internal.rules.ClearanceRule;
import mechos.kernel.internal.rules.FiniteConfig;
import mechos.kernel.internal.rules.FiniteRule;
import mechos.kernel.internal.rules.InterlockConfig;
import mechos.kernel.internal.rules.InterlockRule;
import mechos.kernel.internal.rules.SpeedConfig;
import mechos.kernel.internal.rules.SpeedCapRule;
import mechos.kernel.internal.rules.WorkspaceConfig;
import mechos.kernel.internal.rules.WorkspaceRule;

/**
 * The violations no other test reached (ViolationIdsTest keeps the list complete): each one is produced through
 * the real gate with the real rules, and its id asserted.
 */
class ViolationCoverageTest {
    @TempDir
    Path home;
    private final EventBusImpl bus = new EventBusImpl();
    private HardwareRegistry registry;
    private KernelImpl kernel;
    private final FakeDrive drive = new FakeDrive("base");

    /** Brain and operator hold every capability, with speed limits below the kernel's caps. */
    private static final Capabilities LIMITED = new Capabilities() {
        @Override
        public boolean permits(String agentId, String capability) {
            return grant(agentId).isPresent();
        }

        @Override
        public Optional<AgentGrant> grant(String agentId) {
            return Set.of("brain", "operator").contains(agentId)
                    ? Optional.of(new AgentGrant(agentId, List.of("*"), 0.4, 1.2, Long.MAX_VALUE))
                    : Optional.empty();
        }
    };

    private KernelImpl kernel(Map<String, Object> config) {
        registry = new HardwareRegistry(Configs.defaults(HardwareConfig.class), bus);
        kernel = new KernelImpl(Configs.of(KernelConfig.class, config), bus, registry, LIMITED,
                home.resolve("estop-latched"));
        kernel.bindRule(new FiniteRule(Configs.defaults(FiniteConfig.class)));
        kernel.bindRule(new SpeedCapRule(Configs.defaults(SpeedConfig.class)));
        kernel.bindRule(new WorkspaceRule(Configs.defaults(WorkspaceConfig.class)));
        kernel.bindRule(new ClearanceRule(Configs.defaults(ClearanceConfig.class)));
        kernel.bindRule(new InterlockRule(Configs.defaults(InterlockConfig.class)));
        kernel.bindRule(new BatteryRule(Configs.defaults(BatteryConfig.class)));
        registry.attach("base", DeviceKind.DRIVE_BASE, drive, "test");
        return kernel;
    }

    @AfterEach
    void close() {
        if (kernel != null) {
            kernel.deactivate();
            registry.deactivate();
        }
        bus.close();
    }

    private static Set<String> ids(Decision d) {
        return Set.copyOf(d.violations().stream().map(Violation::ruleId).toList());
    }

    private static void rejects(Decision d, String id) {
        assertFalse(d.approved(), () -> "approved: " + d);
        assertTrue(ids(d).contains(id), () -> "expected '" + id + "' in " + d.violations());
    }

    /** A world model that always answers with the given time to collision. */
    private static ClearanceQuery world(double ttc) {
        return (linear, angular, footprint, horizon) -> new Clearance(ttc, 5.0, 0, true);
    }

    /**
     * An e-stop that lands between the assessment and the dispatch (here: while the rules are checked) turns the
     * approval into a rejection: the motion is re-checked under the safety state's lock and never dispatched.
     */
    @Test
    void anEStopDuringTheAssessmentRejectsTheMotion() {
        KernelImpl k = kernel(Map.of());
        k.bindClearance(world(Double.POSITIVE_INFINITY));
        k.bindRule(new SafetyRule() {
            @Override
            public String id() {
                return "estop-on-check";
            }

            @Override
            public List<Violation> check(Intent intent, RuleContext context) {
                k.emergencyStop("pressed while the gate assessed a drive");
                return List.of();
            }
        });
        Decision d = k.submit("operator", new Drive(0.05, 0));
        rejects(d, "interlock.state_changed");
        assertEquals(SafetyState.ESTOP_LATCHED, k.status().state());
        assertFalse(drive.commands.stream().anyMatch(c -> c.startsWith("v 0.05")), () -> "dispatched: " + drive.commands);
    }

    /** The clearance rule assesses with the kernel's one policy; with a foreign context it fails closed. */
    @Test
    void theClearanceRuleRejectsWhenItCannotReachTheKernelsPolicy() {
        RuleContext foreign = (RuleContext) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { RuleContext.class }, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        List<Violation> v = new ClearanceRule(Configs.defaults(ClearanceConfig.class)).check(new Drive(0.1, 0),
                foreign);
        assertEquals(1, v.size(), v::toString);
        assertEquals("clearance.policy", v.get(0).ruleId());
        assertTrue(v.get(0).severity().rejects());
    }

    @Test
    void noIntentAtAll() {
        rejects(kernel(Map.of()).submit("brain", null), "intent.null");
    }

    @Test
    void theAgentsGrantLimitsItsSpeed() {
        KernelImpl k = kernel(Map.of("lease__ms", 60_000L));
        k.bindClearance(world(Double.POSITIVE_INFINITY));
        rejects(k.submit("brain", new Drive(0.45, 0)), "grant.linear");
        rejects(k.submit("brain", new Drive(0, 1.3)), "grant.angular");
    }

    @Test
    void theKernelsSpeedCapHoldsWhateverTheGrant() {
        KernelImpl k = kernel(Map.of());
        Decision d = k.submit("operator", new Drive(0.6, 0));
        rejects(d, "speed.linear");
        assertTrue(d.reason().contains("0.5"), d.reason());
    }

    @Test
    void accelerationIsLimitedPerCommandBothWays() {
        KernelImpl k = kernel(Map.of("lease__ms", 60_000L));
        k.bindClearance(world(Double.POSITIVE_INFINITY));
        // at rest, 0.8 m/s² over the 500 ms window allows a step of 0.4 m/s
        rejects(k.submit("operator", new Drive(0.45, 0)), "speed.accel_linear");
        Decision turning = k.submit("operator", new Drive(0, 1.0));
        assertTrue(turning.approved(), turning::reason);
        // reversing the turn is a change of 2.0 rad/s; 3 rad/s² x 0.5 s allows 1.5
        rejects(k.submit("operator", new Drive(0, -1.0)), "speed.accel_angular");
    }

    @Test
    void tooShortATimeToCollisionIsRejected() {
        KernelImpl k = kernel(Map.of());
        k.bindClearance(world(0.5));
        rejects(k.submit("brain", new Drive(0.05, 0)), "clearance.ttc");
    }

    @Test
    void endEffectorTargetsStayInsideTheBoundsTheFrameAndTheDevicesWorkspace() {
        KernelImpl k = kernel(Map.of());
        registry.attach("arm", DeviceKind.END_EFFECTOR, new FakeArm("arm"), "test");
        await(() -> registry.entry("arm").map(e -> e.effector() != null).orElse(false), "arm workspace read");

        Decision ok = k.submit("brain", new MoveEndEffector("arm", 0.2, 0.2, 0.2, "base_link"));
        assertTrue(ok.approved(), ok::reason);
        rejects(k.submit("brain", new MoveEndEffector("arm", 2.0, 0.2, 0.2, "base_link")), "workspace.bounds");
        rejects(k.submit("brain", new MoveEndEffector("arm", 0.2, 0.2, 0.2, "map")), "workspace.frame");
        rejects(k.submit("brain", new MoveEndEffector("arm", 0.8, 0.8, 0.2, "base_link")), "workspace.device");
        rejects(k.submit("brain", new MoveEndEffector("ghost", 0.1, 0.1, 0.1, "base_link")), "workspace.unknown");
    }

    @Test
    void aLowBatteryOnlyLetsTheRobotHeadHome() {
        KernelImpl k = kernel(Map.of());
        FakeBattery pack = new FakeBattery("pack");
        registry.attach("pack", DeviceKind.BATTERY, pack, "test");
        await(() -> pack.listener != null, "battery subscribed");
        pack.listener.onSample(new BatteryReading(1, 11.1, 0.5, 0.10));
        await(() -> registry.entry("pack").map(e -> e.latestSample() != null).orElse(false), "battery sample");
        rejects(k.submit("brain", new Drive(0.05, 0)), "battery.low");
        assertTrue(k.submit("brain", new Drive(0, 0.3)).approved(), "turning in place stays allowed");
    }

    @Test
    void motionIsRefusedWhileInSafeStop() {
        KernelImpl k = kernel(Map.of("lease__ms", 60_000L, "recovery", "operator"));
        assertTrue(k.submit("brain", new Drive(0.05, 0)).approved());
        registry.detach("base", drive); // the drive vanishes mid-motion: SAFE_STOP
        await(() -> k.status().state() == SafetyState.SAFE_STOP, "SAFE_STOP");
        registry.attach("base", DeviceKind.DRIVE_BASE, drive, "test");
        Decision d = k.submit("brain", new Drive(0.05, 0));
        rejects(d, "interlock.safe_stop");
        assertEquals(mechos.kernel.api.Severity.CRITICAL, d.mostSevere().orElseThrow().severity());
    }

    @Test
    void aRequiredRuleThatIsNotActiveStopsAllActuation() {
        KernelImpl k = kernel(Map.of("required__rules",
                new String[] { "finite", "speed", "workspace", "clearance", "interlock", "battery", "stop_zone" }));
        Decision d = k.submit("brain", new Drive(0.05, 0));
        rejects(d, "rule.missing");
        assertTrue(d.reason().contains("stop_zone"), d.reason());
    }

    @Test
    void aRuleThatThrowsRejectsFailSafe() {
        KernelImpl k = kernel(Map.of());
        k.bindRule(new SafetyRule() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public List<Violation> check(Intent intent, RuleContext context) {
                throw new IllegalStateException("rule bug");
            }
        });
        rejects(k.submit("brain", new Drive(0.05, 0)), "broken.error");
    }

    @Test
    void aCommandForTheWrongKindOfDeviceIsRejected() {
        rejects(kernel(Map.of()).submit("brain", new TriggerRelay("base", true)), "device.kind");
    }

    /** An end effector in base_link reaching a half-metre cube. */
    static final class FakeArm implements EndEffector {
        private final String id;
        private volatile Point3 at = new Point3(0, 0, 0);

        FakeArm(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public DeviceHealth health() {
            return DeviceHealth.online();
        }

        @Override
        public String frameId() {
            return "base_link";
        }

        @Override
        public Box3 workspace() {
            return new Box3(new Point3(0, 0, 0), new Point3(0.5, 0.5, 0.5));
        }

        @Override
        public double maxSpeed() {
            return 0.2;
        }

        @Override
        public void moveTo(Point3 target) {
            at = target;
        }

        @Override
        public Point3 position() {
            return at;
        }
    }

    /** A battery whose samples the test pushes. */
    static final class FakeBattery implements Battery {
        private final String id;
        volatile SensorListener<? super BatteryReading> listener;

        FakeBattery(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public DeviceHealth health() {
            return DeviceHealth.online();
        }

        @Override
        public BatteryReading latest() {
            return null;
        }

        @Override
        public Subscription subscribe(SensorListener<? super BatteryReading> l) {
            listener = l;
            return () -> listener = null;
        }
    }
}
