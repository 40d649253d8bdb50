package mechos.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.fleet.api.FleetHealth;
import mechos.fleet.api.FleetMessage;
import mechos.fleet.api.MarketTask;
import mechos.fleet.internal.market.MarketAgent;
import mechos.fleet.internal.mqtt.LinkOptions;

/**
 * The shipped broker security (cnf/fleet/acl with a Mosquitto password file): robots log in with their id and a
 * password, a wrong password stays OFFLINE with a reason, and a robot cannot publish under another robot's id.
 */
class FleetAclMosquittoTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final List<FleetNode> nodes = new ArrayList<>();
    private Mosquitto broker;

    @AfterEach
    void stop() throws InterruptedException {
        nodes.forEach(FleetNode::kill);
        if (broker != null) {
            broker.stop();
        }
    }

    private void passwords(String... userAndPassword) throws Exception {
        Path pw = dir.resolve("passwd");
        Files.writeString(pw, "");
        for (int i = 0; i < userAndPassword.length; i += 2) {
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", pw.toString(), userAndPassword[i],
                    userAndPassword[i + 1]).redirectErrorStream(true).start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mosquitto_passwd failed");
        }
    }

    private FleetNode node(String id, String password, List<FleetMessage> inbound) {
        NodeOptions o = new NodeOptions("test",
                new LinkOptions(broker.uri(), id, id, password, null, 2, 600, 5, "", new byte[0], 1000),
                Set.of("*"), 200, 0.3, 2000, 1.0, 3.0, new MarketAgent.Settings(300, 1500, 300, 300), 50);
        FleetNode n = new FleetNode(o, new FleetNode.Sinks(inbound::add, f -> { }, t -> { }),
                () -> new FleetNode.LocalStatus("map", 0, 0, 0, "NOMINAL", "idle", 1), t -> OptionalDouble.empty(),
                new MarketAgent.Listener() {
                    @Override
                    public void started(MarketTask task, int epoch) {
                    }

                    @Override
                    public void stopped(MarketTask task, int epoch) {
                    }
                }, () -> System.nanoTime() / 1_000_000, System::currentTimeMillis);
        nodes.add(n);
        n.start();
        return n;
    }

    @Test
    void passwordsAndPerRobotAclHold() throws Exception {
        Mosquitto.binary();
        passwords("r1", "secret-1", "r2", "secret-2");
        Path acl = dir.resolve("acl");
        Files.copy(Path.of("../cnf/fleet/acl"), acl);
        broker = new Mosquitto(dir, "allow_anonymous false\npassword_file " + dir.resolve("passwd") + "\nacl_file "
                + acl + "\n").start();
        List<FleetMessage> in1 = new CopyOnWriteArrayList<>();
        FleetNode r1 = node("r1", "secret-1", in1);
        FleetNode r2 = node("r2", "secret-2", new CopyOnWriteArrayList<>());
        FleetNode bad = node("r3", "wrong", new CopyOnWriteArrayList<>());
        Waits.await("r1 and r2 see each other", DEADLINE,
                () -> r1.peer("r2").isPresent() && r2.peer("r1").isPresent());
        // r3's first attempt may still be under way when r1 and r2 already see each other
        Waits.await("r3 refused with its reason", DEADLINE,
                () -> bad.status().reason().startsWith("cannot connect"));
        assertEquals(FleetHealth.OFFLINE, bad.status().health());

        // r1's credentials, r2's id: the broker refuses to pass it on
        MqttClient raw = new MqttClient(broker.uri(), "r1-forger", null);
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("r1");
            o.setPassword("secret-1".getBytes(StandardCharsets.UTF_8));
            raw.connect(o);
            raw.publish("mechos/test/broadcast/r2", ("{\"from\":\"r2\",\"to\":\"\",\"text\":\"forged\","
                    + "\"intentId\":\"\",\"sentMillis\":1}").getBytes(StandardCharsets.UTF_8), 1, false);
            raw.publish("mechos/test/msg/r1/r1", ("{\"from\":\"r1\",\"to\":\"r1\",\"text\":\"marker\","
                    + "\"intentId\":\"\",\"sentMillis\":2}").getBytes(StandardCharsets.UTF_8), 1, false);
            raw.disconnect();
        } finally {
            raw.close();
        }
        // same connection, same order: once the marker is in, the forged message would have been too
        Waits.await("marker at r1", DEADLINE, () -> in1.stream().anyMatch(m -> m.text().equals("marker")));
        assertFalse(in1.stream().anyMatch(m -> m.text().equals("forged")), "the ACL stops a forged sender id");
    }
}
