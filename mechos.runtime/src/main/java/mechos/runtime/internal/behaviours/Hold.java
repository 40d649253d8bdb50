package mechos.runtime.internal.behaviours;

import mechos.kernel.api.Stop;
import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/** Stop and wait: submits one Stop when it starts, then stays RUNNING until halted. */
final class Hold implements Node {
    private final IntentSink sink;
    private boolean stopped;

    Hold(IntentSink sink) {
        this.sink = sink;
    }

    @Override
    public String name() {
        return "hold";
    }

    @Override
    public Status tick(Blackboard bb) {
        if (!stopped) {
            sink.submit(new Stop("fallback: hold"), "hold");
            stopped = true;
        }
        return Status.RUNNING;
    }

    @Override
    public void halt() {
        stopped = false;
    }
}
