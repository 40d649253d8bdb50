package mechos.kernel.internal.core;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.EmergencyStopResult;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.RefusedDevice;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.TickStats;

/**
 * Gogo commands {@code mechos:estop|reset|resumeAutonomy|override|release|status|devices}; no compile dependency on
 * Gogo. ({@code mechos:resume} is taken by the runtime: it un-pauses the agent loop, a different thing.)
 */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=estop",
        "osgi.command.function=reset", "osgi.command.function=resumeAutonomy", "osgi.command.function=override", "osgi.command.function=release",
        "osgi.command.function=status", "osgi.command.function=devices" })
public final class KernelCommands {
    private static final String CONSOLE = "console";
    private final Kernel kernel;
    private final OperatorControl control;
    private final DeviceRegistry registry;

    @Activate
    public KernelCommands(@Reference Kernel kernel, @Reference OperatorControl control,
            @Reference DeviceRegistry registry) {
        this.kernel = kernel;
        this.control = control;
        this.registry = registry;
    }

    static final String ESTOP_USAGE = "mechos:estop [<reason...>]: latch the emergency stop";
    static final String RESET_USAGE = "mechos:reset: clear a latched e-stop whose cause is gone (autonomy stays paused)";
    static final String RESUME_USAGE = "mechos:resumeAutonomy: let agents move again after a reset";
    static final String OVERRIDE_USAGE = "mechos:override: engage the operator's manual override";
    static final String RELEASE_USAGE = "mechos:release: release the manual override";
    static final String STATUS_USAGE = "mechos:status: safety state, tick statistics, configuration refusals";
    static final String DEVICES_USAGE = "mechos:devices: registered devices with kind, health and bundle";

    public String estop(String... reason) {
        if (reason.length == 1 && isHelp(reason[0])) {
            return ESTOP_USAGE;
        }
        EmergencyStopResult r = control
                .latchEmergencyStop(reason.length == 0 ? "console command" : String.join(" ", reason));
        return r.message() + ": " + status();
    }

    public String reset(String... args) {
        if (args.length > 0) {
            return usage("reset", RESET_USAGE, args);
        }
        return (control.reset(CONSOLE) ? "reset: " : "reset refused (a cause is still present): ") + status();
    }

    /** Resumes autonomy after an e-stop reset. */
    public String resumeAutonomy(String... args) {
        if (args.length > 0) {
            return usage("resumeAutonomy", RESUME_USAGE, args);
        }
        return (control.resume(CONSOLE) ? "resumed: " : "resume refused (nothing awaits a resume): ") + status();
    }

    public String override(String... args) {
        if (args.length > 0) {
            return usage("override", OVERRIDE_USAGE, args);
        }
        control.engageOverride(CONSOLE);
        return status();
    }

    public String release(String... args) {
        if (args.length > 0) {
            return usage("release", RELEASE_USAGE, args);
        }
        control.releaseOverride(CONSOLE);
        return status();
    }

    public String status(String... args) {
        if (args.length > 0) {
            return usage("status", STATUS_USAGE, args);
        }
        SafetyStatus s = kernel.status();
        TickStats t = kernel.tickStats();
        return String.format("%s%s%s%s, moving=%s, tick %d (max gap %.2f ms, p99 %.2f ms)", s.state(),
                s.awaitingResume() ? " AWAITING RESUME" : "", s.reason().isEmpty() ? "" : " (" + s.reason() + ")",
                s.overrideRemainingMillis() > 0 ? ", override " + s.overrideRemainingMillis() + " ms left" : "",
                s.moving(), t.ticks(), t.maxGapNanos() / 1e6, t.p99GapNanos() / 1e6)
                + kernel.configurationRefusals().stream().map(r -> "\n" + r).collect(java.util.stream.Collectors.joining())
                + registry.refused().stream().map(r -> "\ndevice " + r.kind() + " from bundle " + r.bundle() + " "
                        + r.reason()).collect(java.util.stream.Collectors.joining());
    }

    public String devices(String... args) {
        if (args.length > 0) {
            return usage("devices", DEVICES_USAGE, args);
        }
        StringBuilder b = new StringBuilder();
        for (DeviceInfo d : registry.devices()) {
            b.append(String.format("%-16s %-12s %-40s %s%n", d.id(), d.kind(), d.health(), d.bundle()));
        }
        for (RefusedDevice r : registry.refused()) {
            b.append(String.format("%-16s %-12s %-40s %s%n", r.id(), r.kind(), r.reason(), r.bundle()));
        }
        return b.length() == 0 ? "no devices" : b.toString();
    }

    private static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("-h") || arg.equals("--help");
    }

    /** @return the usage for {@code help}, else an error naming the unexpected arguments plus the usage */
    private static String usage(String command, String usage, String... args) {
        if (args.length == 1 && isHelp(args[0])) {
            return usage;
        }
        return "error: " + command + " takes no arguments, got '" + String.join(" ", args) + "'\nusage: " + usage;
    }
}
