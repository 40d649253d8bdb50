package mechos.kernel.internal.grants;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

import mechos.kernel.api.AgentGrant;

/**
 * Key pair and signing tool, shared by the {@code mechos:grants} Gogo command and the command line:
 *
 * <pre>
 * java -cp mechos.kernel.jar:jackson-databind.jar:jackson-core.jar:jackson-annotations.jar \
 *      mechos.kernel.internal.grants.GrantTool keygen &lt;dir&gt;
 *      ... sign &lt;grants.json&gt; &lt;private.key&gt;
 *      ... verify &lt;grants.json&gt; &lt;public.key&gt;
 * </pre>
 */
public final class GrantTool {
    static final String USAGE = "usage: grants keygen <dir> | sign <grant file> <private key file> | "
            + "verify <grant file> <public key file>";

    private final Clock clock;

    GrantTool(Clock clock) {
        this.clock = clock;
    }

    /** Writes {@code private.key} and {@code public.key} (base64) into {@code dir}. */
    String keygen(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path priv = dir.resolve("private.key");
        Path pub = dir.resolve("public.key");
        if (Files.exists(priv)) {
            return "refusing to overwrite " + priv;
        }
        KeyPair kp = Ed25519.generate();
        Ed25519.writePrivateKey(priv, kp.getPrivate());
        Files.writeString(pub, Ed25519.encode(kp.getPublic()) + "\n");
        return "wrote " + priv + " (keep it secret) and " + pub + "\ntrusted_public_key=" + Ed25519.encode(kp.getPublic());
    }

    String sign(Path grantFile, Path privateKey) throws IOException, GeneralSecurityException {
        Path sig = GrantFile.sign(grantFile, Ed25519.privateKey(Ed25519.read(privateKey)));
        return "signed " + grantFile + " -> " + sig;
    }

    String verify(Path grantFile, Path publicKey) throws IOException, GeneralSecurityException {
        try {
            Map<String, AgentGrant> g = GrantFile.verify(grantFile, Ed25519.publicKey(Ed25519.read(publicKey)),
                    clock.instant());
            StringBuilder b = new StringBuilder("OK: ").append(grantFile).append(" verifies");
            g.values().forEach(a -> b.append("\n  ").append(format(a)));
            return b.toString();
        } catch (GrantException e) {
            return "REJECTED: " + e.getMessage();
        }
    }

    static String format(AgentGrant a) {
        return a.agentId() + " " + a.capabilities()
                + (Double.isFinite(a.maxLinear()) ? " maxLinear=" + a.maxLinear() : "")
                + (Double.isFinite(a.maxAngular()) ? " maxAngular=" + a.maxAngular() : "")
                + " bundles=" + a.bundles()
                + (a.expiresAtMillis() == Long.MAX_VALUE ? "" : " expires=" + java.time.Instant.ofEpochMilli(a.expiresAtMillis()));
    }

    /** Runs one command line; returns the process exit code. */
    int run(String[] args, PrintStream out) {
        try {
            if (args.length == 2 && args[0].equals("keygen")) {
                out.println(keygen(Path.of(args[1])));
            } else if (args.length == 3 && args[0].equals("sign")) {
                out.println(sign(Path.of(args[1]), Path.of(args[2])));
            } else if (args.length == 3 && args[0].equals("verify")) {
                String r = verify(Path.of(args[1]), Path.of(args[2]));
                out.println(r);
                return r.startsWith("OK") ? 0 : 1;
            } else {
                out.println(USAGE + " (got " + Arrays.toString(args) + ")");
                return 2;
            }
            return 0;
        } catch (IOException | GeneralSecurityException e) {
            out.println("failed: " + e);
            return 1;
        }
    }

    /** Command-line entry; prints to standard output because that is what a command-line tool is for. */
    public static void main(String[] args) {
        int code = new GrantTool(Clock.systemUTC()).run(args, System.out);
        if (code != 0) {
            System.exit(code);
        }
    }
}
