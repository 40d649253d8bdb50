package mechos.fleet.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS fleet",
        description = "Joins a fleet of robots over an MQTT 5 broker (Mosquitto): presence, peer messages, task"
                + " market. The fleet is off while this configuration does not exist; a single robot runs as before.")
public @interface FleetConfig {
    @AttributeDefinition(name = "Robot id", description = "This robot's id in the fleet and its MQTT client id;"
            + " 1-64 of A-Z a-z 0-9 _ . -. With a broker ACL it can publish only under this id.")
    String robot_id();

    @AttributeDefinition(name = "Fleet", description = "Fleet name: topics live under mechos/<fleet>/.")
    String fleet() default "default";

    @AttributeDefinition(name = "Broker URI", description = "tcp://host:port, or ssl://host:port for TLS.")
    String broker_uri() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(name = "Username", description = "Broker user (Mosquitto password file); empty = none.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, description = "Broker password; never"
            + " logged.")
    String password() default "";

    @AttributeDefinition(name = "TLS trust store", description = "PKCS#12 trust store with the broker's CA for"
            + " ssl:// URIs (relative to the working directory); empty = the JVM's default trust.")
    String tls_truststore() default "";

    @AttributeDefinition(name = "TLS trust store password", type = AttributeType.PASSWORD,
            description = "Password of the trust store.")
    String tls_truststore_password() default "";

    @AttributeDefinition(name = "Keep-alive (s)", min = "1", max = "600", description = "MQTT keep-alive; the"
            + " broker publishes this robot's last will about 1.5 keep-alives after it went silent.")
    int keep_alive_s() default 5;

    @AttributeDefinition(name = "Session expiry (s)", min = "0", max = "86400", description = "How long the broker"
            + " keeps this robot's session and queued QoS 1 messages while it is away.")
    long session_expiry_s() default 600;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "60")
    int connect_timeout_s() default 5;

    @AttributeDefinition(name = "Presence period (ms)", min = "50", max = "60000", description = "Status rate;"
            + " a status is also sent on every safety state change.")
    long presence_period_ms() default 500;

    @AttributeDefinition(name = "Map frame", description = "Name of the shared map frame the pose is given in.")
    String frame() default "map";

    @AttributeDefinition(name = "Footprint radius (m)", min = "0.05", max = "5")
    double radius_m() default 0.3;

    @AttributeDefinition(name = "Peer TTL (ms)", min = "100", max = "60000", description = "A peer status older"
            + " than this is stale: its footprint is flagged and grows with its age.")
    long peer_ttl_ms() default 2000;

    @AttributeDefinition(name = "Peer speed (m/s)", min = "0", max = "10", description = "How fast a peer may have"
            + " moved since its status: a footprint grows by this × age.")
    double peer_speed() default 1.0;

    @AttributeDefinition(name = "Peer footprint limit (m)", min = "0.05", max = "50")
    double peer_max_radius_m() default 3.0;

    @AttributeDefinition(name = "Allowed peers", description = "Robots whose messages and market events are"
            + " accepted ('*' = every robot of the fleet); an entry may be a comma-separated list. Anything else is"
            + " dropped and counted. Empty (the default) = nobody.")
    String[] allowed_peers() default {};

    @AttributeDefinition(name = "Bid window (ms)", min = "50", max = "60000")
    long bid_window_ms() default 400;

    @AttributeDefinition(name = "Lease (ms)", min = "300", max = "600000", description = "A won task's lease;"
            + " the holder renews it every renew period and stops when it cannot.")
    long lease_ms() default 3000;

    @AttributeDefinition(name = "Lease grace (ms)", min = "0", max = "60000", description = "Others wait lease +"
            + " grace without a renewal before they take a task away.")
    long lease_grace_ms() default 300;

    @AttributeDefinition(name = "Renew period (ms)", min = "50", max = "200000", description = "At most lease/3.")
    long renew_ms() default 750;

    @AttributeDefinition(name = "Store-and-forward capacity", min = "1", max = "1000000", description = "Reliable"
            + " messages kept while offline; more are refused (never silently dropped).")
    int outbox_capacity() default 1000;

    @AttributeDefinition(name = "Inbound messages kept", min = "1", max = "10000")
    int inbound_kept() default 50;
}
