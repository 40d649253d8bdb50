package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RealtimeSchedulingTest {
    @Test
    void aThreadIsPromotedToFifoWhenTheProcessMay() throws Exception {
        CompletableFuture<Long> tid = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            tid.complete(RealtimeScheduling.currentThreadId());
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rt-probe");
        t.setDaemon(true);
        t.start();
        try {
            long id = tid.get(5, TimeUnit.SECONDS);
            Assumptions.assumeTrue(id > 0, "not Linux: no /proc/thread-self");
            assertEquals(0, RealtimeScheduling.policy(id), "a new thread runs under SCHED_OTHER");
            String failure = RealtimeScheduling.promote(id, 5);
            Assumptions.assumeTrue(failure == null, () -> "SCHED_FIFO not permitted here: " + failure);
            assertEquals(1, RealtimeScheduling.policy(id), "SCHED_FIFO after promotion");
        } finally {
            done.countDown();
        }
    }

    @Test
    void impossibleRequestsSayWhy() {
        assertNotNull(RealtimeScheduling.promote(-1, 5));
        String bad = RealtimeScheduling.promote(RealtimeScheduling.currentThreadId(), 0);
        assertTrue(bad != null && bad.contains("1..99"), bad);
    }
}
