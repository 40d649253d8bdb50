package mechos.memory.internal.episodic;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS episodic memory",
        description = "What the robot lived through: retention of episodes.")
public @interface EpisodicMemoryConfig {
    @AttributeDefinition(name = "Maximum episodes",
            description = "Keep at most this many episodes (the oldest are pruned first); 0 for no limit.")
    long maxCount() default 100_000;

    @AttributeDefinition(name = "Maximum age (seconds)",
            description = "Prune episodes older than this; 0 for no limit.")
    long maxAgeSeconds() default 0;

    @AttributeDefinition(name = "Embedder target",
            description = "LDAP filter choosing the Embedder service, e.g. (mechos.embedder.id=ollama*); "
                    + "without a match the built-in lexical embedder is used.")
    String embedder_target() default "(objectClass=*)";
}
