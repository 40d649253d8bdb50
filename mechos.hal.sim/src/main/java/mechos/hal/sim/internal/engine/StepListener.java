package mechos.hal.sim.internal.engine;

/** Called on the simulation's thread after every physics step. Must be quick; exceptions are logged and isolated. */
@FunctionalInterface
public interface StepListener {
    void afterStep(Simulation simulation, RobotState state);
}
