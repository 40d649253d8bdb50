package mechos.memory.internal.recorder;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.bus.EventBus;
import mechos.memory.api.Recorder;
import mechos.memory.api.RecorderException;
import mechos.memory.api.RecordingFile;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.RecordingStatus;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationChecks;
import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.RunDirectory;

/** The {@link Recorder} service: one {@link RecordingSession} at a time, ticked by a small timer thread. */
@Component(configurationPid = BusRecorder.PID)
@Designate(ocd = RecorderConfig.class)
public final class BusRecorder implements Recorder {
    public static final String PID = "mechos.memory.recorder";
    private static final Logger LOG = LoggerFactory.getLogger(BusRecorder.class);

    private final EventBus bus;
    private final Path defaultDirectory;
    private final RecordingOptions configured;
    private final int queueCapacity;
    private final boolean fsync;
    private final Clock clock;
    private final MessageCodec codec = new MessageCodec();
    private final ScheduledExecutorService timer;
    private RecordingSession session;
    private ScheduledFuture<?> ticking;

    @Activate
    public BusRecorder(RecorderConfig config, @Reference EventBus bus, @Reference RunDirectory runDirectory) {
        this(bus, directory(config, runDirectory), options(config), config.queueCapacity(), config.fsync(),
                Clock.systemUTC());
        if (config.record()) {
            // activation stays fast: the first file is opened on the timer thread
            timer.execute(() -> {
                try {
                    start(configured);
                } catch (RuntimeException e) {
                    LOG.error("configured recording could not start: {}", e.getMessage(), e);
                }
            });
        }
    }

    BusRecorder(EventBus bus, Path defaultDirectory, RecordingOptions configured, int queueCapacity, boolean fsync,
            Clock clock) {
        this.bus = bus;
        this.defaultDirectory = defaultDirectory;
        this.configured = configured;
        this.queueCapacity = queueCapacity;
        this.fsync = fsync;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mechos-recorder-timer");
            t.setDaemon(true);
            return t;
        });
    }

    static Path directory(RecorderConfig config, RunDirectory runDirectory) {
        String d = config.directory() == null ? "" : config.directory().trim();
        return d.isEmpty() ? runDirectory.resolve("recordings") : Path.of(d);
    }

    /** For the bundle's configuration validator: what {@link #options} refuses in {@code values}. */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        RecorderConfig c = ComponentProperties.as(RecorderConfig.class, values);
        return new ConfigurationChecks()
                .check(() -> compression(c.compression()), "compression")
                .whole(() -> options(c), "topics", "prefix", "splitMiB", "splitSeconds", "chunkKiB", "chunkMillis")
                .problems();
    }

    static RecordingOptions options(RecorderConfig config) {
        try {
            // a .cfg file gives one comma-separated string, the Web Console a list: accept both
            List<String> topics = java.util.Arrays.stream(config.topics()).flatMap(t -> java.util.Arrays.stream(
                    t.split(","))).map(String::trim).filter(t -> !t.isEmpty()).toList();
            return new RecordingOptions(topics, null, config.prefix(),
                    config.splitMiB() * 1024 * 1024, Duration.ofSeconds(config.splitSeconds()),
                    config.chunkKiB() * 1024L, Duration.ofMillis(config.chunkMillis()),
                    compression(config.compression()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + PID + " configuration: " + e.getMessage(), e);
        }
    }

    static mechos.memory.api.RecordingCompression compression(String value) {
        try {
            return mechos.memory.api.RecordingCompression.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("compression '" + value + "' is not one of ZSTD, LZ4, NONE", e);
        }
    }

    @Override
    public RecordingOptions defaults() {
        return configured;
    }

    @Override
    public synchronized RecordingStatus start(RecordingOptions options) {
        if (session != null && session.active()) {
            throw new RecorderException("already recording to " + session.status().currentFile());
        }
        Path dir = options.directory() != null ? options.directory() : defaultDirectory;
        RecordingSession next = new RecordingSession(options, dir, codec, clock, fsync);
        next.start(bus, queueCapacity);
        session = next;
        long period = Math.max(10, options.chunkInterval().toMillis() / 4);
        ticking = timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        return next.status();
    }

    private void tick() {
        RecordingSession s;
        synchronized (this) {
            s = session;
        }
        try {
            if (s != null) {
                s.tick();
            }
        } catch (RuntimeException e) {
            // a failing tick must not cancel the periodic task
            LOG.warn("recorder tick failed: {}", e.getMessage(), e);
        }
    }

    @Override
    public synchronized RecordingStatus stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
        if (session == null) {
            return new RecordingStatus(false, null, List.of(), 0, 0, 0, 0, "");
        }
        return session.stop();
    }

    @Override
    public synchronized RecordingStatus status() {
        return session == null ? new RecordingStatus(false, null, List.of(), 0, 0, 0, 0, "") : session.status();
    }

    @Override
    public List<RecordingFile> recordings(int max) {
        Path dir;
        synchronized (this) {
            dir = session != null ? session.directory() : defaultDirectory;
        }
        return RecordingFiles.list(dir, Math.max(1, max));
    }

    @Deactivate
    void deactivate() {
        try {
            stop();
        } finally {
            timer.shutdownNow();
        }
    }
}
