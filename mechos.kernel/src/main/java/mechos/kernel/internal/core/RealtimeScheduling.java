package mechos.kernel.internal.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs one thread under Linux's SCHED_FIFO real-time policy, so the safety tick preempts ordinary threads (the
 * brain, a busy bus, a build on the same core) the moment its period is up. Java has no API for this; the thread
 * finds its own Linux thread id in {@code /proc/thread-self} and util-linux {@code chrt} changes its policy. It
 * needs root or CAP_SYS_NICE; without them, or off Linux, the thread keeps its normal priority and the reason is
 * returned. The JVM's own stop-the-world pauses still apply.
 */
final class RealtimeScheduling {
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final long CHRT_TIMEOUT_MS = 2000;

    private RealtimeScheduling() {
    }

    /** @return the Linux thread id of the calling thread, or -1 when it cannot be known (not Linux) */
    static long currentThreadId() {
        try {
            Path target = Files.readSymbolicLink(THREAD_SELF); // "<pid>/task/<tid>"
            return Long.parseLong(target.getFileName().toString());
        } catch (IOException | UnsupportedOperationException | NumberFormatException | SecurityException e) {
            return -1;
        }
    }

    /**
     * Sets SCHED_FIFO at {@code priority} for a thread. Blocks for at most about 2 s (the {@code chrt} process):
     * call it from a helper thread, never from a control loop.
     *
     * @return null on success, else why it was not possible
     */
    static String promote(long tid, int priority) {
        if (tid <= 0) {
            return "no Linux thread id (/proc/thread-self unavailable)";
        }
        if (priority < 1 || priority > 99) {
            return "priority " + priority + " outside 1..99";
        }
        Process p;
        try {
            p = new ProcessBuilder("chrt", "-f", "-p", Integer.toString(priority), Long.toString(tid))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return "cannot run chrt (util-linux): " + e.getMessage();
        }
        try {
            if (!p.waitFor(CHRT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "chrt did not return within " + CHRT_TIMEOUT_MS + " ms";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? null : "chrt exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return "interrupted while running chrt";
        } catch (IOException e) {
            return "cannot read chrt's output: " + e.getMessage();
        }
    }

    /** @return the scheduling policy of a thread as /proc reports it (0 normal, 1 FIFO, 2 RR), or -1 */
    static int policy(long tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"), StandardCharsets.UTF_8);
            // fields after the command name "(...)": state is field 3; policy is field 41
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[41 - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
