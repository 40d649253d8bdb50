package mechos.hal.serial.internal.rplidar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** RPLIDAR scan node decoding and stream parsing against valid, garbled and truncated input. */
class ScanNodeProperties {

    @Property(tries = 1000)
    void validNodesRoundTrip(@ForAll @IntRange(min = 0, max = 63) int quality,
            @ForAll @DoubleRange(min = 0, max = 359.98) double angle,
            @ForAll @DoubleRange(min = 0, max = 16000) double distance, @ForAll boolean start) {
        ScanNode n = ScanNode.decode(ScanNode.encode(quality, angle, distance, start), 0);
        assertNotNull(n);
        assertEquals(quality, n.quality());
        assertEquals(angle, n.angleDeg(), 1.0 / 64);
        assertEquals(distance, n.distanceMm(), 0.25);
        assertEquals(start, n.start());
    }

    @Property(tries = 500)
    void inconsistentStartBitsOrAMissingCheckBitAreRejected(@ForAll @IntRange(min = 0, max = 63) int quality,
            @ForAll @DoubleRange(min = 0, max = 359) double angle, @ForAll boolean start,
            @ForAll boolean breakCheckBit) {
        byte[] b = ScanNode.encode(quality, angle, 1000, start);
        if (breakCheckBit) {
            b[1] &= (byte) 0xFE;
        } else {
            b[0] ^= 0x02; // S̄ no longer the inverse of S
        }
        assertNull(ScanNode.decode(b, 0));
    }

    @Property(tries = 500)
    void arbitraryBytesNeverCrashTheParserAndEveryByteIsAccountedFor(@ForAll @Size(max = 2000) byte[] garbage) {
        ScanNodeParser parser = new ScanNodeParser();
        List<ScanNode> nodes = new ArrayList<>();
        int chunk = Math.max(1, garbage.length / 7);
        for (int off = 0; off < garbage.length; off += chunk) {
            parser.feed(garbage, off, Math.min(chunk, garbage.length - off), nodes::add);
        }
        assertEquals(garbage.length, nodes.size() * 5L + parser.rejectedBytes() + parser.pendingBytes());
        for (ScanNode n : nodes) {
            assertTrue(n.angleDeg() >= 0 && n.angleDeg() < 360, "decoded angles are in range");
            assertTrue(n.quality() >= 0 && n.quality() < 64);
        }
    }

    @Property(tries = 300)
    void aCleanStreamSplitAnywhereDecodesExactly(@ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0,
            max = 359 * 64) Integer> anglesQ6, @ForAll @IntRange(min = 1, max = 13) int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < anglesQ6.size(); i++) {
            out.writeBytes(ScanNode.encode(i % 64, anglesQ6.get(i) / 64.0, 100 + i, i == 0));
        }
        byte[] stream = out.toByteArray();
        ScanNodeParser parser = new ScanNodeParser();
        List<ScanNode> nodes = new ArrayList<>();
        for (int off = 0; off < stream.length; off += chunk) {
            parser.feed(stream, off, Math.min(chunk, stream.length - off), nodes::add);
        }
        assertEquals(anglesQ6.size(), nodes.size());
        assertEquals(0, parser.rejectedBytes());
        for (int i = 0; i < nodes.size(); i++) {
            assertEquals(anglesQ6.get(i) / 64.0, nodes.get(i).angleDeg(), 1e-9);
            assertEquals(100 + i, nodes.get(i).distanceMm(), 1e-9);
        }
    }

    @Property(tries = 300)
    void aTruncatedNodeCostsRejectedBytesNotTheStream(@ForAll @IntRange(min = 1, max = 4) int cut,
            @ForAll @IntRange(min = 0, max = 63) int quality) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ScanNode.encode(quality, 10, 1000, false), 0, cut);
        // a long run of nodes with varying angles re-synchronises the parser
        for (int i = 0; i < 100; i++) {
            out.writeBytes(ScanNode.encode(quality, (i * 37) % 360, 500 + i, false));
        }
        byte[] stream = out.toByteArray();
        ScanNodeParser parser = new ScanNodeParser();
        List<ScanNode> nodes = new ArrayList<>();
        parser.feed(stream, 0, stream.length, nodes::add);
        assertTrue(parser.rejectedBytes() > 0 || nodes.size() <= 100, "damage is visible or absorbed");
        ScanNode last = nodes.get(nodes.size() - 1);
        assertEquals(599, last.distanceMm(), 1e-9, "the parser is back in sync by the end of the stream");
    }
}
