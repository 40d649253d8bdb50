package mechos.shell.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentCodec;
import mechos.kernel.api.IntentFormatException;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.Stop;
import mechos.shell.internal.Args.UsageException;

/**
 * Gogo commands for motion through the kernel: {@code mechos:drive} (operator motion) and {@code mechos:intent}
 * (any intent JSON as an agent). The kernel's own commands cover {@code status}, {@code estop}, {@code reset},
 * {@code override}, {@code release} and {@code devices}. The person at the shell is the agent {@value #OPERATOR};
 * the kernel's grants and rules still decide, and the kernel accepts only agents the signed grants bind to this
 * bundle (by default {@value #OPERATOR} only: {@code mechos:intent brain ...} is rejected with {@code identity}). Every service is optional and dynamic: a command whose service is
 * missing says so.
 */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=drive",
        "osgi.command.function=intent" })
public final class MotionCommands {
    static final String OPERATOR = "operator";
    static final String DRIVE_USAGE = "mechos:drive <linear m/s> <angular rad/s> [seconds, default 1, max 30]"
            + "  (operator motion through the kernel; engages the manual override, stops at the end)";
    static final String INTENT_USAGE = "mechos:intent <agent> '<intent JSON>'  e.g. mechos:intent operator "
            + "'{\"action\":\"drive\",\"linear\":0.2,\"angular\":0.0}'  (quote the JSON: Gogo reads {...} as a closure; "
            + "the shell may act only as the agents the signed grants bind to mechos.shell, by default operator)";
    private static final long RENEW_MS = 200;
    private static final int MAX_DRIVE_SECONDS = 30;

    private final AtomicReference<Kernel> kernel = new AtomicReference<>();
    private final AtomicReference<OperatorControl> control = new AtomicReference<>();
    private final AtomicReference<IntentCodec> codec = new AtomicReference<>();

    public MotionCommands() {
    }

    /** For tests: the services given directly (any may be null). */
    MotionCommands(Kernel k, OperatorControl c, IntentCodec ic) {
        kernel.set(k);
        control.set(c);
        codec.set(ic);
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
                // renew, not engage: an engagement stops every drive (and restarts the acceleration limit)
                if (!c.renewOverride(OPERATOR + " (shell)")) {
                    c.engageOverride(OPERATOR + " (shell)");
                }
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
}
