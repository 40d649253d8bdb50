package mechos.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Topic;
import mechos.platform.api.LogText;
import mechos.shell.internal.Args.UsageException;

/**
 * The ROS 2 CLI habits on the MechOS bus: {@code mechos:topics} (every topic with its payload type, delivery and
 * measured rate), {@code mechos:echo <topic> [n]} (the next n messages) and {@code mechos:hz <topic> [seconds]}
 * (publish rate over a bounded window). Every command listens for a bounded time only and says how long; rates come
 * from the messages' publish timestamps, not from how fast this shell was scheduled.
 */
@Component(service = Object.class, property = { "osgi.command.scope=mechos", "osgi.command.function=topics",
        "osgi.command.function=echo", "osgi.command.function=hz" })
public final class BusCommands {
    static final String TOPICS_USAGE = "mechos:topics [<seconds to measure rates, 0..10, default 1>]";
    static final String ECHO_USAGE = "mechos:echo <topic> [<n messages, 1..100, default 1>] [<timeout s, 1..60, "
            + "default 10>]";
    static final String HZ_USAGE = "mechos:hz <topic> [<seconds, 1..60, default 5>]";
    private static final int CAPACITY = 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /** How a command waits for its listening window (a test replaces it to deliver messages instead). */
    interface Window {
        /** @return true if {@code done} was counted down before {@code timeout} */
        boolean await(CountDownLatch done, Duration timeout) throws InterruptedException;
    }

    private final AtomicReference<EventBus> bus = new AtomicReference<>();
    private final Window window;

    public BusCommands() {
        this(null, (done, timeout) -> done.await(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    BusCommands(EventBus b, Window window) {
        this.window = window;
        bus.set(b);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setBus(EventBus b) {
        bus.set(b);
    }

    void unsetBus(EventBus b) {
        bus.compareAndSet(b, null);
    }

    public String topics(String... args) {
        if (Args.isHelp(args)) {
            return TOPICS_USAGE;
        }
        try {
            if (args.length > 1) {
                throw new UsageException("too many arguments");
            }
            int seconds = args.length == 1 ? Args.integer("seconds", args[0], 0, 10) : 1;
            EventBus b = requireBus();
            Map<String, Rate> rates = new ConcurrentHashMap<>();
            if (seconds > 0) {
                try (BusSubscription s = b.subscribeAll(t -> true, "shell-topics", CAPACITY,
                        e -> rates.computeIfAbsent(e.topic().name(), n -> new Rate()).add(e))) {
                    window.await(new CountDownLatch(1), Duration.ofSeconds(seconds));
                }
            }
            List<Topic<?>> all = new ArrayList<>(b.topics());
            all.sort(Comparator.comparing(Topic::name));
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-32s %-28s %-9s %s%n", "TOPIC", "TYPE",
                    "DELIVERY", seconds > 0 ? "RATE (" + seconds + " s)" : "RATE (not measured)"));
            for (Topic<?> t : all) {
                Rate r = rates.get(t.name());
                out.append(String.format(Locale.ROOT, "%-32s %-28s %-9s %s%n", t.name(), t.type().getSimpleName(),
                        t.delivery(), seconds == 0 ? "-" : r == null ? "0 msgs" : r.describe()));
            }
            out.append(all.size()).append(" topics");
            return out.toString();
        } catch (UsageException e) {
            return Args.error(e.getMessage(), TOPICS_USAGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public String echo(String... args) {
        if (Args.isHelp(args) || args.length == 0) {
            return ECHO_USAGE;
        }
        try {
            if (args.length > 3) {
                throw new UsageException("too many arguments");
            }
            int n = args.length >= 2 ? Args.integer("n", args[1], 1, 100) : 1;
            int timeout = args.length == 3 ? Args.integer("timeout", args[2], 1, 60) : 10;
            Topic<?> topic = requireTopic(args[0]);
            List<String> lines = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(n);
            boolean complete;
            try (BusSubscription s = subscribe(topic, "shell-echo", e -> {
                synchronized (lines) {
                    if (lines.size() < n) {
                        lines.add("[" + TIME.format(Instant.ofEpochMilli(e.wallMillis())) + "] "
                                + LogText.cap(e.payload()));
                        done.countDown();
                    }
                }
            })) {
                complete = window.await(done, Duration.ofSeconds(timeout));
            }
            synchronized (lines) {
                StringBuilder out = new StringBuilder();
                lines.forEach(l -> out.append(l).append('\n'));
                if (!complete) {
                    out.append(lines.size()).append(" of ").append(n).append(" message(s) on ").append(topic.name())
                            .append(" within ").append(timeout).append(" s");
                }
                return out.toString().stripTrailing();
            }
        } catch (UsageException e) {
            return Args.error(e.getMessage(), ECHO_USAGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public String hz(String... args) {
        if (Args.isHelp(args) || args.length == 0) {
            return HZ_USAGE;
        }
        try {
            if (args.length > 2) {
                throw new UsageException("too many arguments");
            }
            int seconds = args.length == 2 ? Args.integer("seconds", args[1], 1, 60) : 5;
            Topic<?> topic = requireTopic(args[0]);
            Rate rate = new Rate();
            try (BusSubscription s = subscribe(topic, "shell-hz", rate::add)) {
                window.await(new CountDownLatch(1), Duration.ofSeconds(seconds));
            }
            return topic.name() + ": " + rate.describe() + " over " + seconds + " s";
        } catch (UsageException e) {
            return Args.error(e.getMessage(), HZ_USAGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private BusSubscription subscribe(Topic<?> topic, String name, java.util.function.Consumer<Envelope<?>> sink) {
        return requireBus().subscribe((Topic) topic, name, CAPACITY, e -> sink.accept((Envelope<?>) e));
    }

    private EventBus requireBus() {
        EventBus b = bus.get();
        if (b == null) {
            throw new UsageException("the event bus is not available");
        }
        return b;
    }

    private Topic<?> requireTopic(String name) {
        Optional<Topic<?>> t = requireBus().topic(name);
        if (t.isEmpty()) {
            throw new UsageException("no topic '" + name + "' (mechos:topics lists them)");
        }
        return t.get();
    }

    /** Messages counted with their publish times; thread-safe. */
    static final class Rate {
        private long count;
        private long first = Long.MIN_VALUE;
        private long last;
        private long minGap = Long.MAX_VALUE;
        private long maxGap;

        synchronized void add(Envelope<?> e) {
            long t = e.publishedNanos();
            if (count > 0) {
                long gap = t - last;
                minGap = Math.min(minGap, gap);
                maxGap = Math.max(maxGap, gap);
            } else {
                first = t;
            }
            last = t;
            count++;
        }

        synchronized String describe() {
            if (count < 2) {
                return count + " msg" + (count == 1 ? "" : "s");
            }
            double span = (last - first) / 1e9;
            double hz = span > 0 ? (count - 1) / span : Double.POSITIVE_INFINITY;
            return String.format(Locale.ROOT, "%.2f Hz (%d msgs, period min %.1f ms max %.1f ms)", hz, count,
                    minGap / 1e6, maxGap / 1e6);
        }
    }
}
