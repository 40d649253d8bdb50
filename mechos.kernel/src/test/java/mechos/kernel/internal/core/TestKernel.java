package mechos.kernel.internal.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import mechos.hal.api.DeviceKind;
import mechos.kernel.api.SafetyTransition;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.Capabilities;
import mechos.kernel.internal.Configs;
import mechos.kernel.internal.policy.ConfigAudit;
import mechos.kernel.internal.policy.SafetyEnvelope;
import mechos.kernel.internal.bus.EventBusImpl;
import mechos.kernel.internal.grants.CapabilityManagerAccess;
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

/** The kernel assembled from its real parts, outside OSGi, with dev-mode grants in a temporary run directory. */
public final class TestKernel implements AutoCloseable {
    public final EventBusImpl bus = new EventBusImpl();
    public final HardwareRegistry registry;
    public final KernelImpl kernel;
    public final FakeDrive drive = new FakeDrive("base");
    public final List<SafetyTransition> transitions = new CopyOnWriteArrayList<>();

    public TestKernel(Path home, Map<String, Object> kernelConfig) {
        this(home, kernelConfig, CapabilityManagerAccess.devMode(home, Clock.systemUTC()), SafetyEnvelope.builtIn(),
                new ConfigAudit());
    }

    /** With a given envelope: the kernel and every rule check their configuration against it. */
    public TestKernel(Path home, Map<String, Object> kernelConfig, Capabilities capabilities, SafetyEnvelope envelope,
            ConfigAudit audit) {
        registry = new HardwareRegistry(Configs.defaults(HardwareConfig.class), bus);
        kernel = new KernelImpl(Configs.of(KernelConfig.class, kernelConfig), null, bus, registry, capabilities,
                home.resolve(EStopLatchFile.RELATIVE_PATH), null, null, audit, envelope);
        bus.subscribe(KernelTopics.SAFETY, "test", 1000, e -> transitions.add(e.payload()));
        kernel.bindRule(FiniteRule.withEnvelope(Configs.defaults(FiniteConfig.class), null, audit, envelope));
        kernel.bindRule(SpeedCapRule.withEnvelope(Configs.defaults(SpeedConfig.class), null, audit, envelope));
        kernel.bindRule(WorkspaceRule.withEnvelope(Configs.defaults(WorkspaceConfig.class), null, audit, envelope));
        kernel.bindRule(ClearanceRule.withEnvelope(Configs.defaults(ClearanceConfig.class), null, audit, envelope));
        kernel.bindRule(InterlockRule.withEnvelope(Configs.defaults(InterlockConfig.class), null, audit, envelope));
        kernel.bindRule(BatteryRule.withEnvelope(Configs.defaults(BatteryConfig.class), null, audit, envelope));
        registry.attach("base", DeviceKind.DRIVE_BASE, drive, "test");
    }

    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        kernel.deactivate();
        registry.deactivate();
        bus.close();
    }
}
