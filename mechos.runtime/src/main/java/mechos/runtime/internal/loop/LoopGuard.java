package mechos.runtime.internal.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Detects a brain going round in circles: the same intent again and again without progress, or a short cycle
 * (A-B-A-B, A-B-C-A-B-C) repeated, even when every single step makes some progress (oscillation). Intents are
 * compared by a normalised key (numbers rounded), so 0.2001 and 0.2 are the same step.
 * Used by the agent loop's thread only.
 */
final class LoopGuard {
    private record Step(String key, boolean progress) {
    }

    private final int repeatLimit;
    private final int cycleRepeats;
    private final List<Step> history = new ArrayList<>();

    /**
     * @param repeatLimit  this many identical intents in a row without progress trip the guard
     * @param cycleRepeats this many repetitions of a 2- or 3-step cycle trip it
     */
    LoopGuard(int repeatLimit, int cycleRepeats) {
        this.repeatLimit = Math.max(2, repeatLimit);
        this.cycleRepeats = Math.max(2, cycleRepeats);
    }

    /**
     * Records one decision.
     *
     * @param key      the normalised intent
     * @param progress whether the robot made progress since the previous decision (approved and moved, or a
     *                 non-motion intent that was approved)
     * @return why the guard trips, if it does
     */
    Optional<String> observe(String key, boolean progress) {
        history.add(new Step(key, progress));
        int keep = Math.max(repeatLimit, 3 * cycleRepeats) + 1;
        while (history.size() > keep) {
            history.remove(0);
        }
        int n = history.size();
        if (n >= repeatLimit) {
            boolean same = true;
            boolean anyProgress = false;
            for (int i = n - repeatLimit; i < n; i++) {
                same &= history.get(i).key.equals(key);
                anyProgress |= history.get(i).progress;
            }
            if (same && !anyProgress) {
                return Optional.of("the same intent " + repeatLimit + " times without progress: " + key);
            }
        }
        for (int period = 2; period <= 3; period++) {
            int span = period * cycleRepeats;
            if (n < span) {
                continue;
            }
            boolean cycle = true;
            for (int i = n - span; i < n - period && cycle; i++) {
                cycle = history.get(i).key.equals(history.get(i + period).key);
            }
            boolean distinct = false;
            for (int i = n - period; i < n - 1; i++) {
                distinct |= !history.get(i).key.equals(history.get(i + 1).key);
            }
            if (cycle && distinct) {
                List<String> steps = new ArrayList<>();
                for (int i = n - period; i < n; i++) {
                    steps.add(history.get(i).key);
                }
                return Optional.of("a " + period + "-step cycle repeated " + cycleRepeats + " times: " + steps);
            }
        }
        return Optional.empty();
    }

    void clear() {
        history.clear();
    }

    /** Rounds every number in a JSON text to two decimals so near-identical intents compare equal. */
    static String normalise(String intentJson) {
        StringBuilder out = new StringBuilder(intentJson.length());
        int i = 0;
        while (i < intentJson.length()) {
            char c = intentJson.charAt(i);
            if (c == '"') {
                int j = i + 1;
                while (j < intentJson.length() && intentJson.charAt(j) != '"') {
                    j += intentJson.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(intentJson, i, Math.min(j + 1, intentJson.length()));
                i = j + 1;
            } else if (c == '-' || Character.isDigit(c)) {
                int j = i + 1;
                while (j < intentJson.length() && "0123456789.eE+-".indexOf(intentJson.charAt(j)) >= 0) {
                    j++;
                }
                try {
                    double d = Double.parseDouble(intentJson.substring(i, j));
                    double r = Math.round(d * 100.0) / 100.0;
                    out.append(r == 0 ? "0.0" : Double.toString(r));
                } catch (NumberFormatException e) {
                    out.append(intentJson, i, j);
                }
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
