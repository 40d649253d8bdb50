package mechos.webconsole.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS console security",
        description = "Protection of the whole /system/console: cross-site request forgery, login backoff, request "
                + "size limits and response headers.")
public @interface GuardConfig {
    /** Configuration PID. */
    String PID = "mechos.webconsole.security";

    @AttributeDefinition(name = "Free failed logins", min = "1", max = "100",
            description = "Failed logins a client may make in a row before it is locked out; every further "
                    + "failure doubles the lockout (1 s, 2 s, 4 s, …).")
    int login__free__failures() default 5;

    @AttributeDefinition(name = "Longest lockout (s)", min = "1", max = "86400",
            description = "The lockout of a client that keeps failing never exceeds this.")
    int login__max__lockout__s() default 300;

    @AttributeDefinition(name = "Largest form (bytes)", min = "1024", max = "10485760",
            description = "A form (application/x-www-form-urlencoded) body larger than this is answered 413.")
    int max__form__bytes() default 200_000;

    @AttributeDefinition(name = "Largest upload (bytes)", min = "1024", max = "1073741824",
            description = "Any other request body (e.g. a bundle upload) larger than this is answered 413.")
    int max__upload__bytes() default 64 * 1024 * 1024;

    @AttributeDefinition(name = "Trusted origins", required = false,
            description = "Further origins (scheme://host:port) whose pages may send state-changing requests, "
                    + "e.g. a reverse proxy's public address. The console's own origin is always trusted.")
    String[] trusted__origins() default {};
}
