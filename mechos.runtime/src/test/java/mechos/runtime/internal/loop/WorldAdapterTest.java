package mechos.runtime.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.Clearance;

/**
 * A clearance answer built from data older than the kernel accepts counts as unknown for the behaviours too: the
 * kernel holds such motion to creep speed, and a navigator that planned for full speed was cut back on every command
 * (it crept in a loop of rejected or scaled drives instead of slowing down itself).
 */
class WorldAdapterTest {
    @Test
    void anAnswerFromStaleDataIsUnknownAndAFreshOneIsKept() {
        AtomicLong age = new AtomicLong(100_000_000L);
        AtomicLong kernelLimit = new AtomicLong(500_000_000L);
        WorldAdapter world = new WorldAdapter(0.2, kernelLimit::get);
        world.clearance.set((linear, angular, radius, horizon) -> new Clearance(2.5, 0.8, age.get(), true));

        Clearance fresh = world.clearance(0.3, 0);
        assertTrue(fresh.valid());
        assertEquals(2.5, fresh.timeToCollision());

        age.set(500_000_000L);
        assertTrue(world.clearance(0.3, 0).valid(), "at the limit: still fresh, as for the kernel");

        age.set(600_000_000L);
        Clearance stale = world.clearance(0.3, 0);
        assertFalse(stale.valid(), "older than the limit: unknown, so the behaviours plan for creep speed");
        assertEquals(2.5, stale.timeToCollision(), "the figures are kept for diagnosis");
        assertEquals(600_000_000L, stale.dataAgeNanos());

        kernelLimit.set(1_000_000_000L);
        assertTrue(world.clearance(0.3, 0).valid(), "the kernel's limit raised to 1 s: fresh again, read at each query");

        assertFalse(new WorldAdapter(0.2, () -> 500_000_000L).clearance(0.3, 0).valid(), "no perception: unknown");
    }
}
