package mechos.memory.internal.recorder;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.memory.api.PlaybackOptions;
import mechos.memory.api.PlaybackResult;
import mechos.memory.api.Player;
import mechos.memory.api.Recorder;
import mechos.memory.api.RecordingFile;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.RecordingStatus;

/**
 * Gogo shell commands ({@code mechos:record}, {@code mechos:stoprecord}, {@code mechos:recordstatus},
 * {@code mechos:play}, {@code mechos:inspect}). Registered as a plain service with the Gogo command properties, so
 * there is no compile dependency on Gogo. Every command returns text and never throws.
 */
@Component(service = RecorderCommands.class, property = {
    "osgi.command.scope=mechos",
    "osgi.command.function=record",
    "osgi.command.function=stoprecord",
    "osgi.command.function=recordstatus",
    "osgi.command.function=recordings",
    "osgi.command.function=play",
    "osgi.command.function=inspect"})
public final class RecorderCommands {
    private static final Logger LOG = LoggerFactory.getLogger(RecorderCommands.class);

    static final String RECORD_USAGE = "mechos:record [<topic pattern>...]: record the given topics (all without "
            + "arguments) to a new file under recordings/; a topic named like 'help' cannot be recorded by name";
    static final String STOPRECORD_USAGE = "mechos:stoprecord: stop the recording and close its file";
    static final String RECORDSTATUS_USAGE = "mechos:recordstatus: whether a recording runs, its file and counts";
    static final String RECORDINGS_USAGE = "mechos:recordings: the newest recordings on disk (time, size, path)";
    static final String INSPECT_USAGE = "mechos:inspect <file>: topics, message counts and time range of a recording";

    private final Recorder recorder;
    private final Player player;

    @Activate
    public RecorderCommands(@Reference Recorder recorder, @Reference Player player) {
        this.recorder = recorder;
        this.player = player;
    }

    /** record [topic patterns...]: starts recording (all topics without arguments). */
    public String record(String... topics) {
        if (topics.length == 1 && isHelp(topics[0])) {
            return RECORD_USAGE;
        }
        for (String t : topics) {
            if (t.startsWith("-")) {
                return "error: unknown option '" + t + "' (nothing recorded)\nusage: " + RECORD_USAGE;
            }
        }
        try {
            RecordingOptions base = recorder.defaults();
            RecordingStatus s = recorder.start(topics.length == 0 ? base : base.withTopics(List.of(topics)));
            return "recording to " + s.currentFile();
        } catch (RuntimeException e) {
            return fail("record", e);
        }
    }

    public String stoprecord(String... args) {
        if (args.length > 0) {
            return usage("stoprecord", STOPRECORD_USAGE, args);
        }
        try {
            return describe(recorder.stop());
        } catch (RuntimeException e) {
            return fail("stoprecord", e);
        }
    }

    public String recordstatus(String... args) {
        if (args.length > 0) {
            return usage("recordstatus", RECORDSTATUS_USAGE, args);
        }
        try {
            return describe(recorder.status());
        } catch (RuntimeException e) {
            return fail("recordstatus", e);
        }
    }

    /** recordings: the newest recordings on disk (path, size, time). */
    public String recordings(String... args) {
        if (args.length > 0) {
            return usage("recordings", RECORDINGS_USAGE, args);
        }
        try {
            List<RecordingFile> files = recorder.recordings(50);
            if (files.isEmpty()) {
                return "no recordings";
            }
            StringBuilder b = new StringBuilder();
            for (RecordingFile f : files) {
                b.append(java.time.Instant.ofEpochMilli(f.modifiedMillis())).append("  ")
                        .append(String.format("%,12d B  ", f.bytes())).append(f.file()).append('\n');
            }
            return b.toString().stripTrailing();
        } catch (RuntimeException e) {
            return fail("recordings", e);
        }
    }

    static final String PLAY_USAGE = "mechos:play <file> [speed] [--topics a,b*] [--live sensors/scan,…] [--loop N]"
            + "  (speed 1 = recorded pace, 0 = as fast as possible; everything goes to replay/<topic> except the "
            + "sensor topics named by --live, which go to their live name, e.g. into perception)";

    /**
     * play file [speed] [--topics patterns] [--live patterns] [--loop N]: plays and waits until done. Only sensor
     * topics ({@code sensors/*}) can go live; other --live names are refused rather than silently replayed.
     */
    public String play(String... args) {
        PlaybackOptions options;
        String file;
        try {
            if (args.length == 0 || args[0].equals("help") || args[0].equals("-h") || args[0].startsWith("--")) {
                return PLAY_USAGE;
            }
            file = args[0];
            options = playOptions(args);
        } catch (IllegalArgumentException e) {
            return "mechos:play: " + e.getMessage() + "\nusage: " + PLAY_USAGE;
        }
        try {
            PlaybackResult r = player.play(Path.of(file), options).get(24, TimeUnit.HOURS);
            return "published " + r.published() + ", skipped " + r.skipped()
                    + (options.liveTopics().isEmpty() ? "" : " (live: " + options.liveTopics() + ")")
                    + (r.unknownTopics().isEmpty() ? "" : " (unknown topics: " + r.unknownTopics() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "play interrupted";
        } catch (TimeoutException | RuntimeException | java.util.concurrent.ExecutionException e) {
            return fail("play", e);
        }
    }

    static PlaybackOptions playOptions(String[] args) {
        PlaybackOptions o = PlaybackOptions.realTime();
        boolean speedSeen = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--topics") || a.equals("--live") || a.equals("--loop")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                if (a.equals("--loop")) {
                    int n = parseInt(a, v);
                    if (n < 1) {
                        throw new IllegalArgumentException("--loop needs N >= 1 (the shell waits for the playback)");
                    }
                    o = o.withLoops(n);
                    continue;
                }
                List<String> names = java.util.Arrays.stream(v.split(",")).map(String::trim)
                        .filter(t -> !t.isEmpty()).toList();
                if (a.equals("--topics")) {
                    o = o.withTopics(names);
                } else {
                    for (String n : names) {
                        if (!PlaybackOptions.mayGoLive(n)) {
                            throw new IllegalArgumentException("'" + n + "' cannot go live: only sensor topics ("
                                    + PlaybackOptions.SENSOR_PREFIX + "...) may; kernel and other topics are "
                                    + "replayed under " + PlaybackOptions.REPLAY_PREFIX);
                        }
                    }
                    o = o.withLiveTopics(names);
                }
            } else if (!speedSeen && !a.startsWith("--")) {
                double speed;
                try {
                    speed = Double.parseDouble(a);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("speed '" + a + "' is not a number");
                }
                o = new PlaybackOptions(speed, o.topics(), o.liveTopics(), o.loops());
                speedSeen = true;
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
        }
        return o;
    }

    private static int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + v + "' is not a whole number");
        }
    }

    public String inspect(String file) {
        if (isHelp(file)) {
            return INSPECT_USAGE;
        }
        try {
            return RecordingFiles.format(player.inspect(Path.of(file)));
        } catch (RuntimeException e) {
            return fail("inspect", e);
        }
    }

    private static String describe(RecordingStatus s) {
        return (s.recording() ? "recording to " + s.currentFile() : "not recording") + "; messages " + s.messages()
                + ", bytes " + s.bytes() + ", dropped " + s.dropped() + ", failures " + s.failures()
                + (s.lastError().isEmpty() ? "" : ", last error: " + s.lastError())
                + (s.files().isEmpty() ? "" : "\nfiles: " + s.files());
    }

    private static String fail(String command, Exception e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                ? e.getCause() : e;
        LOG.debug("mechos:{} failed", command, cause);
        return "mechos:" + command + " failed: " + cause.getMessage();
    }

    private static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("-h") || arg.equals("--help");
    }

    /** @return the usage for {@code help}, else an error naming the unexpected arguments plus the usage */
    private static String usage(String command, String usage, String... args) {
        if (args.length == 1 && isHelp(args[0])) {
            return usage;
        }
        return "error: " + command + " takes no arguments, got '" + String.join(" ", args) + "'\nusage: " + usage;
    }
}
