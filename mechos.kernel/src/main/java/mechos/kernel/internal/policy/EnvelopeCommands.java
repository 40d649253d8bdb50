package mechos.kernel.internal.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import mechos.kernel.internal.grants.CapabilityManager;

/**
 * Gogo command {@code mechos:envelope}: shows the envelope in force, or writes it as a template file to edit and
 * sign ({@code mechos:envelope export <file>}, then {@code mechos:grants sign <file> <private key>}).
 */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=envelope" })
public final class EnvelopeCommands {
    static final String USAGE = "usage: envelope [show] | envelope export <file>  (then sign it like the grants and set "
            + EnvelopeService.PID + " envelope_file)";

    private final EnvelopeService envelopes;
    private final Path home;

    @Activate
    public EnvelopeCommands(@Reference EnvelopeService envelopes, @Reference CapabilityManager grants) {
        this(envelopes, grants.home());
    }

    EnvelopeCommands(EnvelopeService envelopes, Path home) {
        this.envelopes = envelopes;
        this.home = home;
    }

    public String envelope(String... args) {
        if (args.length == 0 || (args.length == 1 && "show".equals(args[0]))) {
            return show();
        }
        if (args.length == 2 && "export".equals(args[0])) {
            return export(args[1]);
        }
        return USAGE;
    }

    private String show() {
        SafetyEnvelope e = envelopes.envelope();
        StringBuilder b = new StringBuilder("safety envelope: ").append(envelopes.status());
        b.append("\n  required rules: ").append(new java.util.TreeSet<>(e.requiredRules()));
        b.append("\n  operators: ").append(new java.util.TreeSet<>(e.allowedOperators()));
        b.append("\n  watched sensor kinds: ").append(new java.util.TreeSet<>(e.watchedSensorKinds()));
        for (String pid : e.pids()) {
            b.append("\n  ").append(pid);
            for (Map.Entry<String, SafetyEnvelope.Range> r : new TreeMap<>(e.ranges(pid)).entrySet()) {
                b.append("\n    ").append(r.getKey()).append(' ').append(r.getValue().describe());
            }
        }
        return b.toString();
    }

    private String export(String name) {
        Path p = Path.of(name);
        Path file = p.isAbsolute() ? p : home.resolve(p);
        if (Files.exists(file)) {
            return "refusing to overwrite " + file;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, EnvelopeFile.write(envelopes.envelope(), "edit me: this robot's safety envelope"));
            return "wrote " + file + " (the envelope in force); edit it, sign it like the grants "
                    + "(mechos:grants sign " + file + " <private key>) and set " + EnvelopeService.PID
                    + " envelope_file";
        } catch (IOException | RuntimeException e) {
            return "cannot write " + file + ": " + e.getMessage();
        }
    }
}
