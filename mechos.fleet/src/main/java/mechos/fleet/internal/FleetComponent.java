package mechos.fleet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.fleet.api.FleetMessage;
import mechos.fleet.api.FleetMessenger;
import mechos.fleet.api.FleetStatus;
import mechos.fleet.api.FleetTopics;
import mechos.fleet.api.FleetView;
import mechos.fleet.api.MarketTask;
import mechos.fleet.api.PeerFootprints;
import mechos.fleet.api.PeerStatus;
import mechos.fleet.api.TaskExecutor;
import mechos.fleet.api.TaskMarket;
import mechos.fleet.api.TaskView;
import mechos.fleet.internal.market.MarketAgent;
import mechos.fleet.internal.mqtt.LinkOptions;
import mechos.kernel.api.BroadcastFleet;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.MessagePeer;
import mechos.kernel.api.PostTask;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;
import mechos.perception.api.FusedPose;
import mechos.perception.api.DynamicObstacle;
import mechos.perception.api.DynamicObstacles;
import mechos.perception.api.PerceptionTopics;

/**
 * The fleet member of this robot, active only while configuration {@value #PID} exists. Reads approved intents
 * from {@code kernel/decisions} (MessagePeer, BroadcastFleet, PostTask: nothing unapproved leaves the robot),
 * publishes inbound messages, peer footprints and task changes on the bus, and hands won tasks to a
 * {@link TaskExecutor} of the task's kind.
 */
@Component(immediate = true, service = { FleetView.class, FleetMessenger.class, TaskMarket.class,
        FleetComponent.class },
        configurationPid = FleetComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FleetConfig.class)
public final class FleetComponent implements FleetView, FleetMessenger, TaskMarket {
    static final String PID = "mechos.fleet";
    private static final Logger LOG = LoggerFactory.getLogger(FleetComponent.class);
    private static final Pattern GOTO = Pattern.compile(
            "\\s*goto\\s+(-?\\d+(?:\\.\\d+)?)\\s+(-?\\d+(?:\\.\\d+)?)\\s*(?::\\s*(.*))?", Pattern.CASE_INSENSITIVE);

    private final Map<TaskExecutor, Set<String>> executors = new ConcurrentHashMap<>();
    private final AtomicReference<FusedPose> pose = new AtomicReference<>();
    private final Kernel kernel;
    private final FleetNode node;
    private final List<BusSubscription> subscriptions = new ArrayList<>();
    private final String frame;

    @Activate
    public FleetComponent(FleetConfig c, @Reference EventBus bus, @Reference Kernel kernel) {
        this.kernel = kernel;
        this.frame = c.frame();
        requireRobotId(c.robot_id());
        long mono0 = System.nanoTime();
        NodeOptions options = new NodeOptions(c.fleet(),
                new LinkOptions(c.broker_uri(), c.robot_id(), c.username(), c.password(), tls(c),
                        c.keep_alive_s(), c.session_expiry_s(), c.connect_timeout_s(), "", new byte[0],
                        c.outbox_capacity()),
                peers(c.allowed_peers()), c.presence_period_ms(), c.radius_m(), c.peer_ttl_ms(), c.peer_speed(),
                c.peer_max_radius_m(),
                new MarketAgent.Settings(c.bid_window_ms(), c.lease_ms(), c.lease_grace_ms(), c.renew_ms()),
                c.inbound_kept());
        this.node = new FleetNode(options,
                new FleetNode.Sinks(m -> bus.publish(FleetTopics.MESSAGES, m, m.intentId()),
                        f -> {
                            bus.publish(FleetTopics.PEER_FOOTPRINTS, f);
                            // the same peers as obstacles for perception's clearance (the kernel's view)
                            bus.publish(PerceptionTopics.DYNAMIC_OBSTACLES, obstacles(f));
                        },
                        t -> bus.publish(FleetTopics.TASKS, t, t.task().taskId())),
                this::localStatus, this::estimate, new Executors(), () -> (System.nanoTime() - mono0) / 1_000_000,
                System::currentTimeMillis);
        subscriptions.add(bus.subscribe(KernelTopics.DECISIONS, "fleet", 256, e -> onDecision(e.payload())));
        subscriptions.add(bus.subscribe(PerceptionTopics.FUSED_POSE, "fleet", 1, e -> pose.set(e.payload())));
        subscriptions.add(bus.subscribe(KernelTopics.SAFETY, "fleet", 16, e -> node.publishStatus()));
        node.start();
        LOG.info("fleet on: robot {} in fleet {} via {}, {} allowed peers", c.robot_id(), c.fleet(), c.broker_uri(),
                c.allowed_peers().length);
    }

    static void requireRobotId(String robotId) {
        if (robotId == null || robotId.isBlank()) {
            throw new IllegalArgumentException(PID + ": robot.id is required (this robot's id in the fleet)");
        }
    }

    /** Each entry may itself be a comma-separated list (a .cfg file gives one string). */
    static Set<String> peers(String[] entries) {
        Set<String> out = new java.util.TreeSet<>();
        for (String e : entries == null ? new String[0] : entries) {
            for (String p : e.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    private static SocketFactory tls(FleetConfig c) {
        if (c.tls_truststore().isBlank()) {
            return null;
        }
        return tls(c.tls_truststore(), c.tls_truststore_password());
    }

    /** @return a TLS socket factory trusting the certificates of a PKCS#12 trust store */
    static SocketFactory tls(String truststore, String password) {
        try (InputStream in = Files.newInputStream(Path.of(truststore))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(PID + ": tls_truststore '" + truststore
                    + "' cannot be read as PKCS#12: " + e.getMessage(), e);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addExecutor(TaskExecutor executor, Map<String, Object> props) {
        Object k = props.get(TaskExecutor.KIND);
        Set<String> kinds = k instanceof String[] a ? Set.of(a) : k == null ? Set.of() : Set.of(k.toString());
        executors.put(executor, kinds);
    }

    void removeExecutor(TaskExecutor executor) {
        executors.remove(executor);
    }

    private Optional<TaskExecutor> executorFor(String kind) {
        return executors.entrySet().stream().filter(e -> e.getValue().contains(kind)).map(Map.Entry::getKey)
                .findFirst();
    }

    private OptionalDouble estimate(MarketTask task) {
        Optional<TaskExecutor> ex = executorFor(task.kind());
        return ex.isEmpty() ? OptionalDouble.empty() : ex.get().estimate(task);
    }

    private final class Executors implements MarketAgent.Listener {
        @Override
        public void started(MarketTask task, int epoch) {
            LOG.info("fleet: executing task {} ({}) under lease epoch {}", task.taskId(), task.title(), epoch);
            executorFor(task.kind()).ifPresent(e -> e.start(task, epoch));
        }

        @Override
        public void stopped(MarketTask task, int epoch) {
            LOG.info("fleet: stopped task {} (epoch {})", task.taskId(), epoch);
            executorFor(task.kind()).ifPresent(e -> e.stop(task, epoch));
        }
    }

    private FleetNode.LocalStatus localStatus() {
        FusedPose p = pose.get();
        String safety = kernel.status().state().name();
        return p == null
                ? new FleetNode.LocalStatus(frame, Double.NaN, Double.NaN, Double.NaN, safety, "unknown", Double.NaN)
                : new FleetNode.LocalStatus(frame, p.pose().x(), p.pose().y(), p.pose().theta(), safety, "unknown",
                        Double.NaN);
    }

    /** Approved fleet intents of this robot leave it; nothing else does. */
    void onDecision(Decision d) {
        if (!d.approved()) {
            return;
        }
        if (d.intent() instanceof MessagePeer m) {
            if (!node.send(m.peer(), m.text(), d.intentId())) {
                LOG.warn("fleet: approved message {} to peer '{}' was not sent (invalid id or full queue)",
                        d.intentId(), m.peer());
            }
        } else if (d.intent() instanceof BroadcastFleet b) {
            if (!node.broadcast(b.text(), d.intentId())) {
                LOG.warn("fleet: approved broadcast {} was not sent: the store-and-forward queue is full",
                        d.intentId());
            }
        } else if (d.intent() instanceof PostTask t) {
            node.post(task(d.intentId(), t, node.self()));
        }
    }

    /** A PostTask title {@code goto X Y[: text]} is a goto task with a goal; anything else is kind "generic". */
    static MarketTask task(String id, PostTask t, String poster) {
        Matcher m = GOTO.matcher(t.title() == null ? "" : t.title());
        String assignee = t.assignee() == null ? "" : t.assignee();
        String description = t.description() == null ? "" : t.description();
        if (m.matches()) {
            return new MarketTask(id, "goto", m.group(3) == null ? t.title() : m.group(3), description,
                    Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), assignee, 0, poster);
        }
        return new MarketTask(id, "generic", t.title(), description, Double.NaN, Double.NaN, assignee, 0, poster);
    }

    @Deactivate
    void deactivate() {
        subscriptions.forEach(BusSubscription::close);
        node.close();
        LOG.info("fleet off");
    }

    @Override
    public String selfId() {
        return node.self();
    }

    @Override
    public List<PeerStatus> peers() {
        return node.peers();
    }

    @Override
    public Optional<PeerStatus> peer(String robotId) {
        return node.peer(robotId);
    }

    @Override
    public FleetStatus status() {
        return node.status();
    }

    @Override
    public List<FleetMessage> recentInbound(int max) {
        return node.recentInbound(max);
    }

    @Override
    public List<FleetMessage> inboundSince(long sinceMillis) {
        return node.inboundSince(sinceMillis);
    }

    @Override
    public List<TaskView> tasks() {
        return node.tasks();
    }

    @Override
    public boolean complete(String taskId) {
        return node.complete(taskId);
    }

    /** @return the peers as perception's dynamic obstacles (same discs, grown for age by the fleet) */
    static DynamicObstacles obstacles(PeerFootprints f) {
        return new DynamicObstacles("fleet", f.wallMillis(), f.footprints().stream()
                .map(p -> new DynamicObstacle(p.robotId(), p.frame(), p.x(), p.y(), p.radius(), p.ageMillis(),
                        p.stale()))
                .toList());
    }
}
