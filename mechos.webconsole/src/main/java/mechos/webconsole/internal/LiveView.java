package mechos.webconsole.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import javax.imageio.ImageIO;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.fleet.api.FleetStatus;
import mechos.fleet.api.FleetView;
import mechos.fleet.api.PeerStatus;
import mechos.hal.api.Battery;
import mechos.hal.api.BatteryReading;
import mechos.hal.api.Bumper;
import mechos.hal.api.Camera;
import mechos.hal.api.CameraFrame;
import mechos.hal.api.ContactReading;
import mechos.hal.api.EStopInput;
import mechos.hal.api.EStopReading;
import mechos.memory.api.Task;
import mechos.memory.api.TaskBoard;
import mechos.memory.api.TaskState;

/**
 * The page's live values: battery state of charge, bumpers, e-stop inputs, a camera thumbnail, the current task
 * and the fleet. Reading a sensor never blocks (drivers answer {@code latest()} from memory); the task board is
 * asked at most once a second with a 200 ms deadline, the thumbnail is encoded at most once a second.
 */
final class LiveView {
    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    static final int THUMB_WIDTH = 160;
    private static final long THUMB_EVERY = TimeUnit.SECONDS.toNanos(1);
    private static final long TASK_EVERY = TimeUnit.SECONDS.toNanos(1);

    private final RobotServices services;
    private final PageSensors sensors;
    private final LongSupplier nanos;
    private long thumbAt = Long.MIN_VALUE;
    private long thumbFrame = Long.MIN_VALUE;
    private Map<String, Object> thumb;
    private long taskAt = Long.MIN_VALUE;
    private Object task;

    LiveView(RobotServices services, PageSensors sensors, LongSupplier nanos) {
        this.services = services;
        this.sensors = sensors;
        this.nanos = nanos;
    }

    synchronized Map<String, Object> live() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> batteries = new ArrayList<>();
        for (Map.Entry<String, Battery> b : sensors.batteries().entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", b.getKey());
            try {
                BatteryReading v = b.getValue().latest();
                if (v != null) {
                    r.put("percent", Math.round(v.stateOfCharge() * 1000) / 10.0);
                    r.put("voltage", Math.round(v.voltage() * 100) / 100.0);
                }
            } catch (RuntimeException | LinkageError e) {
                r.put("error", e.toString());
            }
            batteries.add(r);
        }
        m.put("batteries", batteries);
        List<Map<String, Object>> bumpers = new ArrayList<>();
        for (Map.Entry<String, Bumper> b : sensors.bumpers().entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", b.getKey());
            try {
                ContactReading v = b.getValue().latest();
                r.put("pressed", v != null && v.pressed());
            } catch (RuntimeException | LinkageError e) {
                r.put("error", e.toString());
            }
            bumpers.add(r);
        }
        m.put("bumpers", bumpers);
        List<Map<String, Object>> estops = new ArrayList<>();
        for (Map.Entry<String, EStopInput> b : sensors.estopInputs().entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", b.getKey());
            try {
                EStopReading v = b.getValue().latest();
                r.put("pressed", v != null && v.pressed());
            } catch (RuntimeException | LinkageError e) {
                r.put("error", e.toString());
            }
            estops.add(r);
        }
        m.put("estopInputs", estops);
        m.put("camera", camera());
        m.put("task", task());
        m.put("fleet", fleet());
        return m;
    }

    /** The newest frame of the first camera as a small JPEG data URL, re-encoded at most once a second. */
    private Map<String, Object> camera() {
        List<Map.Entry<String, Camera>> cams = sensors.cameras();
        if (cams.isEmpty()) {
            return null;
        }
        long now = nanos.getAsLong();
        if (thumb != null && now - thumbAt < THUMB_EVERY) {
            return thumb;
        }
        thumbAt = now;
        Map.Entry<String, Camera> cam = cams.get(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", cam.getKey());
        try {
            CameraFrame f = cam.getValue().latest();
            if (f == null) {
                m.put("dataUrl", null);
            } else if (thumb != null && f.timestampNanos() == thumbFrame && cam.getKey().equals(thumb.get("id"))) {
                return thumb;
            } else {
                m.put("dataUrl", "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(thumbnail(f)));
                m.put("width", f.width());
                m.put("height", f.height());
                thumbFrame = f.timestampNanos();
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.debug("camera thumbnail failed", e);
            m.put("error", e.toString());
        }
        thumb = m;
        return m;
    }

    /** A JPEG of at most {@value #THUMB_WIDTH} pixels wide (nearest-neighbour scaling). */
    static byte[] thumbnail(CameraFrame f) throws IOException {
        int w = Math.min(THUMB_WIDTH, f.width());
        int h = Math.max(1, (int) Math.round((double) f.height() * w / f.width()));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int bpp = f.format().bytesPerPixel();
        byte[] d = f.data();
        for (int y = 0; y < h; y++) {
            int sy = (int) ((long) y * f.height() / h);
            for (int x = 0; x < w; x++) {
                int sx = (int) ((long) x * f.width() / w);
                int o = sy * f.stride() + sx * bpp;
                int r;
                int g;
                int b;
                switch (f.format()) {
                case GRAY8 -> {
                    r = d[o] & 0xff;
                    g = r;
                    b = r;
                }
                case BGR8 -> {
                    b = d[o] & 0xff;
                    g = d[o + 1] & 0xff;
                    r = d[o + 2] & 0xff;
                }
                default -> {
                    r = d[o] & 0xff;
                    g = d[o + 1] & 0xff;
                    b = d[o + 2] & 0xff;
                }
                }
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "jpg", out)) {
            throw new IOException("no JPEG writer");
        }
        return out.toByteArray();
    }

    /** The claimed task(s) of the task board, asked at most once a second (200 ms deadline). */
    private Object task() {
        long now = nanos.getAsLong();
        if (taskAt != Long.MIN_VALUE && now - taskAt < TASK_EVERY) {
            return task;
        }
        taskAt = now;
        if (services.taskBoard().isEmpty()) {
            task = null;
            return null;
        }
        TaskBoard board = services.taskBoard().get();
        try {
            List<Task> claimed = board.list(TaskState.CLAIMED).get(200, TimeUnit.MILLISECONDS);
            if (claimed.isEmpty()) {
                task = "none";
            } else {
                Task t = claimed.get(0);
                task = t.title() + " (" + t.claimant() + ")" + (claimed.size() > 1 ? " +" + (claimed.size() - 1) : "");
            }
        } catch (TimeoutException e) {
            task = "task board did not answer within 200 ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task = "interrupted";
        } catch (ExecutionException | RuntimeException e) {
            LOG.debug("task board list failed", e);
            task = "task board failed: " + e.getMessage();
        }
        return task;
    }

    private Map<String, Object> fleet() {
        if (sensors.fleet().isEmpty()) {
            return null;
        }
        try {
            FleetView f = sensors.fleet().get();
            FleetStatus s = f.status();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("self", f.selfId());
            m.put("health", s.health().name());
            m.put("reason", s.reason());
            long now = System.currentTimeMillis();
            List<Map<String, Object>> peers = new ArrayList<>();
            for (PeerStatus p : f.peers()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", p.robotId());
                r.put("online", p.online());
                r.put("x", GoalFollower.round(p.x()));
                r.put("y", GoalFollower.round(p.y()));
                r.put("theta", GoalFollower.round(p.theta()));
                r.put("radius", p.radius());
                r.put("frame", p.frame());
                r.put("safety", p.safetyState());
                r.put("agent", p.agentState());
                r.put("task", p.currentTask());
                r.put("ageMs", p.ageMillis(now));
                peers.add(r);
            }
            m.put("peers", peers);
            return m;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("fleet view failed", e);
            return Map.of("error", e.toString());
        }
    }
}
