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
}
