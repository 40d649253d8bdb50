package mechos.runtime.internal.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.HealthState;
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
 * registry), open tasks (task board, refreshed asynchronously), and the model's own recent verdicts. Never blocks.
 */
final class Observer {
    private static final Logger LOG = LoggerFactory.getLogger(Observer.class);
    private static final int PROMPT_VERDICTS = 5;
    private static final long TASK_REFRESH = 5_000_000_000L;

    private final Kernel kernel;
    private final WorldAdapter world;
    private final Supplier<DeviceRegistry> devices;
    private final Supplier<TaskBoard> tasks;
    private final LongSupplier clock;
    private volatile List<String> openTasks = List.of();
    private long tasksRefreshedAt = Long.MIN_VALUE / 2;

    Observer(Kernel kernel, WorldAdapter world, Supplier<DeviceRegistry> devices, Supplier<TaskBoard> tasks,
            LongSupplier clock) {
        this.kernel = kernel;
        this.world = world;
        this.devices = devices;
        this.tasks = tasks;
        this.clock = clock;
    }

    PromptBuilder.Situation observe(List<DecisionRecord> history, List<Recollection> memories, String humanAnswer,
            String note) {
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
        return new PromptBuilder.Situation(world.pose(), world.clearance(0, 0), world.nearbyObstacles(5), safety,
                deviceSummary(), openTasks, List.copyOf(recent), memories, humanAnswer, note);
    }

    /** Devices that are not ONLINE, by name and reason (the model should not plan with a broken arm). */
    private String deviceSummary() {
        DeviceRegistry r = devices.get();
        if (r == null) {
            return "";
        }
        try {
            List<String> bad = new ArrayList<>();
            int n = 0;
            for (DeviceInfo d : r.devices()) {
                n++;
                if (d.health().state() != HealthState.ONLINE) {
                    bad.add(d.id() + " " + d.health().state() + (d.health().reason().isEmpty() ? ""
                            : " (" + d.health().reason() + ")"));
                }
            }
            return bad.isEmpty() ? "all " + n + " ONLINE" : String.join("; ", bad);
        } catch (RuntimeException e) {
            LOG.debug("device registry unavailable", e);
            return "";
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
