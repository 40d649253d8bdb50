package mechos.hal.pi4j.internal.platform;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.pi4j.context.Context;

import mechos.hal.support.HardwareProfile;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;

/**
 * The robot's Pi4J context, created on a worker thread (never on the SCR thread) from explicitly constructed
 * providers, and the executor the Pi4J devices run their I/O and control loops on. Devices register a callback
 * with {@link #whenReady}; they report OFFLINE until it runs. On deactivation (after every device, which
 * references this component) the context is shut down, which applies each I/O's configured shutdown state.
 *
 * <p>Once ready, the context is also registered as a {@code com.pi4j.context.Context} service (property
 * {@value #PLATFORM_PROPERTY}) so diagnostics and integration tests can read pin states through the Pi4J API.
 * MechOS components never use it to drive outputs: only the HAL devices do.
 */
@Component(service = Pi4jPlatform.class, configurationPid = Pi4jPlatform.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        // active only while the hardware profile selects this family (mechos.hal.support.HardwareProfile)
        reference = @Reference(name = "hardware", service = HardwareProfile.class,
                target = "(" + HardwareProfile.PROPERTY + "=" + HardwareProfile.PI4J + ")"))
@Designate(ocd = Pi4jPlatformConfig.class)
public final class Pi4jPlatform {
    public static final String PID = "mechos.hal.pi4j.platform";
    /** Service property of the registered Pi4J context: the {@link PlatformKind} name. */
    public static final String PLATFORM_PROPERTY = "mechos.pi4j.platform";
    private static final Logger LOG = LoggerFactory.getLogger(Pi4jPlatform.class);

    private final ScheduledExecutorService executor;
    private final PlatformKind kind;
    private final List<Consumer<Context>> waiting = new ArrayList<>();
    private volatile Context context;
    private volatile String failure;
    private volatile BundleContext bundleContext;
    private ServiceRegistration<Context> registration;
    private boolean closed;

    @Activate
    public Pi4jPlatform(Pi4jPlatformConfig config, BundleContext bundleContext) {
        this(config.platform(), config.platform() == PlatformKind.MOCK ? new MockContextFactory()
                : new RaspberryPiContextFactory(config.pwm_chip()), config.threads());
        this.bundleContext = bundleContext;
        whenReady(this::register);
    }

    private synchronized void register(Context c) {
        BundleContext bc = bundleContext;
        if (bc == null || closed) {
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PLATFORM_PROPERTY, kind.name());
        try {
            registration = bc.registerService(Context.class, c, props);
        } catch (IllegalStateException e) {
            LOG.debug("bundle stopping; Pi4J context not registered", e);
        }
    }

    /** For tests: starts creating the context at once, in the background. */
    public Pi4jPlatform(PlatformKind kind, int threads) {
        this(kind, kind == PlatformKind.MOCK ? new MockContextFactory() : new RaspberryPiContextFactory(0),
                threads);
    }

    Pi4jPlatform(PlatformKind kind, ContextFactory factory, int threads) {
        checkThreads(threads);
        this.kind = kind;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "mechos-pi4j-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.execute(() -> create(factory));
    }

    private void create(ContextFactory factory) {
        Context created;
        // Pi4J may still consult the context class loader; make it ours, not the framework's.
        ClassLoader old = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(Pi4jPlatform.class.getClassLoader());
        try {
            created = factory.create();
        } catch (RuntimeException | LinkageError e) {
            failure = "Pi4J " + kind + " platform failed to start: " + e;
            LOG.error("Pi4J {} platform failed to start; Pi4J devices stay OFFLINE", kind, e);
            return;
        } finally {
            Thread.currentThread().setContextClassLoader(old);
        }
        List<Consumer<Context>> ready;
        synchronized (this) {
            if (closed) {
                shutdown(created);
                return;
            }
            context = created;
            ready = new ArrayList<>(waiting);
            waiting.clear();
        }
        LOG.info("Pi4J {} platform ready", kind);
        ready.forEach(c -> run(c, created));
    }

    /** Calls {@code onReady} on a platform thread once the context exists (at once if it already does). */
    public void whenReady(Consumer<Context> onReady) {
        Context c;
        synchronized (this) {
            c = context;
            if (c == null) {
                waiting.add(onReady);
                return;
            }
        }
        Context ready = c;
        execute(() -> run(onReady, ready));
    }

    private void run(Consumer<Context> callback, Context c) {
        try {
            callback.accept(c);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("a Pi4J device failed to set up its I/O", e);
        }
    }

    /** Runs a task on a platform thread; ignored once the platform is shutting down. */
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("platform shutting down; task dropped", e);
        }
    }

    /** @return the executor for periodic device work (input polling, control loops) */
    public ScheduledExecutorService scheduler() {
        return executor;
    }

    /** @return the context, or null while it is being created or after it failed */
    public Context context() {
        return context;
    }

    /** @return why the platform is not available, or null */
    public String failure() {
        return failure;
    }

    public PlatformKind kind() {
        return kind;
    }

    @Deactivate
    public void close() {
        Context c;
        synchronized (this) {
            closed = true;
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    LOG.debug("Pi4J context service already unregistered", e);
                }
                registration = null;
            }
            c = context;
            context = null;
            waiting.clear();
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("Pi4J worker threads did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (c != null) {
            shutdown(c);
        }
    }

    /**
     * @return what the activation would refuse in these proposed values (the thread count; creating the Pi4J
     *         context is I/O and reports its failure as status, not by throwing)
     */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        Pi4jPlatformConfig c = ComponentProperties.as(Pi4jPlatformConfig.class, values);
        return ConfigurationProblem.ifRefused(() -> checkThreads(c.threads()), "threads").stream().toList();
    }

    private static void checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(PID + ": threads must be >= 1, was " + threads);
        }
    }

    private static void shutdown(Context c) {
        try {
            c.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Pi4J context shutdown failed", e);
        }
    }
}
