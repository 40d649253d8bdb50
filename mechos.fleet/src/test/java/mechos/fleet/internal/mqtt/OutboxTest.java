package mechos.fleet.internal.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class OutboxTest {
    private static Outbox.Item item(String topic, String text) {
        return new Outbox.Item(topic, text.getBytes(), 1, false);
    }

    @Test
    void reliableMessagesAreRefusedWhenFullNeverDropped() {
        Outbox o = new Outbox(2);
        assertTrue(o.offerReliable(item("m", "1")));
        assertTrue(o.offerReliable(item("m", "2")));
        assertFalse(o.offerReliable(item("m", "3")));
        assertEquals(1, o.refused());
        List<Outbox.Item> out = o.drain();
        assertEquals(List.of("1", "2"), out.stream().map(i -> new String(i.payload())).toList());
        assertEquals(0, o.size());
    }

    @Test
    void statusKeepsOnlyTheNewestPerTopicAfterTheReliableOnes() {
        Outbox o = new Outbox(10);
        o.offerStatus(new Outbox.Item("s/a", "old".getBytes(), 1, true));
        o.offerStatus(new Outbox.Item("s/a", "new".getBytes(), 1, true));
        o.offerStatus(new Outbox.Item("s/b", "b".getBytes(), 1, true));
        o.offerReliable(item("m", "task"));
        assertEquals(1, o.statusDropped());
        assertEquals(List.of("task", "new", "b"), o.drain().stream().map(i -> new String(i.payload())).toList());
    }

    @Test
    void aFailedPublishGoesBackToTheHeadEvenWhenFull() {
        Outbox o = new Outbox(1);
        o.offerReliable(item("m", "2"));
        o.pushBack(item("m", "1"));
        assertEquals(List.of("1", "2"), o.drain().stream().map(i -> new String(i.payload())).toList());
    }
}
