package mechos.hal.serial.internal.rplidar;

/** The GET_INFO response: model, firmware, hardware revision and the 128-bit serial number (hex). */
public record RplidarInfo(int model, int firmwareMajor, int firmwareMinor, int hardware, String serialNumber) {

    /** @param b exactly {@link RplidarProtocol#INFO_LENGTH} bytes of response data */
    public static RplidarInfo parse(byte[] b) {
        if (b.length != RplidarProtocol.INFO_LENGTH) {
            throw new IllegalArgumentException("GET_INFO data is 20 bytes, got " + b.length);
        }
        StringBuilder sn = new StringBuilder(32);
        for (int i = 4; i < 20; i++) {
            sn.append(String.format("%02X", b[i] & 0xFF));
        }
        return new RplidarInfo(b[0] & 0xFF, b[2] & 0xFF, b[1] & 0xFF, b[3] & 0xFF, sn.toString());
    }

    @Override
    public String toString() {
        return "model " + model + ", firmware " + firmwareMajor + "." + String.format("%02d", firmwareMinor)
                + ", hardware " + hardware + ", serial " + serialNumber;
    }
}
