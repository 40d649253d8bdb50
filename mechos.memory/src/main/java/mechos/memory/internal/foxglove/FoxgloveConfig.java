package mechos.memory.internal.foxglove;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS Foxglove live view",
        description = "A Foxglove WebSocket server (foxglove.websocket.v1) streaming bus topics to Foxglove Studio: "
                + "connect to ws://<host>:<port>/?token=<the token in the token file>.")
public @interface FoxgloveConfig {
    @AttributeDefinition(name = "Enabled", description = "Run the server.")
    boolean enabled() default false;

    @AttributeDefinition(name = "Host",
            description = "Address to listen on. 127.0.0.1 (default) keeps it on this machine; 0.0.0.0 opens it to "
                    + "the network (the token is then the only protection, and it travels unencrypted).")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "TCP port (Foxglove's default is 8765).", min = "1",
            max = "65535")
    int port() default 8765;

    @AttributeDefinition(name = "Topics",
            description = "Topic names to offer; '*' matches any characters. Empty offers all.")
    String[] topics() default {};

    @AttributeDefinition(name = "Client queue",
            description = "Messages queued per client; beyond it the oldest are dropped (a slow client never "
                    + "slows the robot).", min = "1", max = "100000")
    int clientQueue() default 256;

    @AttributeDefinition(name = "Token file",
            description = "File holding the access token; empty for foxglove.token in the run directory. Created "
                    + "with a random token (owner-only permissions) if missing.")
    String tokenFile() default "";

    @AttributeDefinition(name = "Parameter PIDs",
            description = "Configuration PIDs whose keys a Foxglove client may read and set (Parameters panel, names "
                    + "<pid>/<key>), through Config Admin like mechos:param set: existing keys only, types kept, "
                    + "secret keys never shown; the component's own checks (the kernel's safety envelope) apply or "
                    + "refuse a value. Empty offers no parameters.")
    String[] parameterPids() default { "mechos.kernel" };

    @AttributeDefinition(name = "Client publishing (teleop)",
            description = "Let a client publish drive commands (geometry_msgs/Twist-like JSON: linear.x m/s, "
                    + "angular.z rad/s) on the teleop topic. Each becomes a Drive intent submitted to the kernel as "
                    + "operator:foxglove (never to a driver); the kernel accepts it only if the signed grants bind "
                    + "the operator agent to this bundle (mechos.memory). Off by default.")
    boolean teleop() default false;

    @AttributeDefinition(name = "Teleop topic",
            description = "The topic a client must advertise to publish drive commands (Foxglove's Teleop panel "
                    + "defaults to /cmd_vel).")
    String teleopTopic() default "/cmd_vel";
}
