package mechos.runtime.internal.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.Capabilities;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.SafetyStatus;
import mechos.memory.api.Recollection;
import mechos.memory.api.Task;
import mechos.memory.api.TaskBoard;
import mechos.memory.api.TaskState;
import mechos.runtime.api.DecisionRecord;

/**
 * The "observe" step: pose, clearance and obstacles (perception), safety state (kernel), device health (kernel's
 * registry), open tasks (task board, refreshed asynchronously), the model's own recent verdicts, and what the fleet
 * said (peer messages and presence, as quoted untrusted data). Never blocks.
 */
final class Observer {
    private static final Logger LOG = LoggerFactory.getLogger(Observer.class);
    private static final int PROMPT_VERDICTS = 5;
    private static final long TASK_REFRESH = 5_000_000_000L;
    private static final int PROMPT_DEVICES = 24;

    private final Kernel kernel;
    private final WorldAdapter world;
    private final Supplier<DeviceRegistry> devices;
    private final Supplier<TaskBoard> tasks;
    private final Supplier<Capabilities> capabilities;
    private final String agentId;
    private final double creepLinear;
    private final double maxLinear;
    private final LongSupplier clock;
    private final FleetInbox fleet;
    private volatile List<String> openTasks = List.of();
    private long tasksRefreshedAt = Long.MIN_VALUE / 2;

    /**
     * @param capabilities the kernel's grants (optional: without them the prompt lists devices without saying
     *                     which ones the agent may use)
     * @param creepLinear  m/s, the slow forward speed the prompt states a time to collision for
     * @param maxLinear    m/s, the brain's speed cap, likewise
     * @param fleet        peer messages and presence (untrusted observations)
     */
    Observer(Kernel kernel, WorldAdapter world, Supplier<DeviceRegistry> devices, Supplier<TaskBoard> tasks,
            Supplier<Capabilities> capabilities, String agentId, double creepLinear, double maxLinear,
            FleetInbox fleet, LongSupplier clock) {
        this.fleet = fleet;
        this.kernel = kernel;
        this.world = world;
        this.devices = devices;
        this.tasks = tasks;
        this.capabilities = capabilities;
        this.agentId = agentId;
        this.creepLinear = creepLinear;
        this.maxLinear = maxLinear;
        this.clock = clock;
    }

    /**
     * @param commanded the body velocity last commanded and still leased {linear, angular}, or null when none;
     *                  measured odometry velocity wins when a driver reports it
     */
    PromptBuilder.Situation observe(List<DecisionRecord> history, List<Recollection> memories, String humanAnswer,
            String note, double[] commanded) {
        SafetyStatus safety;
        try {
            safety = kernel.status();
        } catch (RuntimeException e) {
            LOG.debug("kernel status unavailable", e);
            safety = null;
        }
        List<DecisionRecord> recent = new ArrayList<>();
        for (DecisionRecord r : history) {
            if (r.source() == DecisionRecord.Source.LLM) {
                recent.add(r);
            }
        }
        recent = recent.subList(Math.max(0, recent.size() - PROMPT_VERDICTS), recent.size());
        refreshTasks();
        Optional<Pose2D> pose = world.pose();
        return new PromptBuilder.Situation(pose, world.clearance(0, 0), world.nearbyObstacles(5), safety,
                deviceSummary(), openTasks, List.copyOf(recent), memories, humanAnswer, note, motions(commanded),
                fleet.messageLines(), fleet.peerLines(pose));
    }

    /**
     * Clearance for the motion the robot is in and for driving straight ahead at the creep and at the cap: a
     * zero-speed query always answers "no collision", which told the model nothing about what the kernel's
     * time-to-collision rule would do with the drive it is about to propose.
     */
    private List<PromptBuilder.Motion> motions(double[] commanded) {
        List<PromptBuilder.Motion> m = new ArrayList<>(3);
        double[] v = world.velocity().orElse(commanded);
        if (v != null && (v[0] != 0 || v[1] != 0)) {
            m.add(motion("current motion", v[0], v[1]));
        } else {
            m.add(motion("standing still", 0, 0));
        }
        if (creepLinear > 0) {
            m.add(motion("forward at the creep", creepLinear, 0));
        }
        if (maxLinear > creepLinear) {
            m.add(motion("forward at the cap", maxLinear, 0));
        }
        return m;
    }

    private PromptBuilder.Motion motion(String label, double linear, double angular) {
        Clearance c;
        try {
            c = world.clearance(linear, angular);
        } catch (RuntimeException e) {
            LOG.debug("clearance query failed", e);
            c = Clearance.unknown();
        }
        return new PromptBuilder.Motion(label, linear, angular, c);
    }

    /**
     * Every device by id, kind and health, and whether this agent's grant lets it use it: the model must know
     * that the light is {@code relay.light} and that it may not touch the arm.
     */
    private String deviceSummary() {
        DeviceRegistry r = devices.get();
        if (r == null) {
            return "";
        }
        Capabilities caps = capabilities.get();
        try {
            List<String> lines = new ArrayList<>();
            int n = 0;
            for (DeviceInfo d : r.devices()) {
                if (++n > PROMPT_DEVICES) {
                    lines.add("- … " + (r.devices().size() - PROMPT_DEVICES) + " more");
                    break;
                }
                StringBuilder b = new StringBuilder("- ").append(d.id()).append(" (").append(d.kind().prefix())
                        .append(", ").append(d.health().state());
                if (!d.health().reason().isEmpty()) {
                    b.append(": ").append(d.health().reason());
                }
                b.append(')');
                if (caps != null) {
                    b.append(permits(caps, d.kind().prefix() + ":" + d.id()) ? " you may use it"
                            : " not granted to you");
                }
                lines.add(b.toString());
            }
            return String.join("\n", lines);
        } catch (RuntimeException e) {
            LOG.debug("device registry unavailable", e);
            return "";
        }
    }

    private boolean permits(Capabilities caps, String capability) {
        try {
            return caps.permits(agentId, capability);
        } catch (RuntimeException e) {
            LOG.debug("capability check failed for {}", capability, e);
            return false;
        }
    }

    /** Refreshes the open-task cache asynchronously every few seconds; the prompt uses the last answer. */
    private void refreshTasks() {
        TaskBoard board = tasks.get();
        long now = clock.getAsLong();
        if (board == null) {
            openTasks = List.of();
            return;
        }
        if (now - tasksRefreshedAt < TASK_REFRESH) {
            return;
        }
        tasksRefreshedAt = now;
        try {
            board.list(TaskState.OPEN).whenComplete((list, err) -> {
                if (err != null) {
                    LOG.debug("task board unavailable", err);
                    return;
                }
                List<String> lines = new ArrayList<>();
                for (Task t : list.subList(0, Math.min(5, list.size()))) {
                    lines.add("[" + t.id() + ", priority " + t.priority() + "] " + t.title());
                }
                openTasks = List.copyOf(lines);
            });
        } catch (RuntimeException e) {
            LOG.debug("task board unavailable", e);
        }
    }
}
