package mechos.webconsole.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS metrics scrape endpoint",
        description = "A read-only Prometheus endpoint at /metrics with its own credential, so that a scraper does "
                + "not need the console login (which can e-stop, drive and install bundles). Disabled while the "
                + "password is empty.")
public @interface ScrapeConfig {
    /** Configuration PID. */
    String PID = "mechos.webconsole.metrics";

    @AttributeDefinition(name = "Scrape user", description = "User name of the scrape credential (HTTP Basic).")
    String scrape__user() default "prometheus";

    @AttributeDefinition(name = "Scrape password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the scrape credential (Basic), also accepted as a Bearer token. At least "
                    + "12 characters; empty disables the endpoint (404).")
    String scrape__password() default "";
}
