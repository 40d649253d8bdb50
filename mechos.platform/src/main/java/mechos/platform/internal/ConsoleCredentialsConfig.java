package mechos.platform.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS Web Console credentials",
        description = "How MechOS keeps the Felix Web Console off admin/admin. MECHOS_CONSOLE_PASSWORD (environment) "
                + "wins; credentials set on the console's own configuration are left alone; otherwise a password is "
                + "generated on first start and stored owner-only in the run directory.")
public @interface ConsoleCredentialsConfig {
    @AttributeDefinition(name = "User name",
            description = "Console user name when MechOS manages the credentials (MECHOS_CONSOLE_USER overrides).")
    String username() default "admin";

    @AttributeDefinition(name = "Password file",
            description = "File, relative to the run directory, holding the generated console password.")
    String passwordFile() default "console-password";
}
