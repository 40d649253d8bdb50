package mechos.hal.pi4j.internal.motor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class QuadratureDecoderProperties {
    private static boolean a(int phase) {
        return phase == 1 || phase == 2;
    }

    private static boolean b(int phase) {
        return phase == 2 || phase == 3;
    }

    @Property(tries = 500)
    void countIsTheNetNumberOfValidSteps(@ForAll @Size(max = 500) List<@IntRange(min = -1, max = 1) Integer> steps) {
        QuadratureDecoder d = new QuadratureDecoder(false, false);
        int phase = 0;
        long net = 0;
        for (int s : steps) {
            phase = Math.floorMod(phase + s, 4);
            net += s;
            d.update(a(phase), b(phase));
        }
        assertEquals(net, d.count());
        assertEquals(0, d.errors());
    }

    @Property(tries = 200)
    void aMissedEdgeIsAnErrorNotMotion(@ForAll @IntRange(min = 0, max = 3) int start) {
        QuadratureDecoder d = new QuadratureDecoder(a(start), b(start));
        int jumped = (start + 2) % 4;
        d.update(a(jumped), b(jumped));
        assertEquals(0, d.count());
        assertEquals(1, d.errors());
    }
}
