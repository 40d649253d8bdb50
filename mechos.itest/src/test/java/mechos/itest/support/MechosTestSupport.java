package mechos.itest.support;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.bundleStartLevel;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Shared Pax Exam configuration: boots the exact bundle set and framework properties of the exported robot
 * ({@code mechos.app/target/run.jar}) in a real Felix, with a fresh run directory and a free HTTP port per test
 * class. Use from an IT:
 *
 * <pre>
 * &#64;Configuration
 * public Option[] config() {
 *     return MechosTestSupport.options(bsn -&gt; !bsn.equals("mechos.hal.sim"));
 * }
 * </pre>
 *
 * The bundle list is read from the jar's {@code launcher.properties}, so a bundle added to run.bndrun is in
 * every IT without changing this class.
 */
public final class MechosTestSupport {
    /** Console user: the platform's default user name (mechos.platform.console username). */
    public static final String CONSOLE_USER = "admin";
    /** Console password the ITs give the platform (framework property form of MECHOS_CONSOLE_PASSWORD). */
    public static final String CONSOLE_PASSWORD = "itest-secret-9";

    private MechosTestSupport() {
    }

    /** @return the exported robot jar */
    public static Path runJar() {
        String p = System.getProperty("mechos.runjar");
        if (p == null) {
            throw new IllegalStateException("system property mechos.runjar is not set (run through Maven failsafe)");
        }
        return Paths.get(p).toAbsolutePath();
    }

    /** @return a work directory for this build's ITs (target/itest-work) */
    public static Path workDir() {
        return Paths.get(System.getProperty("mechos.itest.work", "target/itest-work")).toAbsolutePath();
    }

    /**
     * One bundle of run.jar: its symbolic name, the extracted file, whether it is a fragment, and its start level
     * (0 when run.jar gives none).
     */
    public record RunBundle(String symbolicName, Path file, boolean fragment, int startLevel) {
    }

    /** The launch description of run.jar: bundles in launch order and the framework (run) properties. */
    public record RunDescription(List<RunBundle> bundles, Map<String, String> runProperties) {
    }

    /** Extracts run.jar's bundles (once per JVM and jar version) and reads its launcher.properties. */
    public static synchronized RunDescription describeRunJar() {
        Path jar = runJar();
        try {
            Path dir = workDir().resolve("runjar-" + Files.getLastModifiedTime(jar).toMillis());
            Files.createDirectories(dir);
            Properties launch = new Properties();
            List<RunBundle> bundles = new ArrayList<>();
            try (JarFile jf = new JarFile(jar.toFile())) {
                try (InputStream in = jf.getInputStream(jf.getEntry("launcher.properties"))) {
                    launch.load(in);
                }
                Map<String, Integer> levels = startLevels(launch.getProperty("launch.runbundles.attrs", ""));
                for (String entry : launch.getProperty("launch.bundles", "").split(",")) {
                    if (entry.isBlank()) {
                        continue;
                    }
                    JarEntry je = jf.getJarEntry(entry.trim());
                    if (je == null) {
                        throw new IllegalStateException("run.jar lists " + entry + " but does not contain it");
                    }
                    Path target = dir.resolve(Paths.get(entry.trim()).getFileName().toString());
                    if (!Files.exists(target) || Files.size(target) != je.getSize()) {
                        try (InputStream in = jf.getInputStream(je)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                    Manifest mf = manifest(target);
                    String bsn = symbolicName(target, mf);
                    bundles.add(new RunBundle(bsn, target, mf.getMainAttributes().getValue("Fragment-Host") != null,
                            levels.getOrDefault(bsn, 0)));
                }
            }
            Map<String, String> props = new LinkedHashMap<>();
            for (Enumeration<?> e = launch.propertyNames(); e.hasMoreElements();) {
                String k = (String) e.nextElement();
                if (!k.startsWith("launch.")) {
                    props.put(k, launch.getProperty(k));
                }
            }
            return new RunDescription(List.copyOf(bundles), props);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** Parses bnd's {@code launch.runbundles.attrs}: {@code bsn;version="..";startlevel=N,...}. */
    static Map<String, Integer> startLevels(String attrs) {
        Map<String, Integer> levels = new LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?:^|,)([^;,]+);version=\"[^\"]*\";startlevel=(\\d+)").matcher(attrs);
        while (m.find()) {
            levels.put(m.group(1).trim(), Integer.parseInt(m.group(2)));
        }
        return levels;
    }

    private static Manifest manifest(Path bundleJar) throws IOException {
        try (JarFile jf = new JarFile(bundleJar.toFile())) {
            Manifest mf = jf.getManifest();
            if (mf == null) {
                throw new IllegalStateException(bundleJar + " has no manifest");
            }
            return mf;
        }
    }

    private static String symbolicName(Path bundleJar, Manifest mf) {
        String bsn = mf.getMainAttributes().getValue("Bundle-SymbolicName");
        if (bsn == null) {
            throw new IllegalStateException(bundleJar + " has no Bundle-SymbolicName");
        }
        int semi = bsn.indexOf(';');
        return (semi < 0 ? bsn : bsn.substring(0, semi)).trim();
    }

    /** {@link #options(Predicate, Option...)} with no extra options. */
    public static Option[] options(Predicate<String> includeBundle) {
        return options(includeBundle, new Option[0]);
    }

    /**
     * The base options: run.jar's bundles whose symbolic name {@code includeBundle} accepts, run.jar's
     * framework properties, a fresh run directory, a free HTTP port and known console credentials.
     *
     * @param extra further options (e.g. {@code frameworkProperty(...)}, {@code streamBundle(...)})
     */
    public static Option[] options(Predicate<String> includeBundle, Option... extra) {
        RunDescription run = describeRunJar();
        List<Option> opts = new ArrayList<>();
        opts.add(cleanCaches());
        opts.add(systemTimeout(TimeUnit.MINUTES.toMillis(2)));
        opts.add(junitBundles());
        Path home = freshRunDirectory();
        provisionTestGrants(home);
        int port = freePort();
        run.runProperties().forEach((k, v) -> {
            if (!k.equals("org.osgi.service.http.port") && !k.equals("org.osgi.framework.startlevel.beginning")) {
                opts.add(frameworkProperty(k).value(v));
            }
        });
        opts.add(frameworkProperty("org.osgi.service.http.port").value(Integer.toString(port)));
        opts.add(frameworkProperty("mechos.home").value(home.toString()));
        // Logback reads system properties only; the native container shares the test JVM.
        opts.add(systemProperty("mechos.home").value(home.toString()));
        opts.add(frameworkProperty("mechos.console.password").value(CONSOLE_PASSWORD));
        // run.jar's start levels (configuration before components); the test probe starts after all of them
        int top = 1;
        for (RunBundle b : run.bundles()) {
            if (includeBundle.test(b.symbolicName())) {
                var option = bundle(b.file().toUri().toString()).start(!b.fragment());
                if (b.startLevel() > 0) {
                    option = option.startLevel(b.startLevel());
                    top = Math.max(top, b.startLevel());
                }
                opts.add(option);
            }
        }
        opts.add(frameworkStartLevel(top + 2));
        opts.add(bundleStartLevel(top + 1));
        opts.addAll(List.of(extra));
        return opts.toArray(new Option[0]);
    }

    /** Bundle-SymbolicName pattern of Pax Exam's test probe (DefaultExamSystem: "PAXEXAM-PROBE-" + a UUID). */
    public static final String PROBE_BUNDLES = "PAXEXAM-PROBE-*";
    /** An agent with every capability that no bundle is bound to: submitting as it is an identity violation. */
    public static final String UNBOUND_AGENT = "itest-unbound";

    /**
     * Signed grants for the ITs, in production mode (a test key as {@code trusted_public_key}, {@code dev_mode=false}
     * in {@code conf/mechos.kernel.grants.cfg}): the kernel binds each agent to the bundles that may act as it, and
     * the test probe submits intents as {@code brain} and {@code operator} too. The bindings of the robot's own
     * bundles are the development defaults.
     */
    static void provisionTestGrants(Path home) {
        try {
            java.security.KeyPair kp = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            String caps = "[\"drive:*\",\"relay:*\",\"effector:*\",\"joint:*\",\"sensor:*\",\"model:*\","
                    + "\"memory:*\",\"fleet:*\",\"tasks:*\",\"human:*\"]";
            String json = "{\"version\":1,\"issuedAt\":\"2026-01-01T00:00:00Z\",\"grants\":["
                    + "{\"agent\":\"operator\",\"capabilities\":" + caps + ",\"bundles\":[\"mechos.shell\","
                    + "\"mechos.webconsole\",\"mechos.kernel\",\"" + PROBE_BUNDLES + "\"]},"
                    + "{\"agent\":\"brain\",\"capabilities\":" + caps + ",\"bundles\":[\"mechos.runtime\",\""
                    + PROBE_BUNDLES + "\"]},"
                    + "{\"agent\":\"" + UNBOUND_AGENT + "\",\"capabilities\":[\"*\"],\"bundles\":[]}]}\n";
            byte[] data = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.security.Signature sig = java.security.Signature.getInstance("Ed25519");
            sig.initSign(kp.getPrivate());
            sig.update(data);
            java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
            Path grants = home.resolve("grants");
            Files.createDirectories(grants);
            Files.write(grants.resolve("grants.json"), data);
            Files.writeString(grants.resolve("grants.json.sig"), b64.encodeToString(sig.sign()) + "\n");
            Path conf = home.resolve("conf");
            Files.createDirectories(conf);
            Files.writeString(conf.resolve("mechos.kernel.grants.cfg"), "# written by MechosTestSupport\n"
                    + "grants_file=grants/grants.json\ndev_mode=false\ntrusted_public_key="
                    + b64.encodeToString(kp.getPublic().getEncoded()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the IT grants", e);
        }
    }

    /** @return a new empty run directory under the IT work dir */
    public static Path freshRunDirectory() {
        try {
            Path base = workDir().resolve("homes");
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "home-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a TCP port that was free on 127.0.0.1 a moment ago */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the HTTP port the framework was configured with (inside the framework) */
    public static int httpPort(BundleContext bc) {
        return Integer.parseInt(bc.getProperty("org.osgi.service.http.port"));
    }

    /** @return the bundle context of the calling test class (inside the framework) */
    public static BundleContext context(Class<?> testClass) {
        return FrameworkUtil.getBundle(testClass).getBundleContext();
    }

    /**
     * Waits for a service.
     *
     * @param filter an LDAP filter on top of the type, or null
     * @throws AssertionError naming the service if it does not appear within the timeout
     */
    public static <T> T awaitService(BundleContext bc, Class<T> type, String filter, Duration timeout) {
        try {
            String f = "(objectClass=" + type.getName() + ")";
            if (filter != null && !filter.isBlank()) {
                f = "(&" + f + filter + ")";
            }
            ServiceTracker<T, T> tracker = new ServiceTracker<>(bc, bc.createFilter(f), null);
            tracker.open();
            T service = tracker.waitForService(timeout.toMillis());
            if (service == null) {
                tracker.close();
                throw new AssertionError("service " + f + " did not appear within " + timeout);
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + type.getName(), e);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + filter, e);
        }
    }

    /**
     * @return one line per DS component of the bundles whose symbolic name starts with {@code bsnPrefix}: name,
     *         state of each configuration and, for unsatisfied ones, the missing references and the failure
     */
    public static String scrState(BundleContext bc, String bsnPrefix) {
        var ref = bc.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
        if (ref == null) {
            return "no ServiceComponentRuntime";
        }
        var scr = bc.getService(ref);
        StringBuilder b = new StringBuilder();
        for (var desc : scr.getComponentDescriptionDTOs()) {
            if (!desc.bundle.symbolicName.startsWith(bsnPrefix)) {
                continue;
            }
            var configs = scr.getComponentConfigurationDTOs(desc);
            b.append('\n').append(desc.name).append(configs.isEmpty() ? " (no configuration)" : "");
            for (var c : configs) {
                b.append(" state=").append(c.state);
                for (var u : c.unsatisfiedReferences) {
                    b.append(" unsatisfied:").append(u.name);
                }
                if (c.failure != null) {
                    b.append(" failure: ").append(c.failure);
                }
            }
        }
        return b.toString();
    }

    /**
     * Polls {@code condition} every 10 ms until it holds.
     *
     * @throws AssertionError with {@code description} if it does not hold within the timeout
     */
    public static void awaitCondition(String description, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + description);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + description, e);
            }
        }
    }
}
