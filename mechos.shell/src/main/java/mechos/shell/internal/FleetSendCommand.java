package mechos.shell.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import mechos.kernel.api.BroadcastFleet;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Intent;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.MessagePeer;

/**
 * Gogo {@code mechos:fleet-send <peer|'*'|--all> <text>}: the person at the shell messages one peer robot (a
 * {@link MessagePeer}) or the whole fleet ({@code '*'} or {@code --all}: a {@link BroadcastFleet}; Gogo expands an
 * unquoted {@code *} to the file names of its working directory). The intent is submitted to the kernel
 * as {@value MotionCommands#OPERATOR}, like every operator intent of the shell; {@code mechos.fleet} sends it only
 * when the kernel approved it (it reads {@code kernel/decisions}) and the fleet is configured. A Gogo command name
 * with a hyphen cannot be a method name, so this one component is a Gogo {@link Function}.
 */
@Component(service = Function.class, property = { "osgi.command.scope=mechos",
        "osgi.command.function=fleet-send" })
public final class FleetSendCommand implements Function {
    static final String USAGE = "mechos:fleet-send <peer|'*'|--all> <text>  (a message to one peer robot, or to the"
            + " whole fleet with '*' or --all: quote the *, Gogo expands a bare * to file names; submitted to the"
            + " kernel as operator and sent by mechos.fleet only when approved)";

    private final AtomicReference<Kernel> kernel = new AtomicReference<>();

    public FleetSendCommand() {
    }

    /** For tests: the kernel given directly (may be null). */
    FleetSendCommand(Kernel k) {
        kernel.set(k);
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        String[] args = new String[arguments.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = String.valueOf(arguments.get(i));
        }
        return send(args);
    }

    /** @return what the shell prints: the kernel's decision, a usage error or the usage */
    String send(String... args) {
        if (args.length == 0 || Args.isHelp(args)) {
            return USAGE;
        }
        if (args.length < 2) {
            return Args.error("expected a peer id (or *) and the text", USAGE);
        }
        String peer = args[0].trim().equals("--all") ? "*" : args[0].trim();
        String text = Args.rest(args, 1).trim();
        if (peer.isEmpty() || (!peer.equals("*") && !validPeer(peer))) {
            return Args.error("peer id '" + args[0] + "' must not be empty nor contain '/', '+', '#' or spaces",
                    USAGE);
        }
        if (text.isEmpty()) {
            return Args.error("the text is empty", USAGE);
        }
        Kernel k = kernel.get();
        if (k == null) {
            return "error: kernel not available";
        }
        Intent intent = peer.equals("*") ? new BroadcastFleet(text) : new MessagePeer(peer, text);
        Decision d = k.submit(MotionCommands.OPERATOR, intent);
        String to = peer.equals("*") ? "the fleet" : "peer " + peer;
        if (!d.approved()) {
            return "not sent to " + to + ": intent " + d.intentId() + " " + d.reason();
        }
        return "approved intent " + d.intentId() + ": sent to " + to
                + " by mechos.fleet (when it is configured; see mechos:fleet)";
    }

    /** The peer id becomes an MQTT topic level: no separators, wildcards or whitespace. */
    static boolean validPeer(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '+' || c == '#' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return !id.isEmpty();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindKernel(Kernel k) {
        kernel.set(k);
    }

    void unbindKernel(Kernel k) {
        kernel.compareAndSet(k, null);
    }
}
