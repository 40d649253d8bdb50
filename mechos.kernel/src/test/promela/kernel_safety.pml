/*
 * MechOS kernel safety states, checked with spin by SafetyModelTest (mvn verify; Debian package "spin").
 *
 * The transition table and the state part of the motion policy are NOT written here: they are generated from
 * the Java table (mechos.kernel.internal.core.SafetyTable) into kernel_safety_table.pml, which the test also
 * compares with the committed copy. This file holds the environment (operators, sensors, drivers, shutdown,
 * all in any order), two gates (an operator and an autonomous agent submitting motion concurrently with every
 * event), ghost variables that remember what happened independently of the table, and the properties:
 *   P1  no motion command is dispatched while an e-stop is latched (pressed and not reset), or after shutdown began;
 *   P2  a reset never produces motion without a resume: no motion is active right after a reset, and an agent
 *       that is not an operator is never dispatched between an e-stop reset and an operator resume;
 *   P3  every dispatch was assessed by the policy (assessment, then the re-check under the state lock);
 *   P4  whenever an e-stop is latched the latch is (asked to be) on disk, and it is no longer latched on disk only
 *       after a reset.
 * Run by hand:  cd src/test/promela && spin -a kernel_safety.pml && gcc -O0 -DSAFETY -o pan pan.c && ./pan
 */

/* base states (SafetyTable.Base) */
#define RUN 0
#define SAFE_STOP 1
#define ESTOP_LATCHED 2
#define SHUTDOWN 3

/* events (SafetyTable.Event) */
#define E_ESTOP 0
#define E_OBSTACLE 1
#define E_DRIVER_LOSS 2
#define E_STOP_CAUSE 3
#define E_LEASE_EXPIRY 4
#define E_CAUSE_CLEAR 5
#define E_RESET 6
#define E_RESUME 7
#define E_OVERRIDE_ON 8
#define E_OVERRIDE_OFF 9
#define E_CONFIG_CHANGE 10
#define E_SHUTDOWN 11

/* the kernel's state (SafetyStateMachine) */
byte base = RUN;
bool ovr = false;
bool paused = false;
bool accepted = false;

/* the world */
bool moving = false;        /* a non-zero motion command is in force at a drive */
bool latchOnDisk = false;   /* the durable e-stop latch file */

/* ghosts: what happened, kept independently of the table */
bool estopLatched = false;  /* an e-stop happened and no reset since */
bool shutdownBegun = false;
bool needResume = false;    /* an e-stop was reset and no operator resume since */
bool resetOfLatch = false;  /* the event being applied is a reset of a latched e-stop */

/* actions (SafetyTable.Action) */
#define STOP_ALL moving = false
#define PERSIST_LATCH latchOnDisk = true
#define CLEAR_LATCH latchOnDisk = false

#include "kernel_safety_table.pml"

inline event(ev) {
    atomic {
        if
        :: ev == E_ESTOP -> estopLatched = true
        :: ev == E_RESET && !shutdownBegun && base == ESTOP_LATCHED ->
            estopLatched = false; needResume = true; resetOfLatch = true
        :: ev == E_RESUME && base == RUN -> needResume = false
        :: ev == E_SHUTDOWN -> shutdownBegun = true
        :: else -> skip
        fi;
        transition(ev);
        /* P2: the reset itself never starts anything */
        assert(!(resetOfLatch && moving));
        resetOfLatch = false;
        /* P1: an e-stop or shutdown ends the motion at once */
        assert(!(estopLatched && moving));
        assert(!(shutdownBegun && moving));
        /* P4 */
        assert(!estopLatched || latchOnDisk)
    }
}

/* every event, any number of times, in any order, interleaved with the gates */
active proctype environment() {
    byte ev;
    do
    :: select(ev : E_ESTOP .. E_SHUTDOWN); event(ev)
    od
}

/*
 * Gate.submit for a motion intent: the rules assess it (they read the safety state, which may change right
 * after), then Gate.admitMotion re-checks under the state lock and dispatches in the same step.
 */
proctype gate(bool operator) {
    bool assessed;
    bool ok;
    do
    :: atomic { permits(operator, ok); assessed = ok }   /* assessment by the policy (state part) */
       if
       :: assessed ->
ADMIT:     atomic {
               permits(operator, ok);                    /* re-check under the state lock */
               if
               :: ok ->
                   assert(assessed);                                   /* P3 */
                   assert(!estopLatched && !shutdownBegun);            /* P1 */
                   assert(operator || !needResume);                    /* P2 */
                   moving = true
               :: else -> skip
               fi
           }
       :: else -> skip
       fi;
       assessed = false
    od
}

init {
    run gate(true);
    run gate(false)
}
