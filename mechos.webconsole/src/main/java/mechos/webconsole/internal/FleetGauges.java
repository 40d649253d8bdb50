package mechos.webconsole.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.fleet.api.FleetHealth;
import mechos.fleet.api.FleetStatus;
import mechos.fleet.api.FleetView;
import mechos.fleet.api.PeerStatus;

/**
 * The fleet link's health and counters as Prometheus families ({@code mechos_fleet_*}): health state, messages in and
 * out, reconnects, queue depth, refused and dropped messages, auction rounds, lease expiries and peers online. Fleet
 * is off unless configured; without a {@link FleetView} nothing is written (a missing series, not zeros). Reads the
 * view's counters only, never waits on the link.
 */
@Component(service = FleetGauges.class)
public final class FleetGauges {
    private static final Logger LOG = LoggerFactory.getLogger(FleetGauges.class);

    private final AtomicReference<FleetView> fleet = new AtomicReference<>();

    public FleetGauges() {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFleetView(FleetView f) {
        fleet.set(f);
    }

    void unbindFleetView(FleetView f) {
        fleet.compareAndSet(f, null);
    }

    void write(PrometheusText p) {
        FleetView f = fleet.get();
        if (f == null) {
            return;
        }
        FleetStatus s;
        List<PeerStatus> peers;
        try {
            s = f.status();
            peers = f.peers();
        } catch (RuntimeException e) {
            LOG.warn("the fleet view failed to give its status: {}", e.toString());
            return;
        }
        if (s == null) {
            return;
        }
        p.family("mechos_fleet_health", "gauge", "1 for the fleet link's current health");
        for (FleetHealth h : FleetHealth.values()) {
            p.sample(h == s.health() ? 1 : 0, "state", h.name());
        }
        p.family("mechos_fleet_messages_total", "counter", "MQTT messages of the fleet link")
                .sample(s.messagesIn(), "direction", "in")
                .sample(s.messagesOut(), "direction", "out");
        p.family("mechos_fleet_reconnects_total", "counter", "Successful fleet connections after the first")
                .sample(s.reconnects());
        p.family("mechos_fleet_queued", "gauge", "Messages waiting in the store-and-forward queue").sample(s.queued());
        p.family("mechos_fleet_queue_refused_total", "counter",
                "Reliable messages refused because the store-and-forward queue was full").sample(s.queueRefused());
        p.family("mechos_fleet_status_replaced_total", "counter",
                "Presence messages replaced by a newer one while offline (drop-oldest)").sample(s.statusDropped());
        p.family("mechos_fleet_inbound_dropped_total", "counter",
                "Inbound fleet messages dropped: sender not granted, forged or malformed").sample(s.droppedInbound());
        p.family("mechos_fleet_auctions_total", "counter", "Task market auction rounds closed").sample(s.auctions());
        p.family("mechos_fleet_lease_expiries_total", "counter", "Task leases that ran out")
                .sample(s.leaseExpiries());
        long online = peers == null ? 0 : peers.stream().filter(PeerStatus::online).count();
        p.family("mechos_fleet_peers", "gauge", "Peers seen since start, by presence")
                .sample(online, "presence", "online")
                .sample(peers == null ? 0 : peers.size() - online, "presence", "offline");
    }
}
