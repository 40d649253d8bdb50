package mechos.shell.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.Decision;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentCodec;
import mechos.kernel.api.IntentFormatException;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TickStats;
import mechos.runtime.api.Agent;
import mechos.runtime.api.AgentStatus;
import mechos.shell.internal.Args.UsageException;

/**
 * Gogo commands for the robot's safety and motion: {@code mechos:status}, {@code estop}, {@code reset},
 * {@code override}, {@code drive}, {@code intent}. Everything goes through the kernel's APIs; the person at the
 * shell is the agent {@value #OPERATOR} (the kernel's grants and rules still decide). Every service is optional
 * and dynamic: a command whose service is missing says so.
 */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=status",
        "osgi.command.function=estop", "osgi.command.function=reset", "osgi.command.function=override",
        "osgi.command.function=drive", "osgi.command.function=intent" })
public final class SafetyCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SafetyCommands.class);
    static final String OPERATOR = "operator";
    static final String DRIVE_USAGE = "mechos:drive <linear m/s> <angular rad/s> [seconds, default 1, max 30]"
            + "  (operator motion through the kernel; engages the manual override, stops at the end)";
    static final String INTENT_USAGE = "mechos:intent <agent> '<intent JSON>'  e.g. mechos:intent operator "
            + "'{\"action\":\"drive\",\"linear\":0.2,\"angular\":0.0}'  (quote the JSON: Gogo reads {...} as a closure)";
    static final String OVERRIDE_USAGE = "mechos:override [engage|release]  (default engage)";
    private static final long RENEW_MS = 200;
    private static final int MAX_DRIVE_SECONDS = 30;

    private final AtomicReference<Kernel> kernel = new AtomicReference<>();
    private final AtomicReference<OperatorControl> control = new AtomicReference<>();
    private final AtomicReference<IntentCodec> codec = new AtomicReference<>();
    private final AtomicReference<DeviceRegistry> devices = new AtomicReference<>();
    private final AtomicReference<Agent> agent = new AtomicReference<>();

    public SafetyCommands() {
    }

    /** For tests: the services given directly (any may be null). */
    SafetyCommands(Kernel k, OperatorControl c, IntentCodec ic, DeviceRegistry d, Agent a) {
        kernel.set(k);
        control.set(c);
        codec.set(ic);
        devices.set(d);
        agent.set(a);
    }

    public String status(String... args) {
        if (Args.isHelp(args) || args.length > 0) {
            return "mechos:status  (safety state, safety tick timing, agent loop and device health)";
        }
        StringBuilder b = new StringBuilder();
        Kernel k = kernel.get();
        if (k == null) {
            b.append("safety: kernel not available\n");
        } else {
            SafetyStatus s = k.status();
            b.append("safety: ").append(s.state());
            if (!s.reason().isEmpty()) {
                b.append(" (").append(s.reason()).append(')');
            }
            b.append(s.moving() ? ", moving" : ", not moving");
            if (s.overrideRemainingMillis() > 0) {
                b.append(", override ").append(s.overrideRemainingMillis() / 1000).append(" s left");
            }
            b.append('\n');
            TickStats t = k.tickStats();
            b.append("safety tick: ").append(t.ticks()).append(" ticks, period ").append(Args.fmt(t.periodNanos() / 1e6))
                    .append(" ms, gap p99 ").append(Args.fmt(t.p99GapNanos() / 1e6)).append(" ms, max jitter ")
                    .append(Args.fmt(t.maxJitterNanos() / 1e6)).append(" ms\n");
        }
        Agent a = agent.get();
        if (a == null) {
            b.append("agent: not available\n");
        } else {
            AgentStatus s = a.status();
            b.append("agent: ").append(s.agentId()).append(' ').append(s.state());
            if (!s.reason().isEmpty()) {
                b.append(" (").append(s.reason()).append(')');
            }
            b.append(", ").append(s.decisions()).append(" decisions, ").append(s.llmCalls()).append(" LLM calls, ")
                    .append(s.tokensInWindow()).append(" tokens in window");
            if (s.pendingQuestion() != null) {
                b.append("\n  question: ").append(s.pendingQuestion());
            }
            b.append('\n');
        }
        DeviceRegistry d = devices.get();
        if (d == null) {
            b.append("devices: registry not available");
        } else {
            int online = 0;
            int total = 0;
            StringBuilder bad = new StringBuilder();
            for (DeviceInfo i : d.devices()) {
                total++;
                if (i.health().state().acceptsCommands()) {
                    online++;
                } else {
                    bad.append("\n  ").append(i.id()).append(": ").append(i.health());
                }
            }
            b.append("devices: ").append(online).append('/').append(total).append(" usable").append(bad);
        }
        return b.toString();
    }

    public String estop(String... args) {
        if (Args.isHelp(args)) {
            return "mechos:estop [reason...]  (latches the e-stop until mechos:reset)";
        }
        OperatorControl c = control.get();
        if (c == null) {
            return "error: kernel operator control not available; the robot cannot be e-stopped from here";
        }
        String reason = args.length == 0 ? "e-stop from the shell" : "e-stop from the shell: " + Args.rest(args, 0);
        LOG.info("{}", reason);
        c.emergencyStop(reason);
        return "e-stop latched";
    }

    public String reset(String... args) {
        if (Args.isHelp(args) || args.length > 0) {
            return "mechos:reset  (clears a latched e-stop or an operator-wait SAFE_STOP)";
        }
        OperatorControl c = control.get();
        if (c == null) {
            return "error: kernel operator control not available";
        }
        if (c.reset(OPERATOR + " (shell)")) {
            return "reset" + stateSuffix();
        }
        return "reset refused: a cause is still present" + stateSuffix();
    }

    public String override(String... args) {
        if (Args.isHelp(args) || args.length > 1) {
            return OVERRIDE_USAGE;
        }
        OperatorControl c = control.get();
        if (c == null) {
            return "error: kernel operator control not available";
        }
        String what = args.length == 0 ? "engage" : args[0];
        switch (what) {
        case "engage":
            c.engageOverride(OPERATOR + " (shell)");
            return "manual override engaged: AI intents are suspended" + stateSuffix();
        case "release":
            c.releaseOverride(OPERATOR + " (shell)");
            return "manual override released" + stateSuffix();
        default:
            return Args.error("unknown override action '" + what + "'", OVERRIDE_USAGE);
        }
    }

    public String drive(String... args) {
        if (Args.isHelp(args)) {
            return DRIVE_USAGE;
        }
        if (args.length < 2 || args.length > 3) {
            return Args.error("expected 2 or 3 arguments, got " + args.length, DRIVE_USAGE);
        }
        double linear;
        double angular;
        int seconds;
        try {
            linear = Args.number("linear", args[0]);
            angular = Args.number("angular", args[1]);
            seconds = args.length == 3 ? Args.integer("seconds", args[2], 0, MAX_DRIVE_SECONDS) : 1;
        } catch (UsageException e) {
            return Args.error(e.getMessage(), DRIVE_USAGE);
        }
        Kernel k = kernel.get();
        OperatorControl c = control.get();
        if (k == null || c == null) {
            return "error: kernel not available";
        }
        c.engageOverride(OPERATOR + " (shell)");
        Decision first = k.submit(OPERATOR, new Drive(linear, angular));
        if (!first.approved()) {
            return "drive " + first.reason();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Decision last = first;
        try {
            // The kernel's velocity lease expires unless renewed: renew while the requested time lasts.
            while (System.nanoTime() < end) {
                TimeUnit.MILLISECONDS.sleep(Math.min(RENEW_MS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                c.engageOverride(OPERATOR + " (shell)");
                c.deadManRenew();
                last = k.submit(OPERATOR, new Drive(linear, angular));
                if (!last.approved()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            k.submit(OPERATOR, new Stop("end of mechos:drive"));
        }
        if (!last.approved()) {
            return "drive stopped early: " + last.reason();
        }
        return "drove linear=" + Args.fmt(linear) + " m/s angular=" + Args.fmt(angular) + " rad/s for " + seconds
                + " s, then stopped (intent " + first.intentId() + ")";
    }

    public String intent(String... args) {
        if (Args.isHelp(args)) {
            return INTENT_USAGE;
        }
        if (args.length < 2) {
            return Args.error("expected an agent id and the intent JSON", INTENT_USAGE);
        }
        Kernel k = kernel.get();
        IntentCodec ic = codec.get();
        if (k == null || ic == null) {
            return "error: kernel not available";
        }
        Intent intent;
        try {
            intent = ic.parse(Args.rest(args, 1));
        } catch (IntentFormatException e) {
            return Args.error("not a valid intent: " + e.getMessage(), INTENT_USAGE);
        }
        Decision d = k.submit(args[0], intent);
        return (d.approved() ? "approved" : "rejected") + " intent " + d.intentId() + ": " + d.reason();
    }

    private String stateSuffix() {
        Kernel k = kernel.get();
        return k == null ? "" : "; safety state " + k.status().state();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindKernel(Kernel k) {
        kernel.set(k);
    }

    void unbindKernel(Kernel k) {
        kernel.compareAndSet(k, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOperatorControl(OperatorControl c) {
        control.set(c);
    }

    void unbindOperatorControl(OperatorControl c) {
        control.compareAndSet(c, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIntentCodec(IntentCodec c) {
        codec.set(c);
    }

    void unbindIntentCodec(IntentCodec c) {
        codec.compareAndSet(c, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDeviceRegistry(DeviceRegistry d) {
        devices.set(d);
    }

    void unbindDeviceRegistry(DeviceRegistry d) {
        devices.compareAndSet(d, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAgent(Agent a) {
        agent.set(a);
    }

    void unbindAgent(Agent a) {
        agent.compareAndSet(a, null);
    }
}
