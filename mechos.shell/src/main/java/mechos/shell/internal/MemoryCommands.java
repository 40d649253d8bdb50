package mechos.shell.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import mechos.memory.api.EpisodicMemory;
import mechos.memory.api.NewTask;
import mechos.memory.api.RecallQuery;
import mechos.memory.api.RecallResult;
import mechos.memory.api.Recollection;
import mechos.memory.api.Task;
import mechos.memory.api.TaskBoard;
import mechos.memory.api.TaskState;
import mechos.shell.internal.Args.UsageException;

/**
 * Gogo commands {@code mechos:memory} (recall / count of episodic memory) and {@code mechos:tasks} (the task
 * board). Memory answers with futures; the commands wait a bounded time and say so when it is exceeded.
 */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=memory",
        "osgi.command.function=tasks" })
public final class MemoryCommands {
    static final String MEMORY_USAGE = "mechos:memory count | mechos:memory recall <text...> [-k <n>]";
    static final String TASKS_USAGE = "mechos:tasks [list [OPEN|CLAIMED|DONE]] | mechos:tasks post <priority> <title...>"
            + " | mechos:tasks show <id>";
    private static final long WAIT_SECONDS = 10;

    private final AtomicReference<EpisodicMemory> memory = new AtomicReference<>();
    private final AtomicReference<TaskBoard> board = new AtomicReference<>();

    public MemoryCommands() {
    }

    MemoryCommands(EpisodicMemory m, TaskBoard t) {
        memory.set(m);
        board.set(t);
    }

    public String memory(String... args) {
        if (Args.isHelp(args) || args.length == 0) {
            return MEMORY_USAGE;
        }
        EpisodicMemory m = memory.get();
        if (m == null) {
            return "error: episodic memory is not available";
        }
        try {
            switch (args[0]) {
            case "count":
                if (args.length != 1) {
                    return Args.error("count takes no arguments", MEMORY_USAGE);
                }
                return await(m.count()) + " episodes (store " + m.health().status()
                        + (m.health().reason().isEmpty() ? "" : ": " + m.health().reason()) + ")";
            case "recall":
                return recall(m, args);
            default:
                return Args.error("unknown memory action '" + args[0] + "'", MEMORY_USAGE);
            }
        } catch (UsageException e) {
            return Args.error(e.getMessage(), MEMORY_USAGE);
        } catch (MemoryFailure e) {
            return "error: " + e.getMessage();
        }
    }

    private String recall(EpisodicMemory m, String[] args) {
        int k = 5;
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("-k")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("-k needs a number");
                }
                k = Args.integer("k", args[++i], 1, 100);
            } else {
                text.append(text.length() == 0 ? "" : " ").append(args[i]);
            }
        }
        if (text.length() == 0) {
            throw new UsageException("recall needs a text to compare with");
        }
        RecallResult r = await(m.recall(RecallQuery.text(text.toString(), k)));
        StringBuilder b = new StringBuilder();
        for (Recollection c : r.hits()) {
            b.append(String.format("%.3f  #%d %s [%s] %s", c.similarity(), c.episode().id(), c.episode().time(),
                    c.episode().source(), c.episode().situation()));
            if (!c.episode().intent().isEmpty()) {
                b.append("\n       intent: ").append(c.episode().intent());
            }
            if (!c.episode().verdict().isEmpty()) {
                b.append("\n       verdict: ").append(c.episode().verdict());
            }
            b.append('\n');
        }
        b.append(r.hits().size()).append(" recalled (embedder ").append(r.embedderId()).append(')');
        if (r.pendingReembed() > 0) {
            b.append(", ").append(r.pendingReembed()).append(" episodes still wait to be embedded");
        }
        return b.toString();
    }

    public String tasks(String... args) {
        if (Args.isHelp(args)) {
            return TASKS_USAGE;
        }
        TaskBoard t = board.get();
        if (t == null) {
            return "error: the task board is not available";
        }
        String action = args.length == 0 ? "list" : args[0];
        try {
            switch (action) {
            case "list": {
                TaskState state = null;
                if (args.length == 2) {
                    try {
                        state = TaskState.valueOf(args[1].toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("unknown task state '" + args[1] + "'");
                    }
                } else if (args.length > 2) {
                    throw new UsageException("list takes at most a state");
                }
                List<Task> tasks = await(t.list(state));
                StringBuilder b = new StringBuilder();
                for (Task task : tasks) {
                    b.append(line(task)).append('\n');
                }
                return b.append(tasks.size()).append(tasks.size() == 1 ? " task" : " tasks").toString();
            }
            case "post": {
                if (args.length < 3) {
                    throw new UsageException("post needs a priority and a title");
                }
                int priority = Args.integer("priority", args[1], -1000, 1000);
                Task task = await(t.post(new NewTask(Args.rest(args, 2), "", priority)));
                return "posted " + line(task);
            }
            case "show": {
                if (args.length != 2) {
                    throw new UsageException("show needs a task id");
                }
                return await(t.get(args[1])).map(MemoryCommands::detail).orElse("error: no task '" + args[1] + "'");
            }
            default:
                throw new UsageException("unknown tasks action '" + action + "'");
            }
        } catch (UsageException e) {
            return Args.error(e.getMessage(), TASKS_USAGE);
        } catch (MemoryFailure e) {
            return "error: " + e.getMessage();
        }
    }

    static String line(Task t) {
        return String.format("%s  %-7s p=%d  %s%s", t.id(), t.state(), t.priority(), t.title(),
                t.claimant() == null ? "" : "  (" + t.claimant() + ")");
    }

    static String detail(Task t) {
        return line(t) + "\n  created " + t.created() + ", updated " + t.updated()
                + (t.leaseExpires() == null ? "" : ", lease until " + t.leaseExpires())
                + (t.payload().isEmpty() ? "" : "\n  payload: " + t.payload())
                + (t.result() == null || t.result().isEmpty() ? "" : "\n  result: " + t.result());
    }

    /** Memory could not answer (failed, timed out); reported without the usage text. */
    static final class MemoryFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MemoryFailure(String message) {
            super(message);
        }
    }

    /** Waits a bounded time for memory; failures become a message, never an exception out of the shell. */
    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemoryFailure("interrupted");
        } catch (ExecutionException e) {
            throw new MemoryFailure("memory failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new MemoryFailure("memory did not answer within " + Duration.ofSeconds(WAIT_SECONDS).toSeconds()
                    + " s");
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEpisodicMemory(EpisodicMemory m) {
        memory.set(m);
    }

    void unbindEpisodicMemory(EpisodicMemory m) {
        memory.compareAndSet(m, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTaskBoard(TaskBoard t) {
        board.set(t);
    }

    void unbindTaskBoard(TaskBoard t) {
        board.compareAndSet(t, null);
    }
}
