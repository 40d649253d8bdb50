package mechos.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.fleet.api.FleetHealth;
import mechos.fleet.internal.mqtt.Backoff;
import mechos.fleet.internal.mqtt.FleetLink;
import mechos.fleet.internal.mqtt.LinkOptions;

/**
 * The known defect of issue 19: Paho v5 gives every PUBLISH after the first on a topic only a topic alias (Mosquitto
 * grants 10), and a QoS 1 PUBLISH still unacknowledged when the connection drops was resent on the next connection
 * as it was stored, alias only; aliases do not survive a connection, so Mosquitto disconnected the robot with reason
 * code 130 (protocol error) on every reconnect. Reproduced deterministically with a proxy that swallows the PUBLISH
 * and then cuts the connection.
 */
class FleetLinkResendTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private Mosquitto broker;
    private CutProxy proxy;
    private FleetLink link;
    private MqttClient watcher;
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.kill();
        }
        exec.shutdownNow();
        if (watcher != null) {
            watcher.disconnectForcibly(0, 100, false);
            watcher.close(true);
        }
        if (proxy != null) {
            proxy.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void anUnacknowledgedPublishIsResentWithItsTopicAfterTheConnectionDrops() throws Exception {
        broker = new Mosquitto(dir, "").start();
        proxy = new CutProxy(broker.port);
        List<String> seen = new CopyOnWriteArrayList<>();
        watcher = new MqttClient(broker.uri(), "watcher", null);
        watcher.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                seen.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // the watcher connects directly to the broker; the test does not cut it
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // reported by the assertions on what arrived
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // the watcher publishes nothing
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // nothing to do
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication
            }
        });
        watcher.connect(new MqttConnectionOptions());
        // MqttClient.subscribe(topic, qos, listener) recurses forever in Paho 1.2.5: subscribe, then the callback
        watcher.subscribe("mechos/t/market", 1);

        link = new FleetLink(new LinkOptions(proxy.uri(), "r1", "", "", null, 30, 600, 5, "mechos/t/status/r1",
                new byte[0], 100), exec, new FleetLink.Handler() {
                    @Override
                    public void connected(boolean reconnect, boolean sessionPresent) {
                        // nothing to do
                    }

                    @Override
                    public void message(String topic, byte[] payload) {
                        // nothing subscribed
                    }
                }, new Backoff(50, 200, 0.0, () -> 0.5), List.of());
        link.start();
        Waits.await("online", DEADLINE, () -> link.health() == FleetHealth.ONLINE);
        link.publishReliable("mechos/t/market", "a".getBytes(StandardCharsets.UTF_8));
        Waits.await("a acknowledged (its topic now has an alias on this connection)", DEADLINE,
                () -> seen.contains("a") && link.inFlight() == 0);

        proxy.blackhole(true);
        link.publishReliable("mechos/t/market", "b".getBytes(StandardCharsets.UTF_8));
        Waits.await("b sent, not acknowledged", DEADLINE, () -> link.messagesOut() == 2 && link.inFlight() == 1);
        proxy.cutAll();
        proxy.blackhole(false);

        Waits.await("b delivered after the reconnect", DEADLINE, () -> seen.contains("b"));
        Waits.await("online again, nothing in flight", DEADLINE,
                () -> link.health() == FleetHealth.ONLINE && link.inFlight() == 0);
        assertEquals(List.of("a", "b"), seen);
        link.publishReliable("mechos/t/market", "c".getBytes(StandardCharsets.UTF_8));
        Waits.await("the link keeps working", DEADLINE, () -> seen.contains("c"));
    }
}
