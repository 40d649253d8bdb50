/* GENERATED from mechos.kernel.internal.core.SafetyTable (auto_resume_after_reset=false) by PromelaTable; do not edit.
 * Regenerate: mvn -pl mechos.kernel verify -Dtest=SafetyModelTest -Dmechos.promela.regenerate=true */

inline transition(ev) {
    if
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_OBSTACLE -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_DRIVER_LOSS -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_STOP_CAUSE -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_LEASE_EXPIRY -> base = RUN; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_CAUSE_CLEAR -> base = RUN; ovr = 0; paused = 0; accepted = 1
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_RESET -> base = RUN; ovr = 0; paused = 0; accepted = 1
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_RESUME -> base = RUN; ovr = 0; paused = 0; accepted = 0
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_OVERRIDE_ON -> base = RUN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_OVERRIDE_OFF -> base = RUN; ovr = 0; paused = 0; accepted = 1
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_CONFIG_CHANGE -> base = RUN; ovr = 0; paused = 0; accepted = 1
    :: base == RUN && ovr == 0 && paused == 0 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_OBSTACLE -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_DRIVER_LOSS -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_STOP_CAUSE -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_LEASE_EXPIRY -> base = RUN; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_CAUSE_CLEAR -> base = RUN; ovr = 0; paused = 1; accepted = 1
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_RESET -> base = RUN; ovr = 0; paused = 1; accepted = 1
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_RESUME -> base = RUN; ovr = 0; paused = 0; accepted = 1
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_OVERRIDE_ON -> base = RUN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_OVERRIDE_OFF -> base = RUN; ovr = 0; paused = 1; accepted = 1
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_CONFIG_CHANGE -> base = RUN; ovr = 0; paused = 1; accepted = 1
    :: base == RUN && ovr == 0 && paused == 1 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_OBSTACLE -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_DRIVER_LOSS -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_STOP_CAUSE -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_LEASE_EXPIRY -> base = RUN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_CAUSE_CLEAR -> base = RUN; ovr = 1; paused = 0; accepted = 1
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_RESET -> base = RUN; ovr = 1; paused = 0; accepted = 1
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_RESUME -> base = RUN; ovr = 1; paused = 0; accepted = 0
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_OVERRIDE_ON -> base = RUN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_OVERRIDE_OFF -> base = RUN; ovr = 0; paused = 0; accepted = 1
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_CONFIG_CHANGE -> base = RUN; ovr = 1; paused = 0; accepted = 1
    :: base == RUN && ovr == 1 && paused == 0 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_OBSTACLE -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_DRIVER_LOSS -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_STOP_CAUSE -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_LEASE_EXPIRY -> base = RUN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_CAUSE_CLEAR -> base = RUN; ovr = 1; paused = 1; accepted = 1
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_RESET -> base = RUN; ovr = 1; paused = 1; accepted = 1
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_RESUME -> base = RUN; ovr = 1; paused = 0; accepted = 1
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_OVERRIDE_ON -> base = RUN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_OVERRIDE_OFF -> base = RUN; ovr = 0; paused = 1; accepted = 1
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_CONFIG_CHANGE -> base = RUN; ovr = 1; paused = 1; accepted = 1
    :: base == RUN && ovr == 1 && paused == 1 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_OBSTACLE -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_DRIVER_LOSS -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_STOP_CAUSE -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_LEASE_EXPIRY -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_CAUSE_CLEAR -> base = RUN; ovr = 0; paused = 0; accepted = 1
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_RESET -> base = RUN; ovr = 0; paused = 0; accepted = 1
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_RESUME -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 0
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_OVERRIDE_ON -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_OVERRIDE_OFF -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 1
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_CONFIG_CHANGE -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 1
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_OBSTACLE -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_DRIVER_LOSS -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_STOP_CAUSE -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_LEASE_EXPIRY -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_CAUSE_CLEAR -> base = RUN; ovr = 0; paused = 1; accepted = 1
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_RESET -> base = RUN; ovr = 0; paused = 1; accepted = 1
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_RESUME -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 0
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_OVERRIDE_ON -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_OVERRIDE_OFF -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 1
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_CONFIG_CHANGE -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 1
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_OBSTACLE -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_DRIVER_LOSS -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_STOP_CAUSE -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_LEASE_EXPIRY -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_CAUSE_CLEAR -> base = RUN; ovr = 1; paused = 0; accepted = 1
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_RESET -> base = RUN; ovr = 1; paused = 0; accepted = 1
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_RESUME -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 0
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_OVERRIDE_ON -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_OVERRIDE_OFF -> base = SAFE_STOP; ovr = 0; paused = 0; accepted = 1
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_CONFIG_CHANGE -> base = SAFE_STOP; ovr = 1; paused = 0; accepted = 1
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_OBSTACLE -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_DRIVER_LOSS -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_STOP_CAUSE -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_LEASE_EXPIRY -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_CAUSE_CLEAR -> base = RUN; ovr = 1; paused = 1; accepted = 1
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_RESET -> base = RUN; ovr = 1; paused = 1; accepted = 1
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_RESUME -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 0
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_OVERRIDE_ON -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_OVERRIDE_OFF -> base = SAFE_STOP; ovr = 0; paused = 1; accepted = 1
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_CONFIG_CHANGE -> base = SAFE_STOP; ovr = 1; paused = 1; accepted = 1
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_OBSTACLE -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_DRIVER_LOSS -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_STOP_CAUSE -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_LEASE_EXPIRY -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_CAUSE_CLEAR -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_RESET -> base = RUN; ovr = 0; paused = 1; accepted = 1; CLEAR_LATCH
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_RESUME -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 0
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_OVERRIDE_ON -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_OVERRIDE_OFF -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_CONFIG_CHANGE -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_OBSTACLE -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_DRIVER_LOSS -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_STOP_CAUSE -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_LEASE_EXPIRY -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_CAUSE_CLEAR -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_RESET -> base = RUN; ovr = 0; paused = 1; accepted = 1; CLEAR_LATCH
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_RESUME -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 0
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_OVERRIDE_ON -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_OVERRIDE_OFF -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_CONFIG_CHANGE -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_OBSTACLE -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_DRIVER_LOSS -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_STOP_CAUSE -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_LEASE_EXPIRY -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_CAUSE_CLEAR -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_RESET -> base = RUN; ovr = 1; paused = 1; accepted = 1; CLEAR_LATCH
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_RESUME -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 0
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_OVERRIDE_ON -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_OVERRIDE_OFF -> base = ESTOP_LATCHED; ovr = 0; paused = 0; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_CONFIG_CHANGE -> base = ESTOP_LATCHED; ovr = 1; paused = 0; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_ESTOP -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_OBSTACLE -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_DRIVER_LOSS -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_STOP_CAUSE -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_LEASE_EXPIRY -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_CAUSE_CLEAR -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_RESET -> base = RUN; ovr = 1; paused = 1; accepted = 1; CLEAR_LATCH
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_RESUME -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 0
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_OVERRIDE_ON -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_OVERRIDE_OFF -> base = ESTOP_LATCHED; ovr = 0; paused = 1; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_CONFIG_CHANGE -> base = ESTOP_LATCHED; ovr = 1; paused = 1; accepted = 1
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_ESTOP -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_OBSTACLE -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_DRIVER_LOSS -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_STOP_CAUSE -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_LEASE_EXPIRY -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_CAUSE_CLEAR -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_RESET -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_RESUME -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_OVERRIDE_ON -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_OVERRIDE_OFF -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_CONFIG_CHANGE -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 0; paused = 0; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_ESTOP -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_OBSTACLE -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_DRIVER_LOSS -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_STOP_CAUSE -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_LEASE_EXPIRY -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_CAUSE_CLEAR -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_RESET -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_RESUME -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_OVERRIDE_ON -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_OVERRIDE_OFF -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_CONFIG_CHANGE -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 0; paused = 1; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_ESTOP -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_OBSTACLE -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_DRIVER_LOSS -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_STOP_CAUSE -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_LEASE_EXPIRY -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_CAUSE_CLEAR -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_RESET -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_RESUME -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_OVERRIDE_ON -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_OVERRIDE_OFF -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_CONFIG_CHANGE -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 1; paused = 0; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_ESTOP -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 1; STOP_ALL; PERSIST_LATCH
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_OBSTACLE -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_DRIVER_LOSS -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_STOP_CAUSE -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_LEASE_EXPIRY -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_CAUSE_CLEAR -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_RESET -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_RESUME -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_OVERRIDE_ON -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_OVERRIDE_OFF -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_CONFIG_CHANGE -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && ev == E_SHUTDOWN -> base = SHUTDOWN; ovr = 1; paused = 1; accepted = 1; STOP_ALL
    fi
}

/* SafetyTable.permitsMotion: may a new motion command from this agent be dispatched now? */
inline permits(op, r) {
    if
    :: base == RUN && ovr == 0 && paused == 0 && op == 0 -> r = 1
    :: base == RUN && ovr == 0 && paused == 0 && op == 1 -> r = 1
    :: base == RUN && ovr == 0 && paused == 1 && op == 0 -> r = 0
    :: base == RUN && ovr == 0 && paused == 1 && op == 1 -> r = 1
    :: base == RUN && ovr == 1 && paused == 0 && op == 0 -> r = 0
    :: base == RUN && ovr == 1 && paused == 0 && op == 1 -> r = 1
    :: base == RUN && ovr == 1 && paused == 1 && op == 0 -> r = 0
    :: base == RUN && ovr == 1 && paused == 1 && op == 1 -> r = 1
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && op == 0 -> r = 0
    :: base == SAFE_STOP && ovr == 0 && paused == 0 && op == 1 -> r = 0
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && op == 0 -> r = 0
    :: base == SAFE_STOP && ovr == 0 && paused == 1 && op == 1 -> r = 0
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && op == 0 -> r = 0
    :: base == SAFE_STOP && ovr == 1 && paused == 0 && op == 1 -> r = 0
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && op == 0 -> r = 0
    :: base == SAFE_STOP && ovr == 1 && paused == 1 && op == 1 -> r = 0
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && op == 0 -> r = 0
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 0 && op == 1 -> r = 0
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && op == 0 -> r = 0
    :: base == ESTOP_LATCHED && ovr == 0 && paused == 1 && op == 1 -> r = 0
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && op == 0 -> r = 0
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 0 && op == 1 -> r = 0
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && op == 0 -> r = 0
    :: base == ESTOP_LATCHED && ovr == 1 && paused == 1 && op == 1 -> r = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && op == 0 -> r = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 0 && op == 1 -> r = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && op == 0 -> r = 0
    :: base == SHUTDOWN && ovr == 0 && paused == 1 && op == 1 -> r = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && op == 0 -> r = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 0 && op == 1 -> r = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && op == 0 -> r = 0
    :: base == SHUTDOWN && ovr == 1 && paused == 1 && op == 1 -> r = 0
    fi
}
