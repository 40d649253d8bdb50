package mechos.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.fleet.api.FleetMessage;
import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskPhase;
import mechos.fleet.api.TaskView;
import mechos.fleet.internal.market.MarketAgent;
import mechos.fleet.internal.mqtt.LinkOptions;

/**
 * Fleet members against a real Mosquitto started by the test on a free loopback port: presence and last will,
 * broadcast and direct messages, grants and forged ids, the market's award, re-award after the winner's crash, and
 * a broker restart in the middle of a task, counting executions.
 */
class FleetNodeMosquittoTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final long T0 = System.nanoTime();

    @TempDir
    Path dir;
    private final List<FleetNode> nodes = new ArrayList<>();
    private final Map<String, List<FleetMessage>> inbound = new ConcurrentHashMap<>();
    /** task id → robots executing it right now */
    private final Map<String, Set<String>> running = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger starts = new AtomicInteger();
    private Mosquitto broker;

    @AfterEach
    void stop() throws InterruptedException {
        nodes.forEach(FleetNode::kill);
        if (broker != null) {
            broker.stop();
        }
    }

    private FleetNode node(String id, double cost, Set<String> allowed) {
        inbound.put(id, new CopyOnWriteArrayList<>());
        NodeOptions o = new NodeOptions("test",
                new LinkOptions(broker.uri(), id, "", "", null, 2, 600, 5, "", new byte[0], 10_000), allowed, 200,
                0.3, 2000, 1.0, 3.0, new MarketAgent.Settings(300, 1500, 300, 300), 50);
        FleetNode n = new FleetNode(o,
                new FleetNode.Sinks(m -> inbound.get(id).add(m), f -> { }, t -> { }),
                () -> new FleetNode.LocalStatus("map", cost, 0, 0, "NOMINAL", "idle", 0.9),
                t -> cost < 0 ? OptionalDouble.empty() : OptionalDouble.of(cost), new MarketAgent.Listener() {
                    @Override
                    public void started(MarketTask task, int epoch) {
                        starts.incrementAndGet();
                        Set<String> r = running.computeIfAbsent(task.taskId(), k -> ConcurrentHashMap.newKeySet());
                        r.add(id);
                        if (r.size() > 1) {
                            overlaps.incrementAndGet();
                        }
                    }

                    @Override
                    public void stopped(MarketTask task, int epoch) {
                        running.getOrDefault(task.taskId(), Set.of()).remove(id);
                    }
                }, () -> (System.nanoTime() - T0) / 1_000_000, System::currentTimeMillis);
        nodes.add(n);
        n.start();
        return n;
    }

    private static boolean seesOnline(FleetNode n, String peer) {
        return n.peer(peer).map(p -> p.online()).orElse(false);
    }

    private static TaskView view(FleetNode n, String task) {
        return n.tasks().stream().filter(v -> v.task().taskId().equals(task)).findFirst().orElse(null);
    }

    private static MarketTask task(String id, String poster) {
        return new MarketTask(id, "goto", "fetch", "", 1, 2, "", 0, poster);
    }

    private String executor(String task) {
        Set<String> r = running.getOrDefault(task, Set.of());
        return r.size() == 1 ? r.iterator().next() : null;
    }

    @Test
    void presenceMessagesGrantsForgedIdsAndLastWill() throws Exception {
        broker = new Mosquitto(dir, "").start();
        Set<String> grants = Set.of("r1", "r2", "r3");
        FleetNode r1 = node("r1", 1, grants);
        FleetNode r2 = node("r2", 1, grants);
        FleetNode r3 = node("r3", 1, grants);
        FleetNode intruder = node("r4", 1, Set.of("*"));
        for (FleetNode a : List.of(r1, r2, r3)) {
            for (FleetNode b : List.of(r1, r2, r3)) {
                if (a != b) {
                    Waits.await(a.self() + " sees " + b.self(), DEADLINE, () -> seesOnline(a, b.self()));
                }
            }
        }
        assertEquals(1.0, r1.peer("r2").orElseThrow().x(), 1e-9, "the pose travels with the status");

        assertTrue(r1.broadcast("hello fleet", "intent-1"));
        assertTrue(r1.send("r3", "only for r3", "intent-2"));
        Waits.await("broadcast at r2 and r3", DEADLINE,
                () -> inbound.get("r2").size() == 1 && inbound.get("r3").size() == 2);
        assertEquals("intent-1", inbound.get("r2").get(0).intentId());
        assertEquals("r1", inbound.get("r2").get(0).from());
        assertTrue(inbound.get("r1").isEmpty(), "no echo of one's own broadcast");

        // a robot outside the grants is heard by nobody
        intruder.broadcast("let me in", "x");
        Waits.await("r1 drops the intruder", DEADLINE, () -> r1.status().droppedInbound() >= 1);
        // a forged sender: a raw client publishes a message claiming to be r2 under r4's id
        MqttClient raw = new MqttClient(broker.uri(), "forger", null);
        try {
            raw.connect(new MqttConnectionOptions());
            raw.publish("mechos/test/broadcast/r4", ("{\"from\":\"r2\",\"to\":\"\",\"text\":\"forged\","
                    + "\"intentId\":\"\",\"sentMillis\":1}").getBytes(StandardCharsets.UTF_8), 1, false);
            raw.publish("mechos/test/broadcast/r2", "not json".getBytes(StandardCharsets.UTF_8), 1, false);
            raw.disconnect();
        } finally {
            raw.close();
        }
        Waits.await("forged and malformed dropped at r3", DEADLINE, () -> r3.status().droppedInbound() >= 3);
        assertEquals(2, inbound.get("r3").size(), "nothing from the intruder, the forger or the garbage");
        assertTrue(r1.recentInbound(10).isEmpty());
        assertEquals(1, r2.recentInbound(10).size());

        // last will: r3 dies without a clean disconnect
        r3.kill();
        Waits.await("r1 sees r3 offline (last will)", DEADLINE, () -> !seesOnline(r1, "r3"));
        assertEquals(1.0, r1.peer("r3").orElseThrow().x(), 1e-9, "a dead robot's last pose stays an obstacle");
        assertTrue(r1.footprints().footprints().stream().anyMatch(f -> f.robotId().equals("r3") && f.stale()));
    }

    @Test
    void awardedToTheCheapestThenReawardedAfterTheWinnerIsKilled() throws Exception {
        broker = new Mosquitto(dir, "").start();
        Set<String> all = Set.of("*");
        FleetNode r1 = node("r1", 3, all);
        FleetNode r2 = node("r2", 1, all);
        FleetNode r3 = node("r3", 2, all);
        Waits.await("connected", DEADLINE, () -> seesOnline(r1, "r2") && seesOnline(r1, "r3")
                && seesOnline(r2, "r3") && seesOnline(r3, "r1"));
        r1.post(task("t1", "r1"));
        Waits.await("r2 executes t1", DEADLINE, () -> "r2".equals(executor("t1")));
        assertEquals("r2", view(r1, "t1").holder());

        r2.kill();
        running.get("t1").remove("r2"); // a killed process executes nothing
        Waits.await("t1 re-awarded to r3 and executed there", DEADLINE, () -> "r3".equals(executor("t1")));
        assertTrue(view(r1, "t1").epoch() >= 2, "a new lease epoch");
        assertTrue(r3.complete("t1"));
        assertFalse(r1.complete("t1"), "only the holder can complete");
        Waits.await("t1 done at r1 and r3", DEADLINE, () -> view(r1, "t1").phase() == TaskPhase.DONE
                && view(r3, "t1").phase() == TaskPhase.DONE);
        assertEquals(0, overlaps.get(), "never two executors at once");
        assertEquals(2, starts.get(), "r2, then r3");
        assertTrue(r1.status().leaseExpiries() >= 1);
    }

    @Test
    void aBrokerRestartMidTaskLosesNothingAndDuplicatesNothing() throws Exception {
        broker = new Mosquitto(dir, "").start();
        Set<String> all = Set.of("*");
        FleetNode r1 = node("r1", 3, all);
        FleetNode r2 = node("r2", 1, all);
        FleetNode r3 = node("r3", 2, all);
        Waits.await("connected", DEADLINE, () -> seesOnline(r1, "r2") && seesOnline(r1, "r3")
                && seesOnline(r2, "r3") && seesOnline(r3, "r1"));
        r1.post(task("t1", "r1"));
        Waits.await("r2 executes t1", DEADLINE, () -> "r2".equals(executor("t1")));

        broker.stop();
        Waits.await("everyone offline", DEADLINE, () -> nodes.stream()
                .allMatch(n -> n.status().health() == mechos.fleet.api.FleetHealth.OFFLINE));
        Waits.await("r2 stops when its lease cannot be renewed", DEADLINE, () -> executor("t1") == null);
        broker.start();
        Waits.await("everyone back", DEADLINE, () -> nodes.stream()
                .allMatch(n -> n.status().health() == mechos.fleet.api.FleetHealth.ONLINE));
        Waits.await("t1 executed again by one robot", DEADLINE, () -> executor("t1") != null);
        String holder = executor("t1");
        FleetNode h = nodes.stream().filter(n -> n.self().equals(holder)).findFirst().orElseThrow();
        Waits.await("the holder completes", DEADLINE, () -> h.complete("t1"));
        Waits.await("t1 done everywhere", DEADLINE,
                () -> nodes.stream().allMatch(n -> view(n, "t1") != null && view(n, "t1").phase() == TaskPhase.DONE));
        assertEquals(0, overlaps.get(), "never two executors at once");
        assertTrue(nodes.stream().allMatch(n -> n.status().reconnects() >= 1));
        assertEquals(1, nodes.stream().map(n -> view(n, "t1").holder()).distinct().count(), "one history");
    }

    @Test
    void robotsThatJoinAfterThePostLearnTheTaskBidAndKnowTheHolder() throws Exception {
        broker = new Mosquitto(dir, "").start();
        Set<String> all = Set.of("*");
        FleetNode r1 = node("r1", -1, all); // refuses: nobody present can do the task, rounds reopen
        FleetNode r2 = node("r2", -1, all);
        Waits.await("connected", DEADLINE, () -> seesOnline(r1, "r2") && seesOnline(r2, "r1"));
        r1.post(task("t1", "r1"));
        Waits.await("round 2 opened (everybody refused round 1)", DEADLINE, () -> view(r2, "t1") != null
                && view(r2, "t1").round() >= 2);

        FleetNode r3 = node("r3", 4, all); // joins after the post: learns t1 from a peer's state, bids, wins
        Waits.await("r3 executes t1", DEADLINE, () -> "r3".equals(executor("t1")));
        assertEquals("r3", view(r1, "t1").holder());

        FleetNode r4 = node("r4", 2, all); // joins while r3 holds it: knows the holder and the epoch
        Waits.await("r4 knows t1 is held by r3", DEADLINE, () -> view(r4, "t1") != null
                && "r3".equals(view(r4, "t1").holder()));
        assertEquals(view(r1, "t1").epoch(), view(r4, "t1").epoch());

        // the robots that saw the post leave: the task lives on with the joiners
        r1.kill();
        r2.kill();
        r3.kill();
        running.get("t1").remove("r3"); // a killed process executes nothing
        Waits.await("t1 re-awarded to r4 (joined late) and executed there", DEADLINE,
                () -> "r4".equals(executor("t1")));
        assertTrue(r4.complete("t1"));
        Waits.await("t1 done at r4", DEADLINE, () -> view(r4, "t1").phase() == TaskPhase.DONE);
        assertEquals(0, overlaps.get(), "never two executors at once");
    }

    @Test
    void aQoS1MessageDeliveredTwiceIsShownOnce() throws Exception {
        broker = new Mosquitto(dir, "").start();
        FleetNode r1 = node("r1", 1, Set.of("r2"));
        Waits.await("r1 online", DEADLINE, () -> r1.status().health() == mechos.fleet.api.FleetHealth.ONLINE);
        // what a sender's resend after a lost PUBACK looks like at the receiver: the same message twice
        byte[] payload = ("{\"from\":\"r2\",\"to\":\"r1\",\"text\":\"dock 3 is free\",\"intentId\":\"i-7\","
                + "\"sentMillis\":1700000000000}").getBytes(StandardCharsets.UTF_8);
        MqttClient raw = new MqttClient(broker.uri(), "r2", null);
        try {
            raw.connect(new MqttConnectionOptions());
            raw.publish("mechos/test/msg/r1/r2", payload, 1, false);
            raw.publish("mechos/test/msg/r1/r2", payload, 1, false);
            raw.publish("mechos/test/msg/r1/r2", ("{\"from\":\"r2\",\"to\":\"r1\",\"text\":\"marker\","
                    + "\"intentId\":\"i-8\",\"sentMillis\":1700000000001}").getBytes(StandardCharsets.UTF_8), 1,
                    false);
            raw.disconnect();
        } finally {
            raw.close();
        }
        Waits.await("the marker after both copies arrived", DEADLINE,
                () -> inbound.get("r1").stream().anyMatch(m -> m.text().equals("marker")));
        assertEquals(List.of("dock 3 is free", "marker"), inbound.get("r1").stream().map(FleetMessage::text).toList(),
                "the duplicate is published on the bus once");
        assertEquals(2, r1.recentInbound(10).size(), "and kept once for the brain's prompt");
        assertTrue(r1.status().messagesIn() >= 3, "all three copies did arrive");
    }
}
