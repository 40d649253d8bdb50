package mechos.memory.internal.semantic;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS semantic state",
        description = "Labels with a mean embedding and a confidence that decays with elapsed time.")
public @interface SemanticStateConfig {
    @AttributeDefinition(name = "Half-life (seconds)",
            description = "Time after which an unobserved label's confidence has halved.")
    long halfLifeSeconds() default 600;

    @AttributeDefinition(name = "Observation gain",
            description = "Fraction of the remaining distance to 1 that one observation adds to confidence (0..1].")
    double gain() default 0.3;

    @AttributeDefinition(name = "Prune threshold",
            description = "Labels whose decayed confidence falls below this are forgotten [0..1).")
    double pruneBelow() default 0.05;

    @AttributeDefinition(name = "Embedder target",
            description = "LDAP filter choosing the Embedder service; without a match the built-in lexical "
                    + "embedder is used.")
    String embedder_target() default "(objectClass=*)";
}
