package mechos.runtime.internal.loop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.fleet.api.FleetMessage;
import mechos.fleet.api.FleetTopics;
import mechos.fleet.api.FleetView;
import mechos.fleet.api.PeerStatus;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;

/**
 * What the fleet tells the brain: the last inbound peer messages ({@link FleetTopics#MESSAGES}, newest first,
 * bounded, truncated) and the peers' presence ({@link FleetView}, when the fleet bundle runs and is configured).
 *
 * <p>Everything here is untrusted text from other machines. It only ever becomes observation lines in the prompt,
 * quoted and stripped of line breaks and control characters, under a heading that says it is data; nothing here
 * submits an intent or touches the kernel. Thread-safe: the bus delivers on its own thread, the loop reads.
 */
final class FleetInbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetInbox.class);
    private static final int ID_CHARS = 40;
    private static final int STATE_CHARS = 40;
    private static final int PEERS = 10;
    private static final int QUEUE = 64;

    private record Received(FleetMessage message, long atNanos) {
    }

    private final int capacity;
    private final int maxChars;
    private final LongSupplier clock;
    private final LongSupplier wallMillis;
    private final Supplier<FleetView> fleet;
    private final Deque<Received> messages = new ArrayDeque<>();
    private BusSubscription subscription;

    /**
     * @param capacity how many messages the prompt shows (0: none are kept)
     * @param maxChars each message's text is cut to this many characters
     * @param fleet    the fleet's presence view, or a supplier of null when none is bound
     * @param clock    monotonic nanoseconds (message ages)
     * @param wallMillis this robot's wall clock (peer status ages, which the fleet stamps in wall time)
     */
    FleetInbox(int capacity, int maxChars, Supplier<FleetView> fleet, LongSupplier clock, LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
        this.capacity = Math.max(0, capacity);
        this.maxChars = Math.max(1, maxChars);
        this.fleet = fleet;
        this.clock = clock;
    }

    /** Subscribes to inbound fleet messages on {@code bus} (nothing when the bus is null or nothing is kept). */
    void subscribe(EventBus bus, String name) {
        if (bus == null || capacity == 0) {
            return;
        }
        try {
            subscription = bus.subscribe(FleetTopics.MESSAGES, name, QUEUE, e -> accept(e.payload()));
        } catch (RuntimeException e) {
            LOG.warn("cannot subscribe to {}: the prompt will not show peer messages", FleetTopics.MESSAGES.name(), e);
        }
    }

    /** Keeps one inbound message (any thread); the oldest goes when more than the capacity arrived. */
    void accept(FleetMessage m) {
        if (m == null || capacity == 0) {
            return;
        }
        synchronized (messages) {
            messages.addFirst(new Received(m, clock.getAsLong()));
            while (messages.size() > capacity) {
                messages.removeLast();
            }
        }
    }

    /** @return one observation line per kept message, newest first: sender, age, and the quoted, cut text */
    List<String> messageLines() {
        List<Received> copy;
        synchronized (messages) {
            copy = new ArrayList<>(messages);
        }
        long now = clock.getAsLong();
        List<String> out = new ArrayList<>(copy.size());
        for (Received r : copy) {
            FleetMessage m = r.message();
            out.add(String.format(Locale.ROOT, "from %s, %d s ago, %s: %s", id(m.from()),
                    Math.max(0, (now - r.atNanos()) / 1_000_000_000L), m.broadcast() ? "to the whole fleet" : "to you",
                    quote(m.text(), maxChars)));
        }
        return out;
    }

    /**
     * @param self this robot's pose (for distances), if known
     * @return one line per peer (id, online, safety and agent state, distance, age of its status); empty without a
     *         fleet view
     */
    List<String> peerLines(Optional<Pose2D> self) {
        FleetView view = fleet.get();
        if (view == null) {
            return List.of();
        }
        List<PeerStatus> peers;
        try {
            peers = view.peers();
        } catch (RuntimeException e) {
            LOG.debug("fleet view unavailable", e);
            return List.of();
        }
        long nowMillis = wallMillis.getAsLong();
        List<String> out = new ArrayList<>();
        for (Iterator<PeerStatus> it = peers.iterator(); it.hasNext() && out.size() < PEERS;) {
            PeerStatus p = it.next();
            StringBuilder b = new StringBuilder(id(p.robotId())).append(p.online() ? " online" : " offline")
                    .append(", safety ").append(word(p.safetyState())).append(", agent ")
                    .append(word(p.agentState()));
            if (self.isPresent() && Double.isFinite(p.x()) && Double.isFinite(p.y())) {
                b.append(String.format(Locale.ROOT, ", %.1f m away", Math.hypot(p.x() - self.get().x(),
                        p.y() - self.get().y())));
            }
            b.append(String.format(Locale.ROOT, ", seen %d s ago", p.ageMillis(nowMillis) / 1000));
            out.add(b.toString());
        }
        if (peers.size() > PEERS) {
            out.add("… " + (peers.size() - PEERS) + " more");
        }
        return out;
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    /** A robot id as printed: letters, digits, '.', '_', '-' only, cut (ids come from the network). */
    static String id(String s) {
        if (s == null || s.isEmpty()) {
            return "(unknown)";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < ID_CHARS; i++) {
            char c = s.charAt(i);
            b.append(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' ? c : '?');
        }
        return b.toString();
    }

    private static String word(String s) {
        return s == null ? "unknown" : quote(s, STATE_CHARS);
    }

    /**
     * Peer text as one JSON-style string literal: control characters and line breaks become spaces, quotes and
     * backslashes are escaped, so it cannot end the quotation or start a line that looks like our own prompt.
     */
    static String quote(String s, int max) {
        String t = s == null ? "" : s;
        boolean cut = t.length() > max;
        if (cut) {
            t = t.substring(0, max);
        }
        StringBuilder b = new StringBuilder(t.length() + 8).append('"');
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b.append(cut ? "…\"" : "\"").toString();
    }
}
