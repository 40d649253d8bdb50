package mechos.itest.kernel;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.OperatorControl;

/**
 * Issue 12, defect 3: uninstalling and reinstalling the kernel bundle deletes its bundle data area, so a latch kept
 * there was lost. The latch lives in the run directory now. (No refresh: the probe imports the kernel API.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KernelReinstallIT {
    private static final Duration START = Duration.ofSeconds(60);

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> !bsn.equals("mechos.hal.sim") && !bsn.equals("mechos.runtime"));
    }

    @Test
    public void aLatchedEstopSurvivesAnUninstallAndReinstallOfTheKernelBundle() throws Exception {
        OperatorControl op = awaitService(bc, OperatorControl.class, null, START);
        op.emergencyStop("reinstall itest");
        Bundle old = Arrays.stream(bc.getBundles()).filter(b -> "mechos.kernel".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        String location = old.getLocation();
        old.uninstall();
        Bundle fresh = bc.installBundle(location);
        fresh.start();
        String[] state = new String[1];
        awaitCondition("the reinstalled kernel reports its state", START, () -> {
            state[0] = kernelState(fresh);
            return state[0] != null;
        });
        assertEquals("still latched after the reinstall", "ESTOP_LATCHED", state[0]);
        assertTrue(java.nio.file.Files.exists(java.nio.file.Paths.get(bc.getProperty("mechos.home"),
                "state", "estop-latched")));
    }

    /** Reads {@code Kernel.status().state()} of the fresh bundle's service without assuming which API wiring it has. */
    private String kernelState(Bundle fresh) {
        try {
            ServiceReference<?>[] refs = bc.getAllServiceReferences("mechos.kernel.api.Kernel", null);
            if (refs == null) {
                return null;
            }
            for (ServiceReference<?> r : refs) {
                if (r.getBundle() != null && r.getBundle().getBundleId() == fresh.getBundleId()) {
                    Object kernel = bc.getService(r);
                    try {
                        Object status = kernel.getClass().getMethod("status").invoke(kernel);
                        return String.valueOf(status.getClass().getMethod("state").invoke(status));
                    } finally {
                        bc.ungetService(r);
                    }
                }
            }
            return null;
        } catch (InvalidSyntaxException | ReflectiveOperationException e) {
            throw new AssertionError("cannot read the kernel status", e);
        }
    }
}
