package mechos.fleet.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.fleet.api.FleetHealth;
import mechos.fleet.api.FleetMessage;
import mechos.fleet.api.FleetStatus;
import mechos.fleet.api.MarketTask;
import mechos.fleet.api.PeerFootprints;
import mechos.fleet.api.PeerStatus;
import mechos.fleet.api.TaskView;
import mechos.fleet.internal.market.MarketAgent;
import mechos.fleet.internal.market.MarketEvent;
import mechos.fleet.internal.mqtt.Backoff;
import mechos.fleet.internal.mqtt.FleetLink;
import mechos.fleet.internal.mqtt.LinkOptions;
import mechos.fleet.internal.presence.PeerTable;
import mechos.fleet.internal.presence.StatusMessage;

/**
 * One robot's fleet member, without OSGi: the broker link, presence (retained status + last will, peer table,
 * footprints), peer messages with the grant check, and the market agent. Topics, under {@code mechos/<fleet>/}:
 * {@code status/<robot>} (retained), {@code msg/<to>/<from>}, {@code broadcast/<from>}, {@code market} (one topic,
 * so the broker orders the whole market log). Owns one thread; inbound work runs on Paho's callback thread.
 */
public final class FleetNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetNode.class);
    private static final long TICK_MILLIS = 50;

    /** This robot's own state for its status message. */
    public record LocalStatus(String frame, double x, double y, double theta, String safetyState, String agentState,
            double battery) {
    }

    /** Where the node's outputs go (the component points them at the event bus). */
    public record Sinks(Consumer<FleetMessage> inbound, Consumer<PeerFootprints> footprints,
            Consumer<TaskView> tasks) {
    }

    private final NodeOptions options;
    private final Sinks sinks;
    private final Supplier<LocalStatus> local;
    private final LongSupplier wall;
    /** presence and market timers: never blocked by the network, so a lapsed lease is noticed on time */
    private final ScheduledExecutorService exec;
    /** the link: connect attempts (bounded, but seconds long) and flushes */
    private final ScheduledExecutorService linkExec;
    private final Wire wire = new Wire();
    private final PeerTable peers;
    private final MarketAgent market;
    private final FleetLink link;
    private final Deque<FleetMessage> inbound = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final String statusTopic;
    private final String marketTopic;

    /**
     * @param mono monotonic milliseconds (market timers)
     * @param wall wall-clock milliseconds (status stamps, ages)
     */
    public FleetNode(NodeOptions options, Sinks sinks, Supplier<LocalStatus> local, MarketAgent.Bidder bidder,
            MarketAgent.Listener executor, LongSupplier mono, LongSupplier wall) {
        this.options = options;
        this.sinks = sinks;
        this.local = local;
        this.wall = wall;
        this.peers = new PeerTable(options.self());
        this.statusTopic = options.base() + "status/" + options.self();
        this.marketTopic = options.base() + "market";
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mechos-fleet-" + options.self());
            t.setDaemon(true);
            return t;
        });
        this.linkExec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mechos-fleet-link-" + options.self());
            t.setDaemon(true);
            return t;
        });
        this.market = new MarketAgent(options.self(), mono, options.market(), bidder,
                e -> publishMarket(e), executor);
        LinkOptions l = options.link();
        LinkOptions withWill = new LinkOptions(l.brokerUri(), l.clientId(), l.username(), l.password(),
                l.socketFactory(), l.keepAliveSeconds(), l.sessionExpirySeconds(), l.connectTimeoutSeconds(),
                statusTopic, wire.status(offline()), l.outboxCapacity());
        this.link = new FleetLink(withWill, linkExec, new Inbound(),
                new Backoff(200, 10_000, 0.5, () -> ThreadLocalRandom.current().nextDouble()),
                List.of(options.base() + "status/+", options.base() + "msg/" + options.self() + "/+",
                        options.base() + "broadcast/+", marketTopic));
    }

    /** Connects in the background and starts the presence and market timers. Never blocks. */
    public void start() {
        link.start();
        exec.scheduleAtFixedRate(guard("presence", this::publishStatus), 0, options.presenceMillis(),
                TimeUnit.MILLISECONDS);
        exec.scheduleAtFixedRate(guard("market", this::tickMarket), TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private Runnable guard(String what, Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("fleet {}: {} failed", options.self(), what, e);
            }
        };
    }

    private StatusMessage offline() {
        return new StatusMessage(options.self(), false, "", Double.NaN, Double.NaN, Double.NaN, options.radius(),
                "unknown", "offline", Double.NaN, "", 0);
    }

    /** Publishes this robot's status now (also called on a change of state). */
    public void publishStatus() {
        LocalStatus s = local.get();
        link.publishStatus(statusTopic, wire.status(new StatusMessage(options.self(), true, s.frame(), s.x(), s.y(),
                s.theta(), options.radius(), s.safetyState(), s.agentState(), s.battery(), market.currentTask(),
                wall.getAsLong())));
        sinks.footprints().accept(footprints());
    }

    private void tickMarket() {
        market.tick();
    }

    private void publishMarket(MarketEvent e) {
        if (!link.publishReliable(marketTopic, wire.market(e))) {
            LOG.warn("fleet {}: store-and-forward queue full: market event {} for task {} refused", options.self(),
                    e.getClass().getSimpleName(), e.taskId());
        }
    }

    /** Sends a message to one peer (QoS 1). @return false when the store-and-forward queue refused it */
    public boolean send(String to, String text, String intentId) {
        if (!topicLevel(to)) {
            LOG.warn("fleet {}: message for peer '{}' (intent {}) not sent: a robot id must be non-empty without '/',"
                    + " '+', '#' or control characters", options.self(), to, intentId);
            return false;
        }
        FleetMessage m = new FleetMessage(options.self(), to, text, intentId == null ? "" : intentId,
                wall.getAsLong());
        return link.publishReliable(options.base() + "msg/" + to + "/" + options.self(), wire.message(m));
    }

    /** @return true when the id can be one MQTT topic level (no separator, no wildcard, no control character) */
    static boolean topicLevel(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '+' || c == '#' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** Sends a message to every peer (QoS 1). @return false when refused */
    public boolean broadcast(String text, String intentId) {
        FleetMessage m = new FleetMessage(options.self(), "", text, intentId == null ? "" : intentId,
                wall.getAsLong());
        return link.publishReliable(options.base() + "broadcast/" + options.self(), wire.message(m));
    }

    /** Offers a task on the market. */
    public void post(MarketTask task) {
        market.post(task);
    }

    public boolean complete(String taskId) {
        return market.complete(taskId);
    }

    public List<TaskView> tasks() {
        return market.view();
    }

    public List<PeerStatus> peers() {
        return peers.peers();
    }

    public Optional<PeerStatus> peer(String id) {
        return peers.peer(id);
    }

    public PeerFootprints footprints() {
        return peers.footprints(wall.getAsLong(), options.ttlMillis(), options.peerSpeed(), options.maxRadius());
    }

    public String self() {
        return options.self();
    }

    public synchronized List<FleetMessage> recentInbound(int max) {
        List<FleetMessage> all = new ArrayList<>(inbound);
        return all.subList(Math.max(0, all.size() - Math.max(0, max)), all.size());
    }

    public synchronized List<FleetMessage> inboundSince(long sinceMillis) {
        List<FleetMessage> out = new ArrayList<>();
        for (FleetMessage m : inbound) {
            if (m.sentMillis() > sinceMillis) {
                out.add(m);
            }
        }
        return out;
    }

    public FleetStatus status() {
        FleetHealth h = link.health();
        String reason = link.reason();
        if (h == FleetHealth.ONLINE && link.outbox().refused() > 0) {
            h = FleetHealth.DEGRADED;
            reason = link.outbox().refused() + " reliable messages refused by the full store-and-forward queue";
        }
        return new FleetStatus(options.self(), h, reason, link.messagesIn(), link.messagesOut(), link.reconnects(),
                link.outbox().size(), link.outbox().refused(), link.outbox().statusDropped(), dropped.get(),
                market.auctions(), market.leaseExpiries());
    }

    /** Leaves the fleet: publishes "offline" (a clean disconnect sends no last will), disconnects, stops. */
    @Override
    public void close() {
        try {
            exec.shutdownNow();
            linkExec.submit(() -> {
                link.publishNow(statusTopic, wire.status(offline()), true, 1000);
                link.close();
            }).get(3, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("fleet {}: clean disconnect did not finish: {}", options.self(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("fleet {}: already stopped", options.self(), e);
        }
        exec.shutdownNow();
        linkExec.shutdownNow();
    }

    /**
     * Stops abruptly, like a killed process: the connection is dropped without a DISCONNECT, so the broker publishes
     * the last will; nothing more is sent. For crash tests and benchmarks.
     */
    public void kill() {
        exec.shutdownNow();
        linkExec.shutdownNow();
        link.kill();
    }

    /** @return false for a duplicate (QoS 1 is at-least-once: a sender publishes again what was not acknowledged) */
    private synchronized boolean keep(FleetMessage m) {
        if (inbound.contains(m)) {
            return false;
        }
        inbound.addLast(m);
        while (inbound.size() > options.inboundKept()) {
            inbound.removeFirst();
        }
        return true;
    }

    private void drop(String why, String topic) {
        long n = dropped.incrementAndGet();
        if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: visible without flooding the log
            LOG.warn("fleet {}: dropped inbound message on {}: {} ({} dropped so far)", options.self(), topic, why,
                    n);
        }
    }

    private final class Inbound implements FleetLink.Handler {
        @Override
        public void connected(boolean reconnect, boolean sessionPresent) {
            if (!reconnect || !sessionPresent) {
                // the replica may lack tasks: posted before this robot joined, or missed with a lost session
                market.sync(!sessionPresent);
            }
            try {
                exec.execute(guard("presence", FleetNode.this::publishStatus));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                LOG.debug("fleet {}: connected while stopping", options.self(), stopping);
            }
        }

        @Override
        public void message(String topic, byte[] payload) {
            String rest = topic.startsWith(options.base()) ? topic.substring(options.base().length()) : "";
            String[] p = rest.split("/", -1);
            try {
                if (p.length == 2 && p[0].equals("status")) {
                    onStatus(p[1], payload, topic);
                } else if (p.length == 3 && p[0].equals("msg")) {
                    onMessage(p[2], payload, topic);
                } else if (p.length == 2 && p[0].equals("broadcast")) {
                    if (!p[1].equals(options.self())) {
                        onMessage(p[1], payload, topic);
                    }
                } else if (p.length == 1 && p[0].equals("market")) {
                    onMarket(payload, topic);
                } else {
                    drop("unknown topic", topic);
                }
            } catch (IOException e) {
                drop("malformed: " + e.getMessage(), topic);
            }
        }

        private void onStatus(String robot, byte[] payload, String topic) throws IOException {
            if (payload.length == 0) {
                return; // a cleared retained status
            }
            StatusMessage m = wire.status(payload);
            if (!robot.equals(m.robotId())) {
                drop("status of '" + m.robotId() + "' published under '" + robot + "' (forged id)", topic);
                return;
            }
            peers.update(m, wall.getAsLong());
        }

        private void onMessage(String from, byte[] payload, String topic) throws IOException {
            FleetMessage m = wire.message(payload);
            if (!from.equals(m.from())) {
                drop("message from '" + m.from() + "' published under '" + from + "' (forged id)", topic);
                return;
            }
            if (!options.allowed(from)) {
                drop("sender '" + from + "' is not in the fleet grants", topic);
                return;
            }
            if (keep(m)) {
                sinks.inbound().accept(m);
            }
        }

        private void onMarket(byte[] payload, String topic) throws IOException {
            MarketEvent e = wire.market(payload);
            if (!e.from().equals(options.self()) && !options.allowed(e.from())) {
                drop("market event from '" + e.from() + "', not in the fleet grants", topic);
                return;
            }
            LOG.debug("fleet {}: market {}", options.self(), e);
            market.onEvent(e);
            if (e instanceof MarketEvent.State st) {
                if (options.self().equals(st.to())) {
                    market.view().forEach(sinks.tasks()); // tasks learned from a peer's state
                }
            } else if (!(e instanceof MarketEvent.Sync)) { // a sync request changes no task
                market.view().stream().filter(v -> v.task().taskId().equals(e.taskId())).findFirst()
                        .ifPresent(sinks.tasks());
            }
        }
    }
}
