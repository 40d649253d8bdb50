package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.Violation;
import mechos.webconsole.internal.Fakes.FakeKernel;

class StateViewTest {
    @Test
    @SuppressWarnings("unchecked")
    void renewalsOfOneDriveAreOneRowWithACountAndRoundedNumbers() {
        BusMonitor monitor = new BusMonitor();
        for (int i = 0; i < 4; i++) {
            monitor.onDecision(new Decision("i" + i, "operator:admin", new Drive(0.19999999999999996, 0), true,
                    List.of(), 1000 + i), 0);
        }
        monitor.onDecision(new Decision("i9", "brain", new Drive(0.6, 0), false,
                List.of(Violation.reject("speed.accel_linear", "change from 0.000 to 0.600 exceeds 0.4")), 2000), 0);
        List<Map<String, Object>> rows = (List<Map<String, Object>>) new StateView(new RobotServices(), monitor)
                .state().get("decisions");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals("rejected: [speed.accel_linear] change from 0 to 0.6 exceeds 0.4", rows.get(0).get("reason"));
        assertEquals("Drive[linear=0.2, angular=0]", rows.get(1).get("intent"));
        assertEquals(4, rows.get(1).get("count"));
        assertEquals(1003L, rows.get(1).get("time"));
        assertEquals(1000L, rows.get(1).get("firstTime"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCommandedMotionIsZeroOnceTheKernelStopped() {
        BusMonitor monitor = new BusMonitor();
        monitor.onDecision(new Decision("i1", "brain", new Drive(0.3, 0.1), true, List.of(), 1000), 0);
        FakeKernel kernel = new FakeKernel();
        kernel.moving = true;
        RobotServices s = new RobotServices();
        s.bindKernel(kernel);
        StateView view = new StateView(s, monitor);
        assertEquals(0.3, ((Map<String, Object>) view.state().get("commanded")).get("linear"));
        kernel.state = SafetyState.ESTOP_LATCHED;
        assertEquals(0.0, ((Map<String, Object>) view.state().get("commanded")).get("linear"),
                "an e-stop clears the arrow even before the kernel's moving flag drops");
        kernel.state = SafetyState.NOMINAL;
        kernel.moving = false;
        assertEquals(0.0, ((Map<String, Object>) view.state().get("commanded")).get("linear"));
    }
}
