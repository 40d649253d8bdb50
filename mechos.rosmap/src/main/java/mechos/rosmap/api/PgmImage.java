package mechos.rosmap.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A greyscale Netpbm image (PGM, binary {@code P5} or plain {@code P2}, 8- or 16-bit). Row 0 is the top row.
 *
 * @param values row-major grey values, 0..maxValue
 */
public record PgmImage(int width, int height, int maxValue, int[] values) {

    /**
     * @param name used in error messages
     * @throws MapFormatException naming {@code name} if the data is not a valid PGM
     */
    public static PgmImage read(String name, InputStream in) throws MapFormatException {
        byte[] data;
        try {
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new MapFormatException(name, "cannot read image: " + e.getMessage(), e);
        }
        Cursor c = new Cursor(name, data);
        String magic = c.token();
        if (!magic.equals("P5") && !magic.equals("P2")) {
            throw new MapFormatException(name, "not a PGM image (magic '" + magic + "', expected P5 or P2)");
        }
        int width = c.positiveInt("width");
        int height = c.positiveInt("height");
        int max = c.positiveInt("maxval");
        if (max > 65535) {
            throw new MapFormatException(name, "maxval " + max + " above 65535");
        }
        if ((long) width * height > 64L * 1024 * 1024) {
            throw new MapFormatException(name, "image " + width + "x" + height + " is too large");
        }
        int[] values = new int[width * height];
        if (magic.equals("P5")) {
            int pos = c.pos + 1; // exactly one whitespace byte after maxval
            int bytesPer = max < 256 ? 1 : 2;
            long needed = (long) values.length * bytesPer;
            if (data.length - pos < needed) {
                throw new MapFormatException(name, "truncated image data: " + (data.length - pos)
                        + " bytes for " + width + "x" + height + " pixels (need " + needed + ")");
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = bytesPer == 1 ? data[pos + i] & 0xff
                        : ((data[pos + 2 * i] & 0xff) << 8) | (data[pos + 2 * i + 1] & 0xff);
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = c.intToken("pixel " + i);
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] > max) {
                throw new MapFormatException(name, "pixel " + i + " value " + values[i] + " above maxval " + max);
            }
        }
        return new PgmImage(width, height, max, values);
    }

    /** Encodes an 8-bit binary PGM (used for tests and by tools that write maps). */
    public byte[] toP5() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = ("P5\n" + width + " " + height + "\n" + maxValue + "\n").getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(header);
        for (int v : values) {
            out.write(v);
        }
        return out.toByteArray();
    }

    private static final class Cursor {
        final String name;
        final byte[] data;
        int pos;

        Cursor(String name, byte[] data) {
            this.name = name;
            this.data = data;
        }

        String token() throws MapFormatException {
            while (pos < data.length) {
                int b = data[pos];
                if (b == '#') {
                    while (pos < data.length && data[pos] != '\n' && data[pos] != '\r') {
                        pos++;
                    }
                } else if (Character.isWhitespace(b)) {
                    pos++;
                } else {
                    break;
                }
            }
            int start = pos;
            while (pos < data.length && !Character.isWhitespace(data[pos]) && data[pos] != '#') {
                pos++;
            }
            if (start == pos) {
                throw new MapFormatException(name, "unexpected end of image header/data at byte " + pos);
            }
            return new String(data, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII);
        }

        int intToken(String what) throws MapFormatException {
            String t = token();
            try {
                int v = Integer.parseInt(t);
                if (v < 0) {
                    throw new MapFormatException(name, what + " is negative: " + t);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new MapFormatException(name, what + " is not a number: '" + t + "'", e);
            }
        }

        int positiveInt(String what) throws MapFormatException {
            int v = intToken(what);
            if (v <= 0) {
                throw new MapFormatException(name, what + " must be > 0, was " + v);
            }
            return v;
        }
    }
}
