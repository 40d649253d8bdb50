package mechos.hal.serial.internal.roboclaw;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.serial.internal.port.LinkReader;
import mechos.hal.serial.internal.port.SerialLink;
import mechos.hal.serial.internal.port.Session;
import mechos.hal.support.HealthTracker;

/**
 * One connection to a RoboClaw: commands zero speed at once (a reconnect after a wedged port must stop a
 * controller still running the last speed), reads the firmware version to prove the controller is there,
 * commands zero speed again (motion never resumes by itself after a reconnect), then every period sends the current speed target
 * (command 37, acknowledged with 0xFF) and reads both encoder counters (78) and wheel speeds (18, 19). A failed
 * exchange makes the device DEGRADED; no good exchange for {@code offline.after.ms} drops the connection
 * (OFFLINE) so the worker reconnects. Repeating the target every period also keeps the controller's own
 * serial timeout, if configured, from stopping the motors while the link is healthy.
 */
final class RoboClawSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(RoboClawSession.class);

    /** Raw controller readings of one cycle, M1/M2 order. */
    record Measurement(long nanos, int m1Count, int m2Count, int m1Speed, int m2Speed) {
    }

    private final Supplier<RoboClawOptions> options;
    private final HealthTracker health;
    private final SpeedCommand command;
    private final RoboClawStats stats;
    private final Consumer<Measurement> sink;
    private final Runnable onConnect;
    /** Consecutive failed command-78 reads after which 16/17 are tried. */
    static final int FALLBACK_AFTER = 3;
    private volatile String version;
    private volatile String encoderCommands = "78";

    RoboClawSession(Supplier<RoboClawOptions> options, HealthTracker health, SpeedCommand command,
            RoboClawStats stats, Consumer<Measurement> sink, Runnable onConnect) {
        this.options = options;
        this.health = health;
        this.command = command;
        this.stats = stats;
        this.sink = sink;
        this.onConnect = onConnect;
    }

    @Override
    public void run(SerialLink link, BooleanSupplier keepGoing) throws IOException, InterruptedException {
        RoboClawOptions o = options.get();
        LinkReader in = new LinkReader(link);
        in.discard();
        RoboClawClient client = new RoboClawClient(in, o.address(), o.replyTimeoutMs(), stats);
        // Zero speed before anything else: after a reconnect (a wedged or vanished port) the controller may still
        // run the last speed, and the version handshake can take several reply timeouts.
        client.driveSpeeds(0, 0);
        String v = null;
        for (int attempt = 0; attempt < 3 && v == null; attempt++) {
            v = client.readVersion();
        }
        if (v == null) {
            throw new IOException("no valid answer from RoboClaw address " + o.address() + " on " + o.port().path()
                    + " (" + stats + ")");
        }
        version = v;
        LOG.info("RoboClaw connected on {}: {}", o.port().path(), v);
        command.set(new int[] { 0, 0 });
        onConnect.run();
        // Not ONLINE yet: only a full clean cycle (zero speed acknowledged, encoders and speeds read) proves the
        // controller works; a controller that answers the version but never acknowledges stays OFFLINE.
        boolean online = false;

        boolean separateEncoders = false;
        int failed78 = 0;
        long periodNanos = TimeUnit.MILLISECONDS.toNanos(o.periodMs());
        long offlineNanos = TimeUnit.MILLISECONDS.toNanos(o.offlineAfterMs());
        long lastGood = System.nanoTime();
        int cleanCycles = o.recoverCycles() - 1;
        boolean orderly = false;
        try {
            while (keepGoing.getAsBoolean()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long start = System.nanoTime();
                long[] target = command.get();
                boolean acked = client.driveSpeeds((int) target[0], (int) target[1]);
                if (acked) {
                    command.acknowledged(target[2]);
                }
                // A stop that arrives meanwhile goes out before the rest of this cycle's reads.
                if (acked && command.zeroPending(target[2])) {
                    continue;
                }
                int[] counts = separateEncoders ? client.readEncodersSeparately() : client.readEncoders();
                if (!separateEncoders) {
                    failed78 = counts == null ? failed78 + 1 : 0;
                    if (failed78 >= FALLBACK_AFTER) {
                        // Older firmware (and other controllers of the family) do not answer 78: use 16/17.
                        int[] fallback = client.readEncodersSeparately();
                        if (fallback != null) {
                            separateEncoders = true;
                            encoderCommands = "16/17";
                            LOG.info("RoboClaw on {} does not answer command 78 (read both encoders); reading the "
                                    + "encoders with commands 16/17", o.port().path());
                            counts = fallback;
                        }
                        failed78 = 0;
                    }
                }
                if (acked && command.zeroPending(target[2])) {
                    continue;
                }
                Integer s1 = client.readSpeed(RoboClawProtocol.CMD_READ_SPEED_M1);
                if (acked && command.zeroPending(target[2])) {
                    continue;
                }
                Integer s2 = client.readSpeed(RoboClawProtocol.CMD_READ_SPEED_M2);
                long now = System.nanoTime();
                boolean measured = counts != null && s1 != null && s2 != null;
                if (measured) {
                    sink.accept(new Measurement(now, counts[0], counts[1], s1, s2));
                }
                if (acked && measured) {
                    lastGood = now;
                    health.exchanged();
                    if (++cleanCycles >= o.recoverCycles()) {
                        health.online();
                        online = true;
                    }
                } else {
                    cleanCycles = 0;
                    if (online) {
                        health.degraded("RoboClaw exchange failed (" + stats + ")");
                    } else {
                        health.offline("RoboClaw answered its version but the first control cycle failed ("
                                + stats + ")");
                    }
                    if (now - lastGood > offlineNanos) {
                        throw new IOException("no good RoboClaw exchange for "
                                + TimeUnit.NANOSECONDS.toMillis(now - lastGood) + " ms (" + stats + ")");
                    }
                }
                command.awaitNewer(target[2], periodNanos - (System.nanoTime() - start));
            }
            orderly = true;
        } finally {
            if (orderly) {
                try {
                    long zero = command.set(new int[] { 0, 0 });
                    if (client.driveSpeeds(0, 0)) {
                        command.acknowledged(zero);
                    } else {
                        LOG.warn("RoboClaw on {} did not acknowledge the final zero speed", o.port().path());
                    }
                } catch (IOException e) {
                    LOG.debug("final stop not sent: port already gone", e);
                }
            }
        }
    }

    @Override
    public void disconnected() {
        encoderCommands = "78";
        command.set(new int[] { 0, 0 });
    }

    String version() {
        return version;
    }

    /** @return the encoder read commands in use on the current connection: "78" or "16/17" */
    String encoderCommands() {
        return encoderCommands;
    }
}
