package mechos.memory.internal.recorder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Topic;
import mechos.memory.api.PlaybackOptions;
import mechos.memory.api.PlaybackResult;
import mechos.memory.api.PlaybackStepper;
import mechos.memory.api.Player;
import mechos.memory.api.RecordedMessage;
import mechos.memory.api.RecorderException;
import mechos.memory.api.RecordingInfo;
import mechos.memory.internal.mcap.McapReader;

/**
 * The {@link Player} service. Playback streams the file on a player thread and publishes each message, decoded to
 * the type of the bus topic of the same name, at the recorded pace divided by the speed factor, under
 * {@code replay/<name>} (never onto a live kernel topic; see {@link PlaybackOptions}). The bus
 * is optional: inspecting and reading work without it.
 */
@Component
public final class McapPlayer implements Player {
    private static final Logger LOG = LoggerFactory.getLogger(McapPlayer.class);

    private final AtomicReference<EventBus> bus = new AtomicReference<>();
    private final MessageCodec codec = new MessageCodec();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mechos-player");
        t.setDaemon(true);
        return t;
    });

    public McapPlayer() {
        // DS default constructor; the bus arrives through bindBus
    }

    McapPlayer(EventBus bus) {
        this.bus.set(bus);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBus(EventBus b) {
        bus.set(b);
    }

    void unbindBus(EventBus b) {
        bus.compareAndSet(b, null);
    }

    @Deactivate
    void deactivate() {
        threads.shutdownNow();
    }

    /** Publishes recorded messages; remembers topics unknown to the bus. */
    private final class Publisher {
        private final Map<Integer, Optional<Topic<?>>> topics = new HashMap<>();
        private final Set<String> unknown = new TreeSet<>();
        private final Map<Integer, Topic<?>> targets = new HashMap<>();
        private final TopicFilter filter;
        private final TopicFilter live;
        long published;
        long skipped;

        private final PlaybackOptions options;

        Publisher(PlaybackOptions options) {
            this.options = options;
            this.filter = new TopicFilter(options.topics());
            this.live = new TopicFilter(options.liveTopics());
        }

        /**
         * The topic a recorded message is published on: {@code replay/<name>} of the same type, or the live topic
         * itself when the options ask for it and it is not a kernel topic.
         */
        private Topic<?> target(int channelId, Topic<?> recorded) {
            return targets.computeIfAbsent(channelId, id -> liveAllowed(recorded.name()) ? recorded
                    : new Topic<>(PlaybackOptions.REPLAY_PREFIX + recorded.name(), recorded.type(),
                            recorded.delivery()));
        }

        private boolean liveAllowed(String name) {
            return !options.liveTopics().isEmpty() && live.test(name) && PlaybackOptions.mayGoLive(name)
                    && !name.startsWith(PlaybackOptions.KERNEL_PREFIX)
                    && !name.startsWith(PlaybackOptions.REPLAY_PREFIX);
        }

        boolean wanted(McapReader.Message m) {
            return filter.test(m.channel().topic());
        }

        @SuppressWarnings("unchecked")
        void publish(McapReader.Message m) {
            EventBus b = bus.get();
            if (b == null) {
                throw new RecorderException("no event bus to play onto");
            }
            if (!"json".equals(m.channel().messageEncoding())) {
                if (unknown.add(m.channel().topic())) {
                    LOG.warn("playback: {} is encoded as '{}', which MechOS does not decode (json only); its messages "
                            + "are skipped", m.channel().topic(), m.channel().messageEncoding());
                }
                skipped++;
                return;
            }
            Optional<Topic<?>> topic = topics.computeIfAbsent(m.channel().id(), id -> b.topic(m.channel().topic()));
            if (topic.isEmpty()) {
                if (unknown.add(m.channel().topic())) {
                    LOG.warn("playback: topic {} is unknown to the bus; its messages are skipped", m.channel().topic());
                }
                skipped++;
                return;
            }
            try {
                MessageCodec.Decoded<?> d = codec.decode(m.data(), m.channel().schemaName(), topic.get().type());
                b.publish((Topic<Object>) target(m.channel().id(), topic.get()), d.payload(), d.correlationId());
                published++;
            } catch (IOException | RuntimeException e) {
                skipped++;
                LOG.warn("playback: a message on {} could not be decoded to {}: {}", m.channel().topic(),
                        topic.get().type().getName(), e.getMessage());
            }
        }

        PlaybackResult result(boolean cancelled) {
            return new PlaybackResult(published, skipped, List.copyOf(unknown), cancelled);
        }
    }

    @Override
    public CompletableFuture<PlaybackResult> play(Path file, PlaybackOptions options) {
        CompletableFuture<PlaybackResult> result = new CompletableFuture<>();
        if (bus.get() == null) {
            result.completeExceptionally(new RecorderException("no event bus to play onto"));
            return result;
        }
        try {
            threads.execute(() -> playNow(file, options, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RecorderException("player is stopped", e));
        }
        return result;
    }

    private void playNow(Path file, PlaybackOptions options, CompletableFuture<PlaybackResult> result) {
        Publisher publisher = new Publisher(options);
        try {
            for (int pass = 0; (options.loops() == 0 || pass < options.loops()) && !result.isDone(); pass++) {
                long before = publisher.published + publisher.skipped;
                playOnce(file, options, result, publisher);
                if (publisher.published + publisher.skipped == before) {
                    break; // nothing in the file to play: looping would spin
                }
            }
            result.complete(publisher.result(false));
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e instanceof RecorderException ? e
                    : new RecorderException("playback of " + file + " failed: " + e.getMessage(), e));
        }
    }

    /** One pass over the file, paced from its first played message. */
    private static void playOnce(Path file, PlaybackOptions options, CompletableFuture<PlaybackResult> result,
            Publisher publisher) throws IOException {
        long[] origin = {Long.MIN_VALUE, 0};
        McapReader.read(file, m -> {
            if (result.isDone()) {
                return false; // cancelled
            }
            if (!publisher.wanted(m)) {
                return true;
            }
            if (options.speed() > 0) {
                if (origin[0] == Long.MIN_VALUE) {
                    origin[0] = m.logTime();
                    origin[1] = System.nanoTime();
                }
                long due = origin[1] + (long) ((m.logTime() - origin[0]) / options.speed());
                for (long wait = due - System.nanoTime(); wait > 0 && !result.isDone();
                        wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(wait, 50_000_000L)); // pace playback; re-check cancellation
                }
                if (result.isDone()) {
                    return false;
                }
            }
            publisher.publish(m);
            return true;
        });
    }

    @Override
    public PlaybackStepper stepper(Path file, PlaybackOptions options) {
        Publisher publisher = new Publisher(options);
        List<McapReader.Message> messages = new ArrayList<>();
        try {
            McapReader.read(file, m -> {
                if (publisher.wanted(m)) {
                    messages.add(m);
                }
                return true;
            });
        } catch (IOException | RuntimeException e) {
            throw new RecorderException("cannot read recording " + file + ": " + e.getMessage(), e);
        }
        return new PlaybackStepper() {
            private int next;

            @Override
            public Optional<RecordedMessage> peek() {
                return next < messages.size() ? Optional.of(recorded(messages.get(next))) : Optional.empty();
            }

            @Override
            public Optional<RecordedMessage> step() {
                if (next >= messages.size()) {
                    return Optional.empty();
                }
                McapReader.Message m = messages.get(next++);
                publisher.publish(m);
                return Optional.of(recorded(m));
            }

            @Override
            public void close() {
                messages.clear();
                next = 0;
            }
        };
    }

    private RecordedMessage recorded(McapReader.Message m) {
        try {
            return RecordingFiles.toRecorded(codec, m);
        } catch (IOException e) {
            throw new RecorderException("undecodable message on " + m.channel().topic() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RecordingInfo inspect(Path file) {
        return RecordingFiles.inspect(file);
    }

    @Override
    public List<RecordedMessage> read(Path file) {
        return RecordingFiles.read(codec, file);
    }
}
