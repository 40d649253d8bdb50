package mechos.bench.kernel;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveBase;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.Relay;
import mechos.hal.api.WheelSpeeds;
import mechos.kernel.internal.bus.EventBusImpl;
import mechos.kernel.internal.core.KernelConfig;
import mechos.kernel.internal.core.KernelImpl;
import mechos.kernel.internal.grants.CapabilityManager;
import mechos.kernel.internal.grants.GrantsConfig;
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
import mechos.platform.api.RunDirectory;

/** The real kernel parts wired by hand (no OSGi), with dev-mode grants in a temporary run directory. */
final class KernelBenchSupport implements AutoCloseable {
    final EventBusImpl bus = new EventBusImpl();
    final HardwareRegistry registry;
    final KernelImpl kernel;
    final BenchDrive drive = new BenchDrive();

    KernelBenchSupport(Map<String, Object> kernelConfig) throws IOException {
        Path home = Files.createTempDirectory("mechos-bench");
        RunDirectory dir = () -> home;
        registry = new HardwareRegistry(config(HardwareConfig.class, Map.of()), bus);
        CapabilityManager caps = new CapabilityManager(config(GrantsConfig.class, Map.of()), dir);
        Map<String, Object> withRt = new java.util.HashMap<>(kernelConfig);
        // the tick's SCHED_FIFO priority: the kernel's default unless -Dmechos.bench.rt=N (0 = normal scheduling)
        withRt.putIfAbsent("tick__realtime__priority", Integer.getInteger("mechos.bench.rt", 20));
        kernel = new KernelImpl(config(KernelConfig.class, withRt), bus, registry, caps, (java.nio.file.Path) null);
        kernel.bindRule(new FiniteRule(config(FiniteConfig.class, Map.of())));
        kernel.bindRule(new SpeedCapRule(config(SpeedConfig.class, Map.of())));
        kernel.bindRule(new WorkspaceRule(config(WorkspaceConfig.class, Map.of())));
        kernel.bindRule(new ClearanceRule(config(ClearanceConfig.class, Map.of())));
        kernel.bindRule(new InterlockRule(config(InterlockConfig.class, Map.of())));
        kernel.bindRule(new BatteryRule(config(BatteryConfig.class, Map.of())));
        registry.attach("base", DeviceKind.DRIVE_BASE, drive, "bench");
    }

    /** A DS config annotation instance: defaults overridden by {@code values} (keys are method names). */
    static <A> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, a) -> {
            if (values.containsKey(m.getName())) {
                return values.get(m.getName());
            }
            if (m.getDefaultValue() != null) {
                return m.getDefaultValue();
            }
            switch (m.getName()) {
            case "annotationType":
                return type;
            case "hashCode":
                return System.identityHashCode(p);
            case "equals":
                return p == a[0];
            default:
                return type.getSimpleName();
            }
        }));
    }

    @Override
    public void close() {
        kernel.deactivate();
        registry.deactivate();
        bus.close();
    }

    /** A drive base that remembers when it was last told to slow down or stop. */
    static final class BenchDrive implements DriveBase {
        volatile double linear;
        volatile long lastStopNanos;

        @Override
        public String id() {
            return "base";
        }

        @Override
        public DeviceHealth health() {
            return DeviceHealth.online();
        }

        @Override
        public void setVelocity(double l, double a) {
            if (Math.abs(l) < Math.abs(linear)) {
                lastStopNanos = System.nanoTime();
            }
            linear = l;
        }

        @Override
        public void stop() {
            linear = 0;
            lastStopNanos = System.nanoTime();
        }

        @Override
        public WheelSpeeds measuredWheelSpeeds() {
            return WheelSpeeds.ZERO;
        }

        @Override
        public DriveGeometry geometry() {
            return new DriveGeometry(0.3, 0.05, 1.0, 3.0, 0.2);
        }
    }

    /** A relay whose driver never returns (until released). */
    static final class HangingRelay implements Relay {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String id() {
            return "hang";
        }

        @Override
        public DeviceHealth health() {
            return DeviceHealth.online();
        }

        @Override
        public void set(boolean on) throws DeviceException {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException("interrupted");
            }
        }

        @Override
        public boolean state() {
            return false;
        }

        @Override
        public boolean safeState() {
            return false;
        }
    }
}
