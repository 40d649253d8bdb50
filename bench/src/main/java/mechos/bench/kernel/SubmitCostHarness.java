package mechos.bench.kernel;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import mechos.kernel.api.Drive;

/**
 * What an approved {@code Kernel.submit} costs apart from time, so it can be compared on a loaded machine:
 * bytes allocated on the calling thread, and thread wake-ups (voluntary context switches of every thread in the
 * process, Linux only) per submit. Run: {@code java -Dmechos.bench.rt=0 -cp bench/target/benchmarks.jar
 * mechos.bench.kernel.SubmitCostHarness [submits]}.
 */
public final class SubmitCostHarness {
    private SubmitCostHarness() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Drive drive = new Drive(0.05, 0.1);
        try (KernelBenchSupport k = new KernelBenchSupport(Map.of("lease__ms", 60_000L))) {
            for (int i = 0; i < 2 * n; i++) {
                k.kernel.submit("brain", drive);
            }
            long self = Thread.currentThread().getId();
            long bytes = mx.getThreadAllocatedBytes(self);
            for (int i = 0; i < n; i++) {
                k.kernel.submit("brain", drive);
            }
            bytes = mx.getThreadAllocatedBytes(self) - bytes;
            long switches = switches();
            for (int i = 0; i < n; i++) {
                k.kernel.submit("brain", drive);
                LockSupport.parkNanos(20_000);
            }
            switches = switches() - switches;
            System.out.printf("approved submit: %d B allocated on the calling thread; %.2f voluntary context switches"
                    + " (all threads, submits paced 20 us apart; the caller's own park is one)%n", bytes / n,
                    (double) switches / n);
        }
        System.exit(0);
    }

    /** @return the sum of voluntary context switches of every thread of this process, -1 without /proc */
    private static long switches() throws IOException {
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return -1;
        }
        long sum = 0;
        for (File t : tasks) {
            try {
                for (String line : Files.readAllLines(new File(t, "status").toPath())) {
                    if (line.startsWith("voluntary_ctxt_switches")) {
                        sum += Long.parseLong(line.split("\\s+")[1]);
                    }
                }
            } catch (IOException e) {
                // the thread ended while we looked: its switches are simply not counted
            }
        }
        return sum;
    }
}
