package mechos.kernel.internal.grants;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import mechos.kernel.api.EmergencyStopResult;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.internal.core.KernelImpl;

/**
 * The {@link OperatorControl} service as other bundles see it: one instance per calling bundle (service scope
 * {@code bundle}). Anyone may stop the robot: {@link #emergencyStop} and {@link #latchEmergencyStop} always pass.
 * What re-enables or keeps motion alive — reset, resume, override (engagement and renewal), the dead-man renewal — passes only for a bundle
 * the signed grants bind to the {@value #OPERATOR} agent (the shell, the console, the kernel's own commands by
 * default); any other bundle gets a {@link SecurityException} naming the reason, logged once at WARN.
 */
@Component(service = OperatorControl.class, scope = ServiceScope.BUNDLE)
public final class BundleBoundOperatorControl implements OperatorControl {
    static final String OPERATOR = "operator";

    private final OperatorControl kernel;
    private final CapabilityManager grants;
    private final String bundle;

    @Activate
    public BundleBoundOperatorControl(@Reference KernelImpl kernel, @Reference CapabilityManager grants,
            ComponentContext context) {
        this(kernel, grants, context.getUsingBundle().getSymbolicName());
    }

    BundleBoundOperatorControl(OperatorControl kernel, CapabilityManager grants, String bundleSymbolicName) {
        this.kernel = kernel;
        this.grants = grants;
        this.bundle = bundleSymbolicName;
    }

    private void requireOperator(String action) {
        String refused = grants.identityViolation(bundle, OPERATOR);
        if (refused != null) {
            throw new SecurityException(action + " refused: " + refused);
        }
    }

    @Override
    public void engageOverride(String operator) {
        requireOperator("manual override");
        kernel.engageOverride(operator);
    }

    @Override
    public boolean renewOverride(String operator) {
        requireOperator("manual override renewal");
        return kernel.renewOverride(operator);
    }

    @Override
    public void releaseOverride(String operator) {
        requireOperator("releasing the manual override");
        kernel.releaseOverride(operator);
    }

    @Override
    public void emergencyStop(String reason) {
        kernel.emergencyStop(reason);
    }

    @Override
    public EmergencyStopResult latchEmergencyStop(String reason) {
        return kernel.latchEmergencyStop(reason);
    }

    @Override
    public boolean reset(String operator) {
        requireOperator("e-stop reset");
        return kernel.reset(operator);
    }

    @Override
    public boolean resume(String operator) {
        requireOperator("resuming autonomy");
        return kernel.resume(operator);
    }

    @Override
    public void deadManRenew() {
        requireOperator("dead-man renewal");
        kernel.deadManRenew();
    }
}
