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
        assertEquals(List.of("renew operator (admin)", "engage operator (admin)", "deadman"), control.calls,
                "no override active: engaged");
        assertEquals(List.of("operator:admin:Drive[linear=0.3, angular=-0.5]"), kernel.submitted,
                "agent id operator with the console user as its principal");
        assertTrue(actions.stop("admin").get("message").toString().contains("approved"));
        assertTrue(kernel.submitted.get(1).startsWith("operator:admin:Stop["), kernel.submitted.get(1));
    }

    /**
     * Issue 15: engaging the override makes the kernel stop every drive, so renewals of a held drive renew the
     * active override instead of engaging it again (the old page engaged it again when less than 1.5 s were left,
     * so a held drive dipped once per override period).
     */
    @Test
    void renewalsOfAHeldDriveRenewTheOverrideAndNeverEngageItAgainWhileItIsActive() {
        control.overrideOn = true;
        kernel.state = mechos.kernel.api.SafetyState.OVERRIDE;
        kernel.overrideRemainingMillis = 9000;
        actions.drive("admin", 0.3, 0);
        kernel.overrideRemainingMillis = 1000;
        actions.drive("admin", 0.4, 0);
        assertEquals(List.of("renew operator (admin)", "deadman", "renew operator (admin)", "deadman"), control.calls,
                "no engageOverride (its stop resets the ramp), even shortly before the override runs out");
        assertEquals(2, kernel.submitted.size());
        control.overrideOn = false; // released elsewhere, or its time ran out
        actions.drive("admin", 0.4, 0);
        assertEquals(List.of("renew operator (admin)", "engage operator (admin)", "deadman"),
                control.calls.subList(4, 7), "engaged again only when none is active");
    }

    @Test
    void poseEstimateGoesToLocalisation() {
        List<mechos.hal.api.Pose2D> set = new java.util.ArrayList<>();
        PageSensors sensors = new PageSensors();
        sensors.bindLocalisation(new mechos.perception.api.Localisation() {
            @Override
            public mechos.perception.api.LocalisationState state() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void setPose(mechos.hal.api.Pose2D p) {
                set.add(p);
            }
        });
        RobotServices s = new RobotServices();
        OperatorActions a = new OperatorActions(s, new BusMonitor(), sensors, new GoalFollower(s, System::nanoTime));
        var r = a.setPose("admin", 1.5, -2, 3 * Math.PI / 2);
        assertEquals(true, r.get("ok"), r.toString());
        assertEquals(1, set.size());
        assertEquals(1.5, set.get(0).x(), 0);
        assertEquals(-2, set.get(0).y(), 0);
        assertEquals(-Math.PI / 2, set.get(0).theta(), 1e-9, "heading normalised");
        assertEquals(false, a.setPose("admin", Double.NaN, 0, 0).get("ok"));
        assertEquals(1, set.size());
        assertEquals(false, actions.setPose("admin", 0, 0, 0).get("ok"), "without localisation: refused, said so");
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

    @Test
    void startRecordingPassesTheChosenSplitAndKeepsTheConfiguredOneWhenNoneIsChosen() {
        Fakes.FakeRecorder recorder = new Fakes.FakeRecorder();
        RobotServices s = new RobotServices();
        s.bindRecorder(recorder);
        OperatorActions a = new OperatorActions(s, new BusMonitor());
        assertEquals(true, a.startRecording(List.of("sensors/*"), 3L, 0L).get("ok"));
        assertEquals(3L << 20, recorder.started.get(0).splitBytes());
        assertEquals(java.time.Duration.ZERO, recorder.started.get(0).splitDuration());
        assertEquals(List.of("sensors/*"), recorder.started.get(0).topics());
        a.recorder(false);
        assertEquals(true, a.recorder(true, List.of()).get("ok"));
        assertEquals(recorder.defaults().withTopics(List.of()), recorder.started.get(1),
                "no split chosen: exactly the configured options (the old page lost the 512 MiB split)");
        assertEquals(false, a.startRecording(List.of(), null, 45L).get("ok"),
                "already recording: the recorder's refusal is the result");
        assertEquals(2, recorder.started.size());
    }
}
