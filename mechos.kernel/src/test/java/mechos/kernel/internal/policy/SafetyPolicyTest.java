package mechos.kernel.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.Clearance;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/** The one policy the gate and the tick share: pure, no clock, no threads. */
class SafetyPolicyTest {
    private static final SafetyPolicy P = new SafetyPolicy(1.0, 0.5, 1.5, 0.5, 0.05, 3.0, 500_000_000L, 0.1, 0.5);

    private static Clearance fresh(double ttc, double nearest) {
        return new Clearance(ttc, nearest, 1_000_000L, true);
    }

    @Test
    void withoutAWorldModelTheGateAllowsCreepOnlyAndTheTickCutsToCreepSpeed() {
        assertEquals(SafetyPolicy.Action.STOP, P.proposed(0.3, 0, null).action());
        assertEquals("clearance.creep", P.proposed(0.3, 0, null).id());
        assertTrue(P.proposed(0.1, 0.5, null).allowed());
        Clearance stale = new Clearance(10, 10, 600_000_000L, true);
        SafetyPolicy.Assessment a = P.current(0.3, 0.8, stale);
        assertEquals(SafetyPolicy.Action.SLOW, a.action());
        assertEquals(0.1, a.linear());
        assertEquals(0.5, a.angular());
        // the same creep speed: what the gate approves without a world model, the tick leaves alone
        assertTrue(P.current(0.1, 0.5, stale).allowed());
    }

    @Test
    void zonesFromTheObstacleOutwards() {
        assertEquals(SafetyPolicy.Action.STOP, P.current(0.3, 0, fresh(0.4, 1)).action());
        // at low speed the stop distance along the path stops what the time to collision alone would not
        assertEquals(SafetyPolicy.Action.STOP, P.current(0.02, 0, fresh(2.0, 0.04)).action());
        assertEquals(SafetyPolicy.Action.STOP, P.current(-0.02, 0, fresh(2.0, 0.04)).action());
        assertEquals(SafetyPolicy.Action.SLOW, P.current(0.3, 0, fresh(1.2, 1)).action());
        assertEquals(0.15, P.current(0.3, 0, fresh(1.2, 1)).linear(), 1e-12);
        assertTrue(P.current(0.3, 0, fresh(2, 1)).allowed());
        assertEquals("clearance.ttc", P.proposed(0.3, 0, fresh(0.9, 1)).id());
        assertEquals("clearance.distance", P.proposed(0.02, 0, fresh(2.0, 0.04)).id());
        assertTrue(P.proposed(0.3, 0, fresh(1.0, 1)).allowed());
    }

    @Test
    void anObstacleBesideOrBehindDoesNotHoldAMotionThatLeavesIt() {
        // nearest obstacle 1 cm away, but nothing on the commanded path within the horizon (∞) or far along it
        Clearance besideOrBehind = fresh(Double.POSITIVE_INFINITY, 0.01);
        assertTrue(P.proposed(0.3, 0, besideOrBehind).allowed());
        assertTrue(P.current(0.3, 0, besideOrBehind).allowed());
        assertTrue(P.proposed(-0.2, 0.4, besideOrBehind).allowed());
        assertTrue(P.proposed(0.3, 0, fresh(2.5, 0.01)).allowed(), "contact 0.75 m ahead: far beyond 0.05 m");
        // the same obstacle on the path, touching: stopped
        assertEquals(SafetyPolicy.Action.STOP, P.proposed(0.3, 0, fresh(0, 0.01)).action());
        assertEquals(SafetyPolicy.Action.STOP, P.current(0.3, 0, fresh(0, 0.01)).action());
    }

    @Property(tries = 500)
    void theGateNeverApprovesWhatTheTickStopsAtOnce(@ForAll @DoubleRange(min = -1, max = 1) double linear,
            @ForAll @DoubleRange(min = -2, max = 2) double angular, @ForAll @DoubleRange(min = 0, max = 5) double ttc,
            @ForAll @DoubleRange(min = 0, max = 3) double nearest, @ForAll boolean valid) {
        Clearance c = new Clearance(ttc, nearest, 1_000_000L, valid);
        if (P.proposed(linear, angular, c).allowed()) {
            assertTrue(P.current(linear, angular, c).action() != SafetyPolicy.Action.STOP,
                    "approved (" + linear + ", " + angular + ") at " + c + " but the tick stops it");
        }
    }

    @Test
    void aPolicyWhoseGateIsLooserThanItsTickCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class,
                () -> new SafetyPolicy(0.4, 0.5, 1.5, 0.5, 0.05, 3, 500_000_000L, 0.1, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> new SafetyPolicy(1, 0.5, 0.4, 0.5, 0.05, 3, 500_000_000L, 0.1, 0.5));
    }

    @Test
    void theBuiltInEnvelopeContainsEveryDefault() {
        for (String pid : new String[] { SafetyEnvelope.KERNEL, SafetyEnvelope.SPEED }) {
            Map<String, Object> safe = SafetyEnvelope.builtIn().safe(pid, Map.of("tick_hz", 0.01, "max_linear", 9.0));
            assertTrue(SafetyEnvelope.builtIn().check(pid, safe).isEmpty(), pid + " " + safe);
        }
    }
}
