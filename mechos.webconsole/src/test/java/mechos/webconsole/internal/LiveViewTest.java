package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import mechos.hal.api.Battery;
import mechos.hal.api.BatteryReading;
import mechos.hal.api.Camera;
import mechos.hal.api.CameraFrame;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.PixelFormat;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;

class LiveViewTest {
    private final AtomicLong clock = new AtomicLong();

    @Test
    @SuppressWarnings("unchecked")
    void batteryPercentAndARateLimitedCameraThumbnail() {
        PageSensors sensors = new PageSensors();
        sensors.bindBattery(new FakeBattery(), Map.of("mechos.device.id", "battery"));
        AtomicReference<CameraFrame> frame = new AtomicReference<>(frame(1, (byte) 10));
        sensors.bindCamera(new FakeCamera(frame), Map.of("mechos.device.id", "cam"));
        LiveView live = new LiveView(new RobotServices(), sensors, clock::get);

        Map<String, Object> l = live.live();
        Map<String, Object> b = ((List<Map<String, Object>>) l.get("batteries")).get(0);
        assertEquals(87.5, b.get("percent"));
        Map<String, Object> cam = (Map<String, Object>) l.get("camera");
        String first = (String) cam.get("dataUrl");
        assertTrue(first.startsWith("data:image/jpeg;base64,"), first);

        frame.set(frame(2, (byte) 200));
        assertEquals(first, ((Map<String, Object>) live.live().get("camera")).get("dataUrl"),
                "at most one thumbnail a second");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1001));
        assertNotEquals(first, ((Map<String, Object>) live.live().get("camera")).get("dataUrl"));
    }

    @Test
    void thumbnailsAreAtMost160PixelsWide() throws Exception {
        byte[] jpeg = LiveView.thumbnail(new CameraFrame(1, "cam", 640, 480, PixelFormat.RGB8, 640 * 3,
                new byte[640 * 480 * 3]));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertEquals(160, img.getWidth());
        assertEquals(120, img.getHeight());
    }

    private static CameraFrame frame(long t, byte v) {
        byte[] d = new byte[32 * 24];
        java.util.Arrays.fill(d, v);
        return new CameraFrame(t, "cam", 32, 24, PixelFormat.GRAY8, 32, d);
    }

    private static final class FakeBattery implements Battery {
        @Override
        public String id() {
            return "battery";
        }

        @Override
        public DeviceHealth health() {
            throw new UnsupportedOperationException();
        }

        @Override
        public BatteryReading latest() {
            return new BatteryReading(1, 12.3, 1, 0.875);
        }

        @Override
        public Subscription subscribe(SensorListener<? super BatteryReading> l) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class FakeCamera implements Camera {
        private final AtomicReference<CameraFrame> frame;

        FakeCamera(AtomicReference<CameraFrame> frame) {
            this.frame = frame;
        }

        @Override
        public String id() {
            return "cam";
        }

        @Override
        public DeviceHealth health() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CameraFrame latest() {
            return frame.get();
        }

        @Override
        public Subscription subscribe(SensorListener<? super CameraFrame> l) {
            throw new UnsupportedOperationException();
        }
    }
}
