package mechos.hal.api;

import java.util.Objects;

/**
 * One image.
 *
 * @param timestampNanos monotonic time of exposure
 * @param frameId        optical frame of the camera
 * @param width          pixels
 * @param height         pixels
 * @param format         pixel layout
 * @param stride         bytes per row (at least width * bytesPerPixel)
 * @param data           pixels; owned by the frame, do not modify
 */
public record CameraFrame(long timestampNanos, String frameId, int width, int height, PixelFormat format, int stride,
        byte[] data) {
    public CameraFrame {
        Objects.requireNonNull(frameId, "frameId");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(data, "data");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
        }
        if (stride < width * format.bytesPerPixel()) {
            throw new IllegalArgumentException("stride " + stride + " < width*bpp " + width * format.bytesPerPixel());
        }
        if (data.length < (long) stride * height) {
            throw new IllegalArgumentException("data has " + data.length + " bytes, need " + (long) stride * height);
        }
    }
}
