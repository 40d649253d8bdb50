package mechos.fleet.internal;

import mechos.fleet.api.FleetStatus;
import mechos.fleet.api.PeerStatus;
import mechos.fleet.api.TaskView;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Gogo commands {@code mechos:fleet} (link health, peers) and {@code mechos:market} (the task market). Read-only. */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=fleet",
        "osgi.command.function=market" })
public final class FleetCommands {
    /** Optional: with the fleet off (no configuration) the commands say so instead of being missing. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FleetComponent fleet;

    private static final String OFF = "fleet is off: no configuration mechos.fleet (see mechos.fleet/README.md)";

    /** Gogo {@code mechos:fleet}: link health and every peer. */
    public String fleet() {
        FleetComponent fleet = this.fleet;
        if (fleet == null) {
            return OFF;
        }
        FleetStatus s = fleet.status();
        StringBuilder b = new StringBuilder();
        b.append(String.format("robot %s  %s%s  in %d out %d reconnects %d queued %d refused %d dropped-in %d%n",
                s.robotId(), s.health(), s.reason().isEmpty() ? "" : " (" + s.reason() + ")", s.messagesIn(),
                s.messagesOut(), s.reconnects(), s.queued(), s.queueRefused(), s.droppedInbound()));
        long now = System.currentTimeMillis();
        for (PeerStatus p : fleet.peers()) {
            b.append(String.format("  %-16s %-7s x %.2f y %.2f  %-10s task %s  seen %d ms ago%n", p.robotId(),
                    p.online() ? "online" : "offline", p.x(), p.y(), p.safetyState(),
                    p.currentTask().isEmpty() ? "-" : p.currentTask(), p.ageMillis(now)));
        }
        return b.toString();
    }

    /** Gogo {@code mechos:market}: the market as this robot sees it ({@code mechos:tasks} is the task board). */
    public String market() {
        FleetComponent fleet = this.fleet;
        if (fleet == null) {
            return OFF;
        }
        FleetStatus s = fleet.status();
        StringBuilder b = new StringBuilder(String.format("auction rounds %d, lease expiries %d%n", s.auctions(),
                s.leaseExpiries()));
        for (TaskView t : fleet.tasks()) {
            b.append(String.format("  %-38s %-8s %-8s round %d holder %s epoch %d%s  %s%n", t.task().taskId(),
                    t.task().kind(), t.phase(), t.round(), t.holder().isEmpty() ? "-" : t.holder(), t.epoch(),
                    t.executing() ? " (executing here)" : "", t.task().title()));
        }
        return b.toString();
    }
}
