package mechos.hal.serial.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import mechos.hal.api.LaserScan;
import mechos.hal.serial.internal.roboclaw.RoboClawProtocol;
import mechos.hal.serial.internal.rplidar.ScanAssembler;
import mechos.hal.serial.internal.rplidar.ScanNodeParser;

/**
 * Coverage-guided fuzzing of what arrives on a serial line (issue 18). Properties, not only "no crash": an RPLIDAR
 * byte stream, however noisy, yields only scans whose every beam is a return inside [range_min, range_max], a
 * measured max range (+∞) or unknown (NaN) — never a negative, zero or out-of-range distance; a RoboClaw reply is
 * accepted only when its CRC is the one the protocol computes, and checking never throws.
 */
class SerialParsersFuzzTest {
    private static final double RANGE_MIN = 0.15;
    private static final double RANGE_MAX = 12.0;

    @FuzzTest(maxDuration = "10s")
    void rplidarStream(FuzzedDataProvider data) {
        List<LaserScan> scans = new ArrayList<>();
        ScanAssembler assembler = new ScanAssembler(360, "laser", RANGE_MIN, RANGE_MAX, 20, scans::add);
        ScanNodeParser parser = new ScanNodeParser();
        long t = 0;
        while (data.remainingBytes() > 0) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
            long now = t += 1_000_000;
            parser.feed(chunk, 0, chunk.length, node -> assembler.accept(node, now));
        }
        for (LaserScan s : scans) {
            assertEquals(360, s.size());
            for (int i = 0; i < s.size(); i++) {
                double r = s.ranges()[i];
                assertTrue(Double.isNaN(r) || r == Double.POSITIVE_INFINITY || (r >= RANGE_MIN && r <= RANGE_MAX),
                        "beam " + i + " = " + r);
            }
            for (double q : s.intensities()) {
                assertTrue(Double.isFinite(q) || Double.isNaN(q), "intensity " + q);
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void roboclawReply(FuzzedDataProvider data) {
        int address = data.consumeInt(0x80, 0x87);
        int command = data.consumeInt(0, 255);
        byte[] reply = data.consumeRemainingAsBytes();
        if (RoboClawProtocol.replyValid(address, command, reply)) {
            byte[] payload = java.util.Arrays.copyOf(reply, reply.length - 2);
            assertArrayEquals(RoboClawProtocol.reply(address, command, payload), reply,
                    "accepted a reply whose CRC is not the protocol's");
        }
    }
}
