package mechos.webconsole.internal;

import java.nio.file.Path;
import java.time.Duration;
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
import mechos.memory.api.Recorder;
import mechos.memory.api.RecorderException;
import mechos.memory.api.RecordingCompression;
import mechos.memory.api.RecordingFile;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.RecordingStatus;

/** Test doubles of the kernel's and memory's services that record what they were asked to do. */
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

        @Override
        public long clearanceMaxAgeNanos() {
            return 500_000_000L;
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

    /**
     * A recorder with configured defaults like the real one's (512 MiB split, lz4, its own prefix and chunking) that
     * records the options it was started with and lists the files it is given.
     */
    static final class FakeRecorder implements Recorder {
        final List<RecordingOptions> started = new ArrayList<>();
        final List<RecordingFile> files = new ArrayList<>();
        volatile RecordingOptions defaults = new RecordingOptions(List.of("kernel/*"), null, "robot7", 512L << 20,
                Duration.ZERO, 64 * 1024, Duration.ofMillis(250), RecordingCompression.LZ4);
        volatile RecordingStatus status = new RecordingStatus(false, null, List.of(), 0, 0, 0, 0, "");

        @Override
        public RecordingStatus start(RecordingOptions options) {
            if (status.recording()) {
                throw new RecorderException("already recording to " + status.currentFile());
            }
            started.add(options);
            Path file = Path.of("/run/recordings/" + options.prefix() + "-001.mcap");
            status = new RecordingStatus(true, file, List.of(file), 0, 0, 0, 0, "", options);
            return status;
        }

        @Override
        public RecordingOptions defaults() {
            return defaults;
        }

        @Override
        public RecordingStatus stop() {
            RecordingStatus s = status;
            status = new RecordingStatus(false, null, s.files(), s.messages(), s.bytes(), 0, 0, "", s.options());
            return status;
        }

        @Override
        public RecordingStatus status() {
            return status;
        }

        @Override
        public List<RecordingFile> recordings(int max) {
            return files.size() > max ? List.copyOf(files.subList(0, max)) : List.copyOf(files);
        }
    }
}
