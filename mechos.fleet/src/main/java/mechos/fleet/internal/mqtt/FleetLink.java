package mechos.fleet.internal.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.fleet.api.FleetHealth;

/**
 * The connection to the broker (Eclipse Paho MQTT v5): our own reconnect with backoff and jitter (Paho's automatic
 * reconnect is off so that the delays are ours), a persistent session ({@code cleanStart=false} + session expiry)
 * so QoS 1 messages missed while away are delivered on return, a last will, and a bounded store-and-forward
 * {@link Outbox}. Every publish goes through the outbox and is flushed in order on the link's own thread, so a
 * caller never blocks on the network. Connect attempts are bounded by the connect timeout.
 *
 * <p>Every connection gets a <em>new</em> Paho client and we keep the QoS 1 messages it has not had acknowledged
 * ourselves: on the next connection they go back to the head of the outbox and are published again, whole. Paho
 * 1.2.5 gives every PUBLISH after the first on a topic only a topic alias (when the broker grants aliases, as
 * Mosquitto does) and, on a resumed session, resends its stored unacknowledged PUBLISHes as they were, alias only;
 * aliases live only as long as one network connection, so the broker refused every such reconnect with reason
 * code 130 (protocol error). A message may thus arrive twice (MQTT QoS 1 is at-least-once anyway); the market's
 * events are idempotent and peer messages are deduplicated by the receiver.
 */
public final class FleetLink {
    private static final Logger LOG = LoggerFactory.getLogger(FleetLink.class);

    /** Receives what arrives; called on Paho's callback thread, must be quick and must not throw. */
    public interface Handler {
        /**
         * @param reconnect      false on the first connection of this link
         * @param sessionPresent the broker kept this client's session (no QoS 1 message to it was lost)
         */
        void connected(boolean reconnect, boolean sessionPresent);

        void message(String topic, byte[] payload);
    }

    private final LinkOptions options;
    private final ScheduledExecutorService exec;
    private final Handler handler;
    private final Backoff backoff;
    private final List<String> subscriptions;
    private final Outbox outbox;
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile MqttAsyncClient client;
    private volatile FleetHealth health = FleetHealth.OFFLINE;
    private volatile String reason = "not connected yet";
    private volatile boolean closed;
    private volatile boolean everConnected;
    private volatile boolean flushScheduled;
    /** Published on the current or an earlier client and not yet acknowledged, in publish order (by sequence). */
    private final java.util.SortedMap<Long, Outbox.Item> unacked = new java.util.TreeMap<>();
    private long nextSeq;

    public FleetLink(LinkOptions options, ScheduledExecutorService exec, Handler handler, Backoff backoff,
            List<String> subscriptions) {
        this.options = options;
        this.exec = exec;
        this.handler = handler;
        this.backoff = backoff;
        this.subscriptions = List.copyOf(subscriptions);
        this.outbox = new Outbox(options.outboxCapacity());
    }

    /** Starts connecting in the background. */
    public void start() {
        exec.execute(this::connect);
    }

    /** At most one connection attempt is pending: a loss reported while an attempt fails must not start a second. */
    private final java.util.concurrent.atomic.AtomicBoolean attemptPending = new java.util.concurrent.atomic.AtomicBoolean();

    private void scheduleConnect(long delayMillis) {
        if (attemptPending.compareAndSet(false, true)) {
            schedule(this::connect, delayMillis);
        }
    }

    private void connect() {
        attemptPending.set(false);
        if (closed) {
            return;
        }
        if (client != null && client.isConnected()) {
            return; // a stale attempt: calling connect on a connected client fails and would report OFFLINE
        }
        try {
            // never reuse a client that was connected: it would resend its unacknowledged PUBLISHes alias-only
            closeClientQuietly();
            MqttAsyncClient fresh = new MqttAsyncClient(options.brokerUri(), options.clientId(),
                    new MemoryPersistence());
            fresh.setCallback(new Callback(fresh));
            client = fresh;
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(options.sessionExpirySeconds());
            o.setKeepAliveInterval(options.keepAliveSeconds());
            o.setConnectionTimeout(options.connectTimeoutSeconds());
            o.setAutomaticReconnect(false);
            if (!options.username().isEmpty()) {
                o.setUserName(options.username());
            }
            if (!options.password().isEmpty()) {
                o.setPassword(options.password().getBytes(StandardCharsets.UTF_8));
            }
            o.setSocketFactory(NoDelaySockets.wrap(options.socketFactory()));
            MqttMessage will = new MqttMessage(options.willPayload());
            will.setQos(1);
            will.setRetained(true);
            o.setWill(options.willTopic(), will);
            IMqttToken t = client.connect(o);
            t.waitForCompletion(options.connectTimeoutSeconds() * 1000L + 1000);
            boolean sessionPresent = t.getSessionPresent();
            for (String s : subscriptions) {
                client.subscribe(s, 1).waitForCompletion(options.connectTimeoutSeconds() * 1000L + 1000);
            }
            backoff.reset();
            if (everConnected) {
                reconnects.incrementAndGet();
            }
            boolean reconnect = everConnected;
            everConnected = true;
            health = FleetHealth.ONLINE;
            reason = "";
            LOG.info("fleet: {} connected to {}{}{}", options.clientId(), options.brokerUri(),
                    reconnect ? " (reconnect)" : "", sessionPresent ? ", session kept" : ", new session");
            requeueUnacknowledged();
            handler.connected(reconnect, sessionPresent);
            flush();
        } catch (MqttException | RuntimeException e) {
            health = FleetHealth.OFFLINE;
            reason = "cannot connect to " + options.brokerUri() + ": " + e.getMessage();
            long delay = backoff.next();
            LOG.warn("fleet: {} cannot connect to {} ({}); next attempt in {} ms", options.clientId(),
                    options.brokerUri(), e.getMessage(), delay);
            // unacknowledged QoS 1 messages are kept in `unacked` and published again on the next connection
            scheduleConnect(delay);
        }
    }

    private void schedule(Runnable r, long delayMillis) {
        if (!closed) {
            try {
                exec.schedule(r, delayMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("fleet: executor gone, not scheduling", e);
            }
        }
    }

    /**
     * Puts what the previous connections published without an acknowledgement back at the head of the outbox, in
     * the original order (a retained status only if no newer one for its topic waits).
     */
    private void requeueUnacknowledged() {
        List<Outbox.Item> again;
        synchronized (unacked) {
            again = new java.util.ArrayList<>(unacked.values());
            unacked.clear();
        }
        for (int i = again.size() - 1; i >= 0; i--) {
            Outbox.Item it = again.get(i);
            if (it.retained()) {
                outbox.offerStatusIfAbsent(it);
            } else {
                outbox.pushBack(it);
            }
        }
        if (!again.isEmpty()) {
            LOG.info("fleet: {} publishes {} unacknowledged message(s) again after reconnecting",
                    options.clientId(), again.size());
        }
    }

    private void closeClientQuietly() {
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            try {
                if (c.isConnected()) {
                    c.disconnectForcibly(0, 0, false);
                }
                c.close(true);
            } catch (MqttException e) {
                LOG.debug("fleet: closing the failed client", e);
            }
        }
    }

    /**
     * Queues a reliable QoS 1 message (market, peer message).
     *
     * @return false when the store-and-forward queue is full (the message is refused, never dropped silently)
     */
    public boolean publishReliable(String topic, byte[] payload) {
        boolean ok = outbox.offerReliable(new Outbox.Item(topic, payload, 1, false));
        if (!ok && health == FleetHealth.ONLINE) {
            health = FleetHealth.DEGRADED;
            reason = "store-and-forward queue full: messages refused";
        }
        requestFlush();
        return ok;
    }

    /** Queues a retained status message; while offline only the newest per topic is kept. */
    public void publishStatus(String topic, byte[] payload) {
        outbox.offerStatus(new Outbox.Item(topic, payload, 1, true));
        requestFlush();
    }

    private void requestFlush() {
        if (!flushScheduled && !closed) {
            flushScheduled = true;
            try {
                exec.execute(this::flush);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushScheduled = false;
            }
        }
    }

    private void flush() {
        flushScheduled = false;
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return;
        }
        List<Outbox.Item> items = outbox.drain();
        for (int i = 0; i < items.size(); i++) {
            Outbox.Item it = items.get(i);
            long seq;
            synchronized (unacked) {
                seq = nextSeq++;
                unacked.put(seq, it);
            }
            try {
                c.publish(it.topic(), it.payload(), it.qos(), it.retained(), null, new Acked(seq));
                messagesOut.incrementAndGet();
            } catch (MqttException e) {
                synchronized (unacked) {
                    unacked.remove(seq);
                }
                // in-flight window full or connection just lost: keep the rest, in order, and retry shortly
                for (int j = items.size() - 1; j >= i; j--) {
                    Outbox.Item back = items.get(j);
                    if (back.retained()) {
                        outbox.offerStatus(back);
                    } else {
                        outbox.pushBack(back);
                    }
                }
                LOG.debug("fleet: publish deferred ({}), {} waiting", e.getMessage(), items.size() - i);
                schedule(this::flush, 20);
                return;
            }
        }
    }

    /** Stops: a clean disconnect (the broker then does NOT send the last will; the caller publishes offline). */
    public void close() {
        closed = true;
        MqttAsyncClient c = client;
        if (c != null) {
            try {
                if (c.isConnected()) {
                    c.disconnect(500).waitForCompletion(1000);
                }
            } catch (MqttException e) {
                LOG.debug("fleet: disconnect", e);
            }
            closeClientQuietly();
        }
        health = FleetHealth.OFFLINE;
        reason = "stopped";
    }

    /** Drops the connection without a DISCONNECT packet (the broker then publishes the last will). */
    public void kill() {
        closed = true;
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            try {
                c.disconnectForcibly(0, 0, false);
                c.close(true);
            } catch (MqttException e) {
                LOG.debug("fleet: forced disconnect", e);
            }
        }
        health = FleetHealth.OFFLINE;
        reason = "killed";
    }

    /** Publishes and waits up to {@code timeoutMillis} for the broker's acknowledgement (used at shutdown only). */
    public void publishNow(String topic, byte[] payload, boolean retained, long timeoutMillis) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return;
        }
        try {
            c.publish(topic, payload, 1, retained).waitForCompletion(timeoutMillis);
        } catch (MqttException e) {
            LOG.warn("fleet: could not publish {} before stopping: {}", topic, e.getMessage());
        }
    }

    /** @return QoS 1 messages published and not yet acknowledged by the broker */
    public int inFlight() {
        synchronized (unacked) {
            return unacked.size();
        }
    }

    public FleetHealth health() {
        return health;
    }

    public String reason() {
        return reason;
    }

    public long messagesIn() {
        return messagesIn.get();
    }

    public long messagesOut() {
        return messagesOut.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Forgets a message once the broker acknowledged it. */
    private final class Acked implements org.eclipse.paho.mqttv5.client.MqttActionListener {
        private final long seq;

        Acked(long seq) {
            this.seq = seq;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            synchronized (unacked) {
                unacked.remove(seq);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            if (exception instanceof MqttException me && me.getReasonCode() >= 0x80 && me.getReasonCode() < 0x100) {
                // the broker answered with a PUBACK reason code (e.g. 0x87 not authorized): it would refuse the
                // message again on every connection, so it is not kept
                Outbox.Item refused;
                synchronized (unacked) {
                    refused = unacked.remove(seq);
                }
                LOG.warn("fleet: the broker refused a message on {} (reason code {}): dropped",
                        refused == null ? "?" : refused.topic(), me.getReasonCode());
                return;
            }
            // connection lost: kept in `unacked`, published again on the next connection
            LOG.debug("fleet: publish {} not acknowledged: {}", seq, exception.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (owner != client) {
                return; // an earlier client we closed ourselves
            }
            lost(response.getException() != null ? "connection lost: " + response.getException().getMessage()
                    : "disconnected by the broker: reason code " + response.getReturnCode()
                            + (response.getReasonString() == null ? "" : " " + response.getReasonString()));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            if (owner != client) {
                return;
            }
            LOG.warn("fleet: MQTT error: {}", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            messagesIn.incrementAndGet();
            try {
                handler.message(topic, message.getPayload());
            } catch (RuntimeException e) {
                LOG.warn("fleet: handling a message on {} failed", topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // acknowledged by the broker; nothing to do (the outbox no longer holds it)
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // reported by connect() itself, after the subscriptions are in place
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            LOG.warn("fleet: unexpected AUTH packet from the broker (reason code {}); ignored", reasonCode);
        }
    }

    private void lost(String why) {
        if (closed) {
            return;
        }
        health = FleetHealth.OFFLINE;
        reason = why;
        long delay = backoff.next();
        LOG.warn("fleet: {} lost the broker ({}); reconnecting in {} ms", options.clientId(), why, delay);
        scheduleConnect(delay);
    }
}
