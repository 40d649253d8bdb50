package mechos.kernel.internal.grants;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gogo command {@code mechos:grants}: {@code grants keygen [dir]}, {@code grants sign <file> <private key>},
 * {@code grants verify <file> <public key>}, {@code grants list}, {@code grants reload}, {@code grants pin}
 * (trust the development key now in {@code grants/dev-public.key}; logged at WARN). Relative paths are
 * resolved against the run directory. Registered by service properties, so there is no Gogo dependency.
 */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=grants" })
public final class GrantsCommand {
    private static final Logger LOG = LoggerFactory.getLogger(GrantsCommand.class);

    private final CapabilityManager manager;
    private final GrantTool tool = new GrantTool(Clock.systemUTC());

    @Activate
    public GrantsCommand(@Reference CapabilityManager manager) {
        this.manager = manager;
    }

    public String grants(String... args) {
        try {
            String cmd = args.length == 0 ? "list" : args[0];
            switch (cmd) {
            case "list": {
                StringBuilder b = new StringBuilder(manager.status());
                manager.grants().forEach(g -> b.append("\n  ").append(GrantTool.format(g)));
                return b.toString();
            }
            case "reload":
                return manager.reload();
            case "pin":
                return manager.pin("the Gogo shell (mechos:grants pin)");
            case "keygen":
                return tool.keygen(path(args.length > 1 ? args[1] : "grants/keys"));
            case "sign":
                if (args.length == 3) {
                    return tool.sign(path(args[1]), path(args[2]));
                }
                break;
            case "verify":
                if (args.length == 3) {
                    return tool.verify(path(args[1]), path(args[2]));
                }
                break;
            default:
                break;
            }
            return GrantTool.USAGE + " | list | reload | pin";
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("mechos:grants {} failed", String.join(" ", args), e);
            return "failed: " + e.getMessage();
        }
    }

    private Path path(String p) {
        Path path = Path.of(p);
        return path.isAbsolute() ? path : manager.home().resolve(path);
    }
}
