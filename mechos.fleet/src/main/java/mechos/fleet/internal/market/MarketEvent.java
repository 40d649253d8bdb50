package mechos.fleet.internal.market;

import java.util.List;

import mechos.fleet.api.MarketTask;

/**
 * One entry of the market log. Every robot publishes its market events on ONE broker topic, so the broker puts
 * them in one order that every robot sees; each robot applies them to its own {@link MarketReplica}, and the same
 * log gives every replica the same state (a replicated state machine, no leader). Time never enters the replica:
 * timers live in {@link MarketAgent} and only decide when to publish an event.
 */
public sealed interface MarketEvent {
    /** @return the task this event is about */
    String taskId();

    /** @return the robot that published it */
    String from();

    /** A task is offered (round 1 opens). */
    record Post(MarketTask task) implements MarketEvent {
        @Override
        public String taskId() {
            return task.taskId();
        }

        @Override
        public String from() {
            return task.poster();
        }
    }

    /** A bid in one round; {@code refuse} = will not do it (cost ignored). */
    record Bid(String taskId, int round, String from, double cost, boolean refuse) implements MarketEvent {
    }

    /** Ends a round's bidding. The first close of a round in the log counts; later ones are ignored. */
    record Close(String taskId, int round, String from) implements MarketEvent {
    }

    /** The holder renews its lease of {@code epoch}; {@code seq} counts its renewals of that epoch from 1. */
    record Renew(String taskId, int epoch, String from, long seq) implements MarketEvent {
    }

    /** The holder of {@code epoch} completed the task. */
    record Done(String taskId, int epoch, String from) implements MarketEvent {
    }

    /**
     * The sender saw no renewal for a lease's duration plus grace. Effective only when {@code lastSeq} equals the
     * newest renewal of that epoch in the log: a renewal ordered in between proves the holder alive.
     */
    record Expire(String taskId, int epoch, String from, long lastSeq) implements MarketEvent {
    }

    /**
     * A robot whose replica may lack tasks (it just joined, or its broker session was lost) asks for the open
     * tasks, and for the tasks in {@code ask} whatever their phase (those it knew when its session was lost: one
     * may have been completed meanwhile). Its position in the log is the point the answers describe.
     */
    record Sync(String from, String nonce, List<String> ask) implements MarketEvent {
        @Override
        public String taskId() {
            return "";
        }
    }

    /**
     * A peer's answer to the {@link Sync} {@code nonce} of robot {@code to}: its open tasks and the asked ones
     * exactly as they stood when it applied that Sync (so every up-to-date replica sends the same state of a task).
     */
    record State(String from, String to, String nonce, List<TaskState> tasks) implements MarketEvent {
        @Override
        public String taskId() {
            return "";
        }
    }
}
