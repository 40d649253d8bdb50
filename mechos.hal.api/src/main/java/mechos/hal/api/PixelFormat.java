package mechos.hal.api;

/** Pixel layouts of {@link CameraFrame#data()}, row-major, top row first. */
public enum PixelFormat {
    /** 8-bit luminance. */
    GRAY8(1),
    /** 8-bit red, green, blue. */
    RGB8(3),
    /** 8-bit blue, green, red. */
    BGR8(3),
    /** 8-bit red, green, blue, alpha. */
    RGBA8(4);

    private final int bytesPerPixel;

    PixelFormat(int bytesPerPixel) {
        this.bytesPerPixel = bytesPerPixel;
    }

    public int bytesPerPixel() {
        return bytesPerPixel;
    }
}
