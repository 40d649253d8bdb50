package mechos.fleet.internal.mqtt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;

/** Small MQTT packets must not wait for delayed ACKs: every socket the fleet's client makes has Nagle off. */
class NoDelaySocketsTest {
    @Test
    void plainAndTlsSocketsHaveNagleOffAndATlsFactoryStaysOne() throws Exception {
        try (Socket s = NoDelaySockets.wrap(null).createSocket()) {
            assertTrue(s.getTcpNoDelay(), "default factory");
        }
        try (Socket s = NoDelaySockets.wrap(SocketFactory.getDefault()).createSocket()) {
            assertTrue(s.getTcpNoDelay(), "given plain factory");
        }
        SocketFactory tls = NoDelaySockets.wrap(SSLSocketFactory.getDefault());
        assertTrue(tls instanceof SSLSocketFactory, "Paho checks an ssl:// URI against an SSLSocketFactory");
        try (Socket s = tls.createSocket()) {
            assertTrue(s.getTcpNoDelay(), "TLS socket");
        }
    }
}
