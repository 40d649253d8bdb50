package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.PoseTrust;
import mechos.kernel.internal.policy.SafetyPolicy;

import org.junit.jupiter.api.Test;

/** A lost pose makes the kernel conservative: the world model counts as unknown, so only creep speed. */
class PoseTrustGuardTest {
    static final SafetyPolicy POLICY = new SafetyPolicy(1.0, 0.5, 2.0, 0.5, 0.1, 5.0, 500_000_000L, 0.1, 0.3);
    final Clearance open = new Clearance(Double.POSITIVE_INFINITY, 3.0, 1_000_000L, true);
    final AtomicReference<ClearanceQuery> clearance = new AtomicReference<>((l, a, f, h) -> open);
    final AtomicReference<PoseTrust> trust = new AtomicReference<>();
    final PoseTrustGuard guard = new PoseTrustGuard(clearance::get, trust::get);

    @Test
    void withoutLocalisationTheWorldModelAnswersAsBefore() {
        assertSame(open, guard.current().clearance(0.5, 0, 0.2, 5));
        assertTrue(POLICY.proposed(0.5, 0, guard.current().clearance(0.5, 0, 0.2, 5)).allowed());
        clearance.set(null);
        assertNull(guard.current(), "no world model stays 'no world model'");
    }

    @Test
    void aLostPoseHoldsNewCommandsAndTheCurrentMotionToCreepSpeed() {
        trust.set(() -> Optional.of("localisation LOST: 12 poor scans"));
        Clearance c = guard.current().clearance(0.5, 0, 0.2, 5);
        assertFalse(c.valid());
        SafetyPolicy.Assessment proposed = POLICY.proposed(0.5, 0, c);
        assertEquals(SafetyPolicy.Action.STOP, proposed.action());
        assertEquals("clearance.creep", proposed.id());
        assertTrue(POLICY.proposed(0.05, 0, c).allowed(), "creep speed stays allowed");
        SafetyPolicy.Assessment current = POLICY.current(0.5, 0, c);
        assertEquals(SafetyPolicy.Action.SLOW, current.action());
        assertEquals(0.1, current.linear(), 1e-12);

        trust.set(Optional::empty);
        assertSame(open, guard.current().clearance(0.5, 0, 0.2, 5), "trusted again: normal checks");
    }

    @Test
    void aFailingOrSilentTrustProviderIsNotTrusted() {
        trust.set(() -> {
            throw new IllegalStateException("broken");
        });
        assertFalse(guard.current().clearance(0.5, 0, 0.2, 5).valid());
        trust.set(() -> null);
        assertFalse(guard.current().clearance(0.5, 0, 0.2, 5).valid());
    }
}
