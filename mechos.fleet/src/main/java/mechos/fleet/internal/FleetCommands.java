package mechos.fleet.internal;

import java.util.Locale;
import java.util.function.LongSupplier;

import mechos.fleet.api.FleetStatus;
import mechos.fleet.api.FleetView;
import mechos.fleet.api.PeerStatus;
import mechos.fleet.api.TaskMarket;
import mechos.fleet.api.TaskView;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands {@code mechos:fleet} (link health, peers) and {@code mechos:market} (the task market: tasks, phase,
 * round, holder, epoch). Read-only; {@code help} (or {@code -h}, {@code --help}) prints the usage, any other
 * argument is an error with the usage. Sending is {@code mechos:fleet-send} of {@code mechos.shell}: it goes
 * through the kernel as the operator.
 */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=fleet",
        "osgi.command.function=market" })
public final class FleetCommands {
    static final String FLEET_USAGE = "mechos:fleet  (this robot's fleet link: health, counters, and every peer with"
            + " its state, pose, task and age; send with mechos:fleet-send <peer|*> <text>)";
    static final String MARKET_USAGE = "mechos:market  (the task market as this robot sees it: every task with its"
            + " kind, phase, round, holder and lease epoch; mechos:tasks is the local task board)";
    static final String OFF = "fleet is off: no configuration mechos.fleet (see mechos.fleet/README.md)";

    /** Optional: with the fleet off (no configuration) the commands say so instead of being missing. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FleetComponent fleet;

    /** Gogo {@code mechos:fleet}: link health and every peer. */
    public String fleet(String... args) {
        FleetComponent f = this.fleet;
        return fleetText(f, System::currentTimeMillis, args);
    }

    /** Gogo {@code mechos:market}: the market as this robot sees it ({@code mechos:tasks} is the task board). */
    public String market(String... args) {
        FleetComponent f = this.fleet;
        return marketText(f, f, args);
    }

    static String fleetText(FleetView view, LongSupplier wall, String... args) {
        String usage = usage(FLEET_USAGE, args);
        if (usage != null) {
            return usage;
        }
        if (view == null) {
            return OFF;
        }
        FleetStatus s = view.status();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT,
                "robot %s  %s%s  in %d out %d reconnects %d queued %d refused %d dropped-in %d%n", s.robotId(),
                s.health(), s.reason().isEmpty() ? "" : " (" + s.reason() + ")", s.messagesIn(), s.messagesOut(),
                s.reconnects(), s.queued(), s.queueRefused(), s.droppedInbound()));
        long now = wall.getAsLong();
        for (PeerStatus p : view.peers()) {
            b.append(String.format(Locale.ROOT, "  %-16s %-7s x %.2f y %.2f  %-10s task %s  seen %d ms ago%n",
                    p.robotId(), p.online() ? "online" : "offline", p.x(), p.y(), p.safetyState(),
                    p.currentTask().isEmpty() ? "-" : p.currentTask(), p.ageMillis(now)));
        }
        return b.toString();
    }

    static String marketText(FleetView view, TaskMarket market, String... args) {
        String usage = usage(MARKET_USAGE, args);
        if (usage != null) {
            return usage;
        }
        if (view == null || market == null) {
            return OFF;
        }
        FleetStatus s = view.status();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "auction rounds %d, lease expiries %d%n",
                s.auctions(), s.leaseExpiries()));
        if (market.tasks().isEmpty()) {
            b.append("  no tasks known\n");
        }
        for (TaskView t : market.tasks()) {
            b.append(String.format(Locale.ROOT, "  %-38s %-8s %-8s round %d holder %s epoch %d%s  %s%n",
                    t.task().taskId(), t.task().kind(), t.phase(), t.round(),
                    t.holder().isEmpty() ? "-" : t.holder(), t.epoch(), t.executing() ? " (executing here)" : "",
                    t.task().title()));
        }
        return b.toString();
    }

    /** @return the usage for help, an error with the usage for any other argument, null for none */
    private static String usage(String usage, String... args) {
        if (args == null || args.length == 0) {
            return null;
        }
        String a = args[0];
        if (a.equals("help") || a.equals("-h") || a.equals("--help")) {
            return usage;
        }
        return "error: unexpected argument '" + a + "'\nusage: " + usage;
    }
}
