package mechos.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.fleet.api.FleetHealth;
import mechos.fleet.api.FleetMessage;
import mechos.fleet.api.MarketTask;
import mechos.fleet.internal.market.MarketAgent;
import mechos.fleet.internal.mqtt.LinkOptions;

/**
 * TLS to Mosquitto's TLS listener with a self-signed certificate generated for the test (openssl for the broker's
 * PEM key and certificate, keytool for the robots' PKCS#12 trust store, loaded by the same code as the component's
 * {@code tls.truststore}): robots that trust it see each other and exchange messages; a robot that does not trust
 * it stays OFFLINE with the reason.
 */
class FleetTlsMosquittoTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private Mosquitto broker;
    private final List<FleetNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        nodes.forEach(FleetNode::kill);
        if (broker != null) {
            broker.stop();
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(Path.of(command[0]).getFileName() + ".log").toFile()).start();
        } catch (IOException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(command[0] + " is not installed (cnf/test-packages.txt lists it)", e);
            }
            Assumptions.assumeTrue(false, command[0] + " not installed: TLS test skipped outside CI");
            return;
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: "
                    + Files.readString(dir.resolve(Path.of(command[0]).getFileName() + ".log")));
        }
    }

    private FleetNode node(String id, String uri, SocketFactory tls, List<FleetMessage> inbox) {
        NodeOptions o = new NodeOptions("tls", new LinkOptions(uri, id, "", "", tls, 5, 600, 5, "", new byte[0], 100),
                Set.of("*"), 200, 0.3, 2000, 1.0, 3.0, new MarketAgent.Settings(300, 1500, 300, 300), 50);
        FleetNode n = new FleetNode(o, new FleetNode.Sinks(inbox::add, f -> { }, t -> { }),
                () -> new FleetNode.LocalStatus("map", 0, 0, 0, "NOMINAL", "idle", 0.9), t -> OptionalDouble.empty(),
                new MarketAgent.Listener() {
                    @Override
                    public void started(MarketTask task, int epoch) {
                        // no tasks in this test
                    }

                    @Override
                    public void stopped(MarketTask task, int epoch) {
                        // no tasks in this test
                    }
                }, () -> System.nanoTime() / 1_000_000, System::currentTimeMillis);
        nodes.add(n);
        n.start();
        return n;
    }

    @Test
    void robotsThatTrustTheBrokersCertificateTalkOverTlsOthersStayOffline() throws Exception {
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "broker.key", "-out",
                "broker.crt", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(dir, keytool, "-importcert", "-noprompt", "-alias", "broker", "-file", "broker.crt", "-keystore",
                "trust.p12", "-storetype", "PKCS12", "-storepass", "fleet-test");
        broker = new Mosquitto(dir, "certfile " + dir.resolve("broker.crt") + "\nkeyfile " + dir.resolve("broker.key")
                + "\ntls_version tlsv1.2\n").start();
        String uri = "ssl://127.0.0.1:" + broker.port;
        SocketFactory tls = FleetComponent.tls(dir.resolve("trust.p12").toString(), "fleet-test");

        List<FleetMessage> inbox2 = new CopyOnWriteArrayList<>();
        FleetNode r1 = node("r1", uri, tls, new CopyOnWriteArrayList<>());
        FleetNode r2 = node("r2", uri, tls, inbox2);
        Waits.await("r1 and r2 see each other over TLS", DEADLINE, () -> r1.peer("r2").map(p -> p.online())
                .orElse(false) && r2.peer("r1").map(p -> p.online()).orElse(false));
        assertTrue(r1.broadcast("over tls", "intent-tls"));
        Waits.await("the broadcast arrives", DEADLINE, () -> inbox2.size() == 1);
        assertEquals("over tls", inbox2.get(0).text());

        // the JVM's default trust store does not hold the self-signed certificate
        FleetNode stranger = node("r3", uri, null, new CopyOnWriteArrayList<>());
        Waits.await("a robot that does not trust the certificate keeps failing", DEADLINE,
                () -> stranger.status().health() == FleetHealth.OFFLINE
                        && stranger.status().reason().startsWith("cannot connect"));
        assertTrue(r1.peer("r3").isEmpty(), "never seen by the others");
    }
}
