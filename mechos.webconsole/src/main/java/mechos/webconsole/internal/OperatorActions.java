package mechos.webconsole.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.EmergencyStopResult;
import mechos.kernel.api.Kernel;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.Stop;
import mechos.memory.api.Recorder;
import mechos.memory.api.RecorderException;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.RecordingStatus;
import mechos.perception.api.Localisation;
import mechos.runtime.api.Agent;
import mechos.runtime.api.HumanQuestion;

/**
 * What the operator can do from the page. Everything goes through the kernel's, runtime's and memory's APIs with
 * the operator as the agent ({@value #AGENT}); the kernel's rules and grants still decide. Intents are submitted as
 * {@code operator:<logged-in user>} ({@link #agentId}): the kernel binds the agent {@code operator} to this bundle
 * and records the user with every intent event, decision and log line. Each action returns a
 * result document ({@code ok}, {@code message}); nothing here throws for an expected situation.
 */
final class OperatorActions {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorActions.class);
    /** The agent id of people at the console. */
    static final String AGENT = "operator";
    /**
     * Largest change (m/s, rad/s) of a goal's command from one step to the next: below the kernel's default
     * acceleration step (max_linear_accel 0.8 m/s² × accel_window 0.5 s = 0.4 m/s), so a goal never trips it.
     */
    static final double DRIVE_STEP_LINEAR = 0.1;
    static final double DRIVE_STEP_ANGULAR = 0.4;

    /** Largest split size the page accepts, in MiB (1 TiB), and largest split duration, in seconds (a week). */
    static final long MAX_SPLIT_MIB = 1_048_576;
    static final long MAX_SPLIT_SECONDS = 604_800;
    private static final long MIB = 1024 * 1024;

    private final RobotServices services;
    private final BusMonitor monitor;
    private final PageSensors sensors;
    private final GoalFollower goals;

    OperatorActions(RobotServices services, BusMonitor monitor) {
        this(services, monitor, new PageSensors(), new GoalFollower(services, System::nanoTime));
    }

    OperatorActions(RobotServices services, BusMonitor monitor, PageSensors sensors, GoalFollower goals) {
        this.services = services;
        this.monitor = monitor;
        this.sensors = sensors;
        this.goals = goals;
    }

    static Map<String, Object> result(boolean ok, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", ok);
        m.put("message", message);
        return m;
    }

    Map<String, Object> estop(String user) {
        Optional<OperatorControl> c = services.operatorControl();
        if (c.isEmpty()) {
            return result(false, "kernel operator control not available: the robot cannot be e-stopped from here");
        }
        try (MDC.MDCCloseable g = MDC.putCloseable(Kernel.MDC_AGENT_ID, AGENT)) {
            LOG.info("E-STOP pressed in the web console by {}", user);
        }
        goals.abandon("goal abandoned: e-stop");
        EmergencyStopResult r = c.get().latchEmergencyStop("E-STOP from the web console by " + user);
        return result(r.durable(), r.message());
    }

    Map<String, Object> reset(String user) {
        Optional<OperatorControl> c = services.operatorControl();
        if (c.isEmpty()) {
            return result(false, "kernel operator control not available");
        }
        boolean done = c.get().reset(AGENT + " (" + user + ")");
        try (MDC.MDCCloseable g = MDC.putCloseable(Kernel.MDC_AGENT_ID, AGENT)) {
            LOG.info("reset from the web console by {}: {}", user, done ? "done" : "refused");
        }
        return result(done, done ? "reset" : "reset refused: a cause is still present (see the safety reason)");
    }

    /** Resumes autonomy after an e-stop reset (a reset alone leaves the agents paused). */
    Map<String, Object> resume(String user) {
        Optional<OperatorControl> c = services.operatorControl();
        if (c.isEmpty()) {
            return result(false, "kernel operator control not available");
        }
        boolean done = c.get().resume(AGENT + " (" + user + ")");
        try (MDC.MDCCloseable g = MDC.putCloseable(Kernel.MDC_AGENT_ID, AGENT)) {
            LOG.info("autonomy resume from the web console by {}: {}", user, done ? "done" : "refused");
        }
        return result(done, done ? "autonomy resumed" : "resume refused: nothing awaits a resume (reset the e-stop first)");
    }

    Map<String, Object> override(String user, boolean engage) {
        Optional<OperatorControl> c = services.operatorControl();
        if (c.isEmpty()) {
            return result(false, "kernel operator control not available");
        }
        if (engage) {
            c.get().engageOverride(AGENT + " (" + user + ")");
            return result(true, "manual override engaged: AI intents are suspended");
        }
        c.get().releaseOverride(AGENT + " (" + user + ")");
        return result(true, "manual override released");
    }

    /**
     * Manual drive: renews the override (engages it when none is active) so that the AI cannot fight the operator, renews the operator
     * dead-man lease, and submits a Drive as the operator. The kernel's lease stops the robot when the page stops
     * renewing (e.g. the browser closes); releasing a button sends {@link #stop}.
     */
    Map<String, Object> drive(String user, double linear, double angular) {
        if (!Double.isFinite(linear) || !Double.isFinite(angular)) {
            return result(false, "linear and angular must be finite numbers");
        }
        Optional<Kernel> k = services.kernel();
        Optional<OperatorControl> c = services.operatorControl();
        if (k.isEmpty() || c.isEmpty()) {
            return result(false, "kernel not available");
        }
        goals.abandon("goal abandoned: the operator drives by hand");
        // Engaging the override makes the kernel stop every drive (and the acceleration limit then starts from
        // zero): a held drive renews the active override (no stop), and engages one only when none is active.
        String who = AGENT + " (" + user + ")";
        if (!c.get().renewOverride(who)) {
            c.get().engageOverride(who);
        }
        c.get().deadManRenew();
        return decision(k.get().submit(agentId(user), new Drive(linear, angular)));
    }

    Map<String, Object> stop(String user) {
        goals.abandon("goal abandoned: stop");
        Optional<Kernel> k = services.kernel();
        if (k.isEmpty()) {
            return result(false, "kernel not available");
        }
        return decision(k.get().submit(agentId(user), new Stop("operator released the drive control (" + user + ")")));
    }

    /** @return the agent id for intents from this user: {@code operator:<user>} */
    static String agentId(String user) {
        return user == null || user.isBlank() ? AGENT : AGENT + Kernel.PRINCIPAL_SEPARATOR + user.strip();
    }

    private static Map<String, Object> decision(Decision d) {
        Map<String, Object> m = result(d.approved(), d.reason());
        m.put("intentId", d.intentId());
        return m;
    }

    Map<String, Object> answer(String user, String text) {
        if (text == null || text.isBlank()) {
            return result(false, "the answer is empty");
        }
        Optional<Agent> a = services.agent();
        if (a.isEmpty()) {
            return result(false, "agent runtime not available");
        }
        // The answer belongs to the AskHuman intent: log it under that intent id so it can be followed.
        Optional<HumanQuestion> q = monitor.lastQuestion();
        boolean taken = a.get().answer(text.strip());
        try (MDC.MDCCloseable g = MDC.putCloseable(Kernel.MDC_AGENT_ID, AGENT)) {
            if (taken && q.isPresent()) {
                try (MDC.MDCCloseable i = MDC.putCloseable(Kernel.MDC_INTENT_ID, q.get().questionId())) {
                    LOG.info("AskHuman '{}' answered in the web console by {}", q.get().question(), user);
                }
            } else {
                LOG.info("AskHuman answer from the web console by {}: {}", user,
                        taken ? "taken" : "no question pending");
            }
        }
        return result(taken, taken ? "answer sent to the agent" : "no question is pending");
    }

    Map<String, Object> agentPause(boolean pause) {
        Optional<Agent> a = services.agent();
        if (a.isEmpty()) {
            return result(false, "agent runtime not available");
        }
        if (pause) {
            a.get().pause();
            return result(true, "agent paused");
        }
        a.get().resume();
        return result(true, "agent resumed");
    }

    /**
     * Click to set a goal: the robot is driven to (x, y) of the map frame by {@link GoalFollower}, as this
     * operator, through the kernel.
     */
    Map<String, Object> goal(String user, double x, double y, double maxLinear, double maxAngular) {
        return goals.start(user, x, y, maxLinear, maxAngular, DRIVE_STEP_LINEAR, DRIVE_STEP_ANGULAR);
    }

    Map<String, Object> cancelGoal(String user) {
        return goals.cancel("cancelled in the web console by " + user);
    }

    /** "2D pose estimate": tells perception's localisation where the robot is in the map frame. */
    Map<String, Object> setPose(String user, double x, double y, double theta) {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(theta)) {
            return result(false, "x, y and theta must be finite numbers");
        }
        Optional<Localisation> l = sensors.localisation();
        if (l.isEmpty()) {
            return result(false, "perception's localisation is not available");
        }
        Pose2D p = new Pose2D(x, y, GoalFollower.normalise(theta));
        l.get().setPose(p);
        try (MDC.MDCCloseable g = MDC.putCloseable(Kernel.MDC_AGENT_ID, AGENT)) {
            LOG.info("2D pose estimate from the web console by {}: x={} y={} theta={}", user,
                    GoalFollower.round(p.x()), GoalFollower.round(p.y()), GoalFollower.round(p.theta()));
        }
        return result(true, String.format(Locale.ROOT, "pose estimate set: x=%.2f m, y=%.2f m, heading=%.0f deg",
                p.x(), p.y(), Math.toDegrees(p.theta())));
    }

    Map<String, Object> recorder(boolean start) {
        return recorder(start, List.of());
    }

    /** Starts (with the given topics; empty: all, and the recorder's configured split) or stops the recorder. */
    Map<String, Object> recorder(boolean start, List<String> topics) {
        return start ? startRecording(topics, null, null) : stopRecording();
    }

    /**
     * Starts a recording of {@code topics} (empty: all) with the recorder's configured options ({@link
     * Recorder#defaults()}: chunking, compression, prefix, directory, split) except where the page chose a split.
     *
     * @param splitMiB     a new file beyond this many MiB (0: never), or null for the configured split size
     * @param splitSeconds a new file after this many seconds (0: never), or null for the configured split duration
     */
    Map<String, Object> startRecording(List<String> topics, Long splitMiB, Long splitSeconds) {
        Optional<Recorder> r = services.recorder();
        if (r.isEmpty()) {
            return result(false, "recorder not available");
        }
        try {
            RecordingOptions defaults = r.get().defaults();
            RecordingOptions options = defaults.withTopics(topics).withSplit(
                    splitMiB == null ? defaults.splitBytes() : splitMiB * MIB,
                    splitSeconds == null ? defaults.splitDuration() : Duration.ofSeconds(splitSeconds));
            RecordingStatus s = r.get().start(options);
            return result(true, "recording to " + s.currentFile() + " (" + StateView.splitText(options) + ")");
        } catch (RecorderException e) {
            return result(false, e.getMessage());
        }
    }

    private Map<String, Object> stopRecording() {
        Optional<Recorder> r = services.recorder();
        if (r.isEmpty()) {
            return result(false, "recorder not available");
        }
        try {
            RecordingStatus s = r.get().stop();
            return result(true, "recording stopped: " + s.messages() + " messages in " + s.files().size() + " file(s)");
        } catch (RecorderException e) {
            return result(false, e.getMessage());
        }
    }
}
