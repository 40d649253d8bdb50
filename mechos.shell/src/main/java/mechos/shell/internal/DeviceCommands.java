package mechos.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.DeviceRegistry;

/** Gogo command {@code mechos:devices}: every device the kernel knows, its health with the reason, and its bundle. */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=devices" })
public final class DeviceCommands {
    static final String USAGE = "mechos:devices [id]  (all devices, or one: health with reason, owning bundle)";

    private final AtomicReference<DeviceRegistry> registry = new AtomicReference<>();

    public DeviceCommands() {
    }

    DeviceCommands(DeviceRegistry r) {
        registry.set(r);
    }

    public String devices(String... args) {
        if (Args.isHelp(args) || args.length > 1) {
            return USAGE;
        }
        DeviceRegistry r = registry.get();
        if (r == null) {
            return "error: the kernel's device registry is not available";
        }
        if (args.length == 1) {
            return r.device(args[0]).map(DeviceCommands::line)
                    .orElse("error: no device '" + args[0] + "' (mechos:devices lists them)");
        }
        StringBuilder b = new StringBuilder(String.format("%-12s %-12s %-9s %-28s %s%n", "ID", "KIND", "HEALTH",
                "BUNDLE", "REASON"));
        int n = 0;
        for (DeviceInfo d : r.devices()) {
            b.append(line(d)).append('\n');
            n++;
        }
        b.append(n).append(n == 1 ? " device" : " devices");
        return b.toString();
    }

    static String line(DeviceInfo d) {
        String since = Duration.between(d.health().since(), Instant.now()).toSeconds() + " s";
        return String.format("%-12s %-12s %-9s %-28s %s", d.id(), d.kind(), d.health().state(),
                d.bundle().isEmpty() ? "?" : d.bundle() + (d.present() ? "" : " (gone)"),
                (d.health().reason().isEmpty() ? "" : d.health().reason() + ", ") + "since " + since);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDeviceRegistry(DeviceRegistry r) {
        registry.set(r);
    }

    void unbindDeviceRegistry(DeviceRegistry r) {
        registry.compareAndSet(r, null);
    }
}
