package mechos.memory.internal.recorder;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import mechos.memory.api.RecordingOptions;
import mechos.memory.testsupport.FakeEventBus;

/** Child process of {@link RecorderKillTest}: records a simulated run until it is killed. */
public final class RecorderMain {
    private RecorderMain() {
    }

    public static void main(String[] args) {
        FakeEventBus bus = new FakeEventBus();
        BusRecorder recorder = new BusRecorder(bus, Path.of(args[0]), RecordingOptions.allTopics(), 10_000, false,
                Clock.systemUTC());
        recorder.start(new RecordingOptions(List.of("sim/*"), null, "run", 0, Duration.ZERO, 8 * 1024,
                Duration.ofMillis(50)));
        System.out.println("RECORDING " + recorder.status().currentFile());
        for (long i = 0;; i++) {
            SimMessages.publish(bus, i);
            if (i % 100 == 99) {
                System.out.println("PUBLISHED " + (i + 1));
            }
            LockSupport.parkNanos(200_000); // ~5000 messages/s: a steady simulated run
        }
    }
}
