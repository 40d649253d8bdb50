package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import mechos.hal.api.CameraFrame;
import mechos.hal.api.PixelFormat;
import mechos.perception.api.PerceptionTopics;

import org.junit.jupiter.api.Test;

/**
 * Issue 14: camera frames reach the bus on {@code sensors/camera} (latest value), at most {@code max.rate.hz}
 * per camera by the frames' own timestamps (stepped, no wall clock), so recording and viewers cost a bounded share.
 */
class CameraPublisherTest {
    static final long MS = 1_000_000L;

    static CameraFrame frame(long t) {
        return new CameraFrame(t, "camera_optical", 2, 2, PixelFormat.RGB8, 6, new byte[12]);
    }

    @Test
    void framesAreRateLimitedPerCameraByTheirTimestamps() {
        CameraPublisher p = new CameraPublisher(Configs.of(CameraConfig.class, Map.of("max_rate_hz", 5.0)));
        CapturingBus bus = new CapturingBus();
        p.setEventBus(bus);
        long[] front = {Long.MIN_VALUE}, rear = {Long.MIN_VALUE};
        // 30 Hz for one second from two cameras
        for (int i = 0; i < 30; i++) {
            p.onFrame(frame(1000 * MS + i * 33 * MS), front);
            p.onFrame(frame(1000 * MS + i * 33 * MS + 5 * MS), rear);
        }
        List<CameraFrame> out = bus.on(PerceptionTopics.CAMERA);
        assertEquals(10, out.size(), "5 per second and camera");
        assertEquals(1000 * MS, out.get(0).timestampNanos());
        assertEquals(1000 * MS + 7 * 33 * MS, out.get(2).timestampNanos(), "the first frame >= 200 ms later");
        assertEquals("sensors/camera", PerceptionTopics.CAMERA.name());
        // a driver restart (time goes backwards) is not mistaken for a burst
        p.onFrame(frame(5 * MS), front);
        assertEquals(11, bus.on(PerceptionTopics.CAMERA).size());
        p.deactivate();
    }

    @Test
    void aRateOutsideItsBoundsIsReplacedByTheDefaultWithOneWarn() {
        // used to fail activation with an IllegalArgumentException (SCR stack trace, no camera frames at all)
        for (double bad : new double[] {0.0, Double.NaN, 61}) {
            CameraPublisher p = new CameraPublisher(Configs.of(CameraConfig.class, Map.of("max_rate_hz", bad)));
            assertEquals(1, p.configGuard().rejections().size());
            String warn = p.configGuard().rejections().get(0);
            assertTrue(warn.startsWith("configuration mechos.perception.camera rejected: max.rate.hz=" + bad + ": ")
                    && warn.endsWith("; using the default 5.0"), warn);
        }
    }
}
