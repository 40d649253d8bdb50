package mechos.kernel.internal.grants;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS kernel: signed grants",
        description = "Which agents hold which capabilities, and which bundles may act as which agent. Grants are "
                + "accepted only with a valid Ed25519 signature.")
public @interface GrantsConfig {
    @AttributeDefinition(name = "Grant file",
            description = "Signed grant file (JSON); its signature is <file>.sig. Relative paths are resolved against the run directory.")
    String grants__file() default "grants/grants.json";

    @AttributeDefinition(name = "Trusted public key",
            description = "Base64 X.509 encoding of the Ed25519 public key grant files must be signed with. "
                    + "Empty: in development mode the pinned development key is trusted, otherwise nothing is.")
    String trusted__public__key() default "";

    @AttributeDefinition(name = "Development mode",
            description = "When no trusted key is configured: on the very first start of an empty run directory "
                    + "(no grants directory, no pinned key) generate a development key pair under <run dir>/grants, "
                    + "pin its fingerprint, and sign a default grant file for the development agents; afterwards "
                    + "trust only that pinned key (re-pin with mechos:grants pin). Logged at WARN. Switch off on a "
                    + "real robot and configure trusted_public_key.")
    boolean dev__mode() default true;

    @AttributeDefinition(name = "Development agents",
            description = "Agents the development default grant file grants full capabilities to (first start only).")
    String[] dev__agents() default { "operator", "brain" };

    @AttributeDefinition(name = "Development bindings",
            description = "Which bundles may act as which development agent, written into the development default "
                    + "grant file (first start only): agent=bundle symbolic name[,name...]; '*' matches any "
                    + "sequence. A development agent without a binding can be used by no bundle.")
    String[] dev__bindings() default { "brain=mechos.runtime", "operator=mechos.shell,mechos.webconsole,mechos.kernel" };
}
