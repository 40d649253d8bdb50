package mechos.kernel.internal.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's shutdown, in one order whatever starts it (JVM shutdown on SIGTERM / Ctrl-C, the framework stopping,
 * the kernel component deactivating):
 * <ol>
 * <li>the gate closes, atomically: {@link Admission#closeAndDrain} refuses every later submit ({@code kernel.shutdown})
 * and every later motion call, and waits (bounded) for those already running;</li>
 * <li>the commanded motion is cleared, so the safety tick has nothing left to ramp;</li>
 * <li>every actuator is commanded to its safe state and the sequence waits, bounded by the hardware registry's
 * {@code safe_state_wait_ms}, for each driver to acknowledge it;</li>
 * <li>only then does it return: the framework goes on stopping bundles (drivers close their ports, Pi4J its
 * context), or the JVM goes on exiting.</li>
 * </ol>
 * The first trigger runs it; a later or concurrent one waits for it to finish (bounded) instead of racing it.
 *
 * <p>Triggers: a JVM shutdown hook, and a synchronous bundle listener on the system bundle's {@code STOPPING}
 * event, which the framework delivers on its stopping thread before it stops any bundle. Libraries' own shutdown
 * hooks are kept from racing this on their side: mechos.hal.serial runs its stops inside jSerialComm's
 * {@code SerialPort.addShutdownHook} (joined before the library closes ports), and mechos.hal.pi4j builds its
 * context without Pi4J's hook.
 */
final class ShutdownSequence {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

    private final Admission admission;
    private final Runnable clearMotion;
    private final Consumer<String> safeStateAll;
    private final LongSupplier waitMillis;
    private final AtomicBoolean begun = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(() -> run("JVM shutdown"), "mechos-kernel-shutdown");
    private final SynchronousBundleListener frameworkStopping = event -> {
        if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == Constants.SYSTEM_BUNDLE_ID) {
            run("framework stopping");
        }
    };
    private volatile BundleContext context;
    private volatile String reason;

    /**
     * @param clearMotion  forgets the commanded motion (the tick then has nothing to hold or ramp)
     * @param safeStateAll commands every actuator to its safe state and waits, bounded, for the drivers
     * @param waitMillis   the bound for draining in-flight calls (the same as the safe-state wait)
     */
    ShutdownSequence(Admission admission, Runnable clearMotion, Consumer<String> safeStateAll,
            LongSupplier waitMillis) {
        this.admission = admission;
        this.clearMotion = clearMotion;
        this.safeStateAll = safeStateAll;
        this.waitMillis = waitMillis;
    }

    /** Registers the JVM shutdown hook and, with a bundle context, the framework-stopping listener. */
    void install(BundleContext bundleContext) {
        Runtime.getRuntime().addShutdownHook(hook);
        if (bundleContext != null) {
            this.context = bundleContext;
            bundleContext.addBundleListener(frameworkStopping);
        }
    }

    /** Removes what {@link #install} registered; harmless when the JVM is already exiting. */
    void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            LOG.debug("JVM already shutting down; the kernel's hook stays", e);
        }
        BundleContext c = context;
        context = null;
        if (c != null) {
            try {
                c.removeBundleListener(frameworkStopping);
            } catch (IllegalStateException e) {
                LOG.debug("bundle context already invalid; listener gone with it", e);
            }
        }
    }

    /** @return true once the sequence has begun (the gate is closed or closing) */
    boolean begun() {
        return begun.get();
    }

    /** @return what started the shutdown, or null */
    String reason() {
        return reason;
    }

    /**
     * Runs the sequence, or, when it already began, waits for it to finish (bounded). Never throws.
     *
     * @return true when this call ran it
     */
    boolean run(String why) {
        long bound = Math.max(1, waitMillis.getAsLong());
        if (!begun.compareAndSet(false, true)) {
            awaitFinished(why, bound);
            return false;
        }
        reason = why;
        long start = System.nanoTime();
        try {
            boolean drained = admission.closeAndDrain(TimeUnit.MILLISECONDS.toNanos(bound));
            LOG.info("kernel shutting down ({}): gate closed, every intent is refused from now on", why);
            if (!drained) {
                LOG.warn("{} motion call(s) still inside a driver {} ms after the gate closed; "
                        + "commanding the safe state regardless", admission.held(), bound);
            }
            clearMotion.run();
            safeStateAll.accept(why);
            LOG.info("kernel shutdown sequence done in {} ms ({})",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), why);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("kernel shutdown sequence failed ({}); drivers fall back to their own stop on close", why, e);
        } finally {
            finished.countDown();
        }
        return true;
    }

    private void awaitFinished(String why, long boundMillis) {
        try {
            // the safe-state wait plus the drain, each bounded by the same value, plus margin
            if (!finished.await(2 * boundMillis + 100, TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: the kernel shutdown sequence ({}) has not finished; going on", why, reason);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while waiting for the kernel shutdown sequence", why);
        }
    }
}
