package mechos.runtime.api.bt;

/** The result of ticking a node. */
public enum Status {
    SUCCESS, FAILURE, RUNNING
}
