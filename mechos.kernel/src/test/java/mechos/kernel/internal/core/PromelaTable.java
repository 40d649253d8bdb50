package mechos.kernel.internal.core;

import java.util.function.BiFunction;

import mechos.kernel.internal.core.SafetyTable.Action;
import mechos.kernel.internal.core.SafetyTable.Base;
import mechos.kernel.internal.core.SafetyTable.Event;
import mechos.kernel.internal.core.SafetyTable.Phase;
import mechos.kernel.internal.core.SafetyTable.Step;

/**
 * Writes the Java {@link SafetyTable} as Promela ({@code transition(ev)} and {@code permits(op, r)} inlines) for
 * {@code src/test/promela/kernel_safety.pml}: one source, so the model checked by spin is the table the kernel runs.
 */
final class PromelaTable {
    private PromelaTable() {
    }

    static String generate(SafetyTable table) {
        return generate(table::next, "auto_resume_after_reset=" + table.autoResumeAfterReset());
    }

    /** @param next the transition function (a test may pass a deliberately wrong one) */
    static String generate(BiFunction<Phase, Event, Step> next, String note) {
        StringBuilder b = new StringBuilder();
        b.append("/* GENERATED from mechos.kernel.internal.core.SafetyTable (").append(note)
                .append(") by PromelaTable; do not edit.\n")
                .append(" * Regenerate: mvn -pl mechos.kernel verify -Dtest=SafetyModelTest")
                .append(" -Dmechos.promela.regenerate=true */\n\n");
        b.append("inline transition(ev) {\n    if\n");
        for (Phase p : Phase.all()) {
            for (Event e : Event.values()) {
                Step s = next.apply(p, e);
                Phase t = s.to();
                b.append("    :: ").append(guard(p)).append(" && ev == E_").append(e.name()).append(" -> ")
                        .append("base = ").append(t.base().name()).append("; ovr = ").append(bit(t.override()))
                        .append("; paused = ").append(bit(t.awaitingResume())).append("; accepted = ")
                        .append(bit(s.accepted()));
                for (Action a : Action.values()) {
                    if (s.actions().contains(a)) {
                        b.append("; ").append(a.name());
                    }
                }
                b.append('\n');
            }
        }
        b.append("    fi\n}\n\n");
        b.append("/* SafetyTable.permitsMotion: may a new motion command from this agent be dispatched now? */\n");
        b.append("inline permits(op, r) {\n    if\n");
        for (Phase p : Phase.all()) {
            for (boolean op : new boolean[] { false, true }) {
                b.append("    :: ").append(guard(p)).append(" && op == ").append(bit(op)).append(" -> r = ")
                        .append(bit(SafetyTable.permitsMotion(p, op))).append('\n');
            }
        }
        b.append("    fi\n}\n");
        return b.toString();
    }

    private static String guard(Phase p) {
        return "base == " + p.base().name() + " && ovr == " + bit(p.override()) + " && paused == "
                + bit(p.awaitingResume());
    }

    private static int bit(boolean v) {
        return v ? 1 : 0;
    }

    /** For the mutation check: a table whose e-stop does not latch (it only makes a SAFE_STOP). */
    static Step estopOnlySafeStops(SafetyTable table, Phase p, Event e) {
        Step s = table.next(p, e);
        if (e == Event.ESTOP && s.to().base() == Base.ESTOP_LATCHED) {
            return new Step(s.to().base(Base.SAFE_STOP), s.actions(), s.accepted());
        }
        return s;
    }
}
