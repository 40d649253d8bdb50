package mechos.fleet.internal.mqtt;

import javax.net.SocketFactory;

/**
 * How to reach the broker.
 *
 * @param brokerUri          tcp://host:port or ssl://host:port
 * @param clientId           this robot's id
 * @param username           empty for none
 * @param password           empty for none; never logged
 * @param socketFactory      TLS socket factory for ssl:// (null = the JVM default)
 * @param keepAliveSeconds   MQTT keep-alive
 * @param sessionExpirySeconds how long the broker keeps this robot's session (subscriptions, queued QoS 1
 *                           messages) while it is away
 * @param connectTimeoutSeconds bound on one connect attempt
 * @param willTopic          last-will topic (retained)
 * @param willPayload        last-will payload
 * @param outboxCapacity     store-and-forward bound for reliable messages
 */
public record LinkOptions(String brokerUri, String clientId, String username, String password,
        SocketFactory socketFactory, int keepAliveSeconds, long sessionExpirySeconds, int connectTimeoutSeconds,
        String willTopic, byte[] willPayload, int outboxCapacity) {
}
