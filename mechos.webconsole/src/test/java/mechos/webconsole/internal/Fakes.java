package mechos.webconsole.internal;

import java.util.ArrayList;
import java.util.List;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Intent;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.TickStats;
import mechos.kernel.api.Violation;

/** Test doubles of the kernel's services that record what they were asked to do. */
final class Fakes {
    private Fakes() {
    }

    static final class FakeKernel implements Kernel {
        final List<String> submitted = new ArrayList<>();
        volatile SafetyState state = SafetyState.NOMINAL;
        volatile boolean approve = true;
        volatile boolean moving;
        volatile long overrideRemainingMillis;

        @Override
        public Decision submit(String agentId, Intent intent) {
            submitted.add(agentId + ":" + intent);
            return new Decision("i-" + submitted.size(), agentId, intent, approve,
                    approve ? List.of() : List.of(Violation.reject("estop", "e-stop latched")), 1L);
        }

        @Override
        public SafetyStatus status() {
            return new SafetyStatus(state, state == SafetyState.NOMINAL ? "" : "because", 1L, overrideRemainingMillis,
                    moving);
        }

        @Override
        public TickStats tickStats() {
            return new TickStats(1000, 10_000_000, 12_000_000, 11_000_000, 2_000_000, 300_000);
        }

        @Override
        public void resetTickStats() {
        }
    }

    /** A pose estimator whose pose the test sets. */
    static final class FakePose implements mechos.perception.api.PoseEstimator {
        volatile mechos.hal.api.Pose2D pose;

        @Override
        public java.util.Optional<mechos.perception.api.FusedPose> latest() {
            mechos.hal.api.Pose2D p = pose;
            return p == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new mechos.perception.api.FusedPose(1, 1, p, 0, 0, 0, 0, 0, 0,
                            mechos.perception.api.PoseConfidence.values()[0]));
        }

        @Override
        public mechos.perception.api.InputStats inputStats() {
            throw new UnsupportedOperationException("not used by the page");
        }
    }

    static final class FakeControl implements OperatorControl {
        final List<String> calls = new ArrayList<>();
        volatile boolean resetAllowed = true;
        /** Whether an override is active (engage sets it, release clears it; a test may end it). */
        volatile boolean overrideOn;

        @Override
        public void engageOverride(String operator) {
            calls.add("engage " + operator);
            overrideOn = true;
        }

        @Override
        public boolean renewOverride(String operator) {
            calls.add("renew " + operator);
            return overrideOn;
        }

        @Override
        public void releaseOverride(String operator) {
            calls.add("release " + operator);
            overrideOn = false;
        }

        @Override
        public void emergencyStop(String reason) {
            calls.add("estop " + reason);
        }

        @Override
        public mechos.kernel.api.EmergencyStopResult latchEmergencyStop(String reason) {
            calls.add("estop " + reason);
            return new mechos.kernel.api.EmergencyStopResult(true, "e-stop latched (durable)");
        }

        @Override
        public boolean resume(String operator) {
            calls.add("resume " + operator);
            return true;
        }

        @Override
        public boolean reset(String operator) {
            calls.add("reset " + operator);
            return resetAllowed;
        }

        @Override
        public void deadManRenew() {
            calls.add("deadman");
        }
    }
}
