package mechos.itest.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import mechos.itest.support.MechosTestSupport;

/**
 * Hand-run measurement (not in the test suite: failsafe includes only *IT): SIGTERM → the RoboClaw (emulated on a
 * socat pty) received and acknowledged zero speed, over {@code -Dsigterm.runs=20} boots of the exported jar. Run:
 * {@code mvn -B -pl mechos.itest -am verify -Dit.test=SigtermLatencyBench -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}; the numbers go to
 * {@code target/itest-work/sigterm-latency.txt}.
 */
class SigtermLatencyBench {
    @Test
    void sigtermToAcknowledgedZero() throws Exception {
        int runs = Integer.getInteger("sigterm.runs", 20);
        List<Double> ms = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < runs; i++) {
            try (SerialRobot r = SerialRobot.start()) {
                r.awaitDriving();
                long sent = r.sigterm();
                if (!r.robot.process.waitFor(20, TimeUnit.SECONDS)) {
                    throw new AssertionError("run " + i + ": no exit within 20 s");
                }
                int zero = r.firstZeroAfter(sent);
                if (zero < 0 || zero < r.lastNonZero()) {
                    report.append("run ").append(i).append(": NO acknowledged zero after the last motion\n");
                    continue;
                }
                double t = (r.claw.speedNanos.get(zero) - sent) / 1e6;
                ms.add(t);
                report.append(String.format("run %d: %.1f ms%n", i, t));
            }
        }
        List<Double> sorted = new ArrayList<>(ms);
        sorted.sort(null);
        String summary = sorted.isEmpty() ? "no successful run"
                : String.format("runs=%d ok=%d min=%.1f p50=%.1f p99=%.1f max=%.1f ms", runs, sorted.size(),
                        sorted.get(0), sorted.get(sorted.size() / 2),
                        sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1), sorted.get(sorted.size() - 1));
        report.append(summary).append('\n');
        Path out = MechosTestSupport.workDir().resolve("sigterm-latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.print(report);
    }
}
