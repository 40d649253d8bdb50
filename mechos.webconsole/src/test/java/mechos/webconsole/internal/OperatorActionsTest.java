package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mechos.webconsole.internal.Fakes.FakeControl;
import mechos.webconsole.internal.Fakes.FakeKernel;

class OperatorActionsTest {
    private final FakeKernel kernel = new FakeKernel();
    private final FakeControl control = new FakeControl();
    private OperatorActions actions;

    @BeforeEach
    void bind() {
        RobotServices s = new RobotServices();
        s.bindKernel(kernel);
        s.bindOperatorControl(control);
        actions = new OperatorActions(s, new BusMonitor());
    }

    @Test
    void estopAndResetGoToOperatorControl() {
        assertEquals(true, actions.estop("admin").get("ok"));
        assertEquals("estop E-STOP from the web console by admin", control.calls.get(0));
        control.resetAllowed = false;
        assertEquals(false, actions.reset("admin").get("ok"));
        assertEquals("reset operator (admin)", control.calls.get(1));
    }

    @Test
    void resumeGoesToOperatorControlAsTheOperator() {
        var r = actions.resume("admin");
        assertEquals(true, r.get("ok"));
        assertEquals("autonomy resumed", r.get("message"));
        assertEquals(List.of("resume operator (admin)"), control.calls);
    }

    @Test
    void driveEngagesTheOverrideRenewsTheDeadManAndSubmitsAsTheOperatorWithTheLoggedInUser() {
        assertEquals(true, actions.drive("admin", 0.3, -0.5).get("ok"));
        assertEquals(List.of("engage operator (admin)", "deadman"), control.calls);
        assertEquals(List.of("operator:admin:Drive[linear=0.3, angular=-0.5]"), kernel.submitted,
                "agent id operator with the console user as its principal");
        assertTrue(actions.stop("admin").get("message").toString().contains("approved"));
        assertTrue(kernel.submitted.get(1).startsWith("operator:admin:Stop["), kernel.submitted.get(1));
    }

    @Test
    void rejectedDriveReportsTheKernelsReason() {
        kernel.approve = false;
        var r = actions.drive("admin", 0.3, 0);
        assertEquals(false, r.get("ok"));
        assertEquals("rejected: [estop] e-stop latched", r.get("message"));
    }

    @Test
    void nonFiniteDriveIsRefusedBeforeTheKernel() {
        assertEquals(false, actions.drive("admin", Double.NaN, 0).get("ok"));
        assertEquals(false, actions.drive("admin", 0, Double.POSITIVE_INFINITY).get("ok"));
        assertEquals(List.of(), kernel.submitted);
    }
}
