package mechos.hal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.hal.api.Subscription;

class SensorFanoutTest {
    @Test
    void aThrowingListenerDoesNotStopTheOthersAndClosingTwiceIsHarmless() {
        SensorFanout<String> f = new SensorFanout<>("imu");
        assertNull(f.latest());
        List<String> got = new ArrayList<>();
        f.subscribe(s -> {
            throw new IllegalStateException("broken listener");
        });
        Subscription sub = f.subscribe(got::add);
        f.publish("a");
        f.publish("b");
        assertEquals(List.of("a", "b"), got);
        assertEquals("b", f.latest());
        assertEquals(2, f.failures());
        sub.close();
        sub.close();
        assertEquals(1, f.listenerCount());
        f.publish("c");
        assertEquals(List.of("a", "b"), got);
        f.clear();
        assertEquals(0, f.listenerCount());
        assertThrows(IllegalArgumentException.class, () -> f.subscribe(null));
    }
}
