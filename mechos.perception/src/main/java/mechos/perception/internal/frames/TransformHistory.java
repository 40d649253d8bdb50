package mechos.perception.internal.frames;

import java.util.Arrays;

import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;

/**
 * An immutable, time-sorted, bounded list of samples of one dynamic transform. Appending returns a new history
 * (copy-on-write), so readers never lock.
 */
final class TransformHistory {
    static final TransformHistory EMPTY = new TransformHistory(new long[0], new Transform[0]);
    private final long[] times;
    private final Transform[] values;

    private TransformHistory(long[] times, Transform[] values) {
        this.times = times;
        this.values = values;
    }

    int size() {
        return times.length;
    }

    /**
     * @return a history with the sample added (replacing one at the same time), samples older than
     *         {@code newest - spanNanos} dropped and at most {@code maxSamples} kept; this if the sample is older
     *         than everything the bounds keep
     */
    TransformHistory with(long time, Transform value, long spanNanos, int maxSamples) {
        int n = times.length;
        int pos = Arrays.binarySearch(times, time);
        boolean replace = pos >= 0;
        int at = replace ? pos : -pos - 1;
        long newest = n == 0 ? time : Math.max(time, times[n - 1]);
        long[] t = new long[replace ? n : n + 1];
        Transform[] v = new Transform[t.length];
        System.arraycopy(times, 0, t, 0, at);
        System.arraycopy(values, 0, v, 0, at);
        t[at] = time;
        v[at] = value;
        int from = replace ? at + 1 : at;
        System.arraycopy(times, from, t, at + 1, n - from);
        System.arraycopy(values, from, v, at + 1, n - from);
        int start = 0;
        while (start < t.length - 1 && (newest - t[start] > spanNanos || t.length - start > maxSamples)) {
            start++;
        }
        if (start > at) {
            return this;
        }
        return start == 0 ? new TransformHistory(t, v)
                : new TransformHistory(Arrays.copyOfRange(t, start, t.length), Arrays.copyOfRange(v, start, v.length));
    }

    Transform latest(String name) {
        if (times.length == 0) {
            throw new TransformException(TransformException.Reason.OUT_OF_HISTORY, name + " has no data yet");
        }
        return values[values.length - 1];
    }

    /** Interpolates at {@code time}; requests within {@code toleranceNanos} outside the history use its ends. */
    Transform at(long time, long toleranceNanos, String name) {
        int n = times.length;
        if (n == 0) {
            throw new TransformException(TransformException.Reason.OUT_OF_HISTORY, name + " has no data yet");
        }
        if (time < times[0] - toleranceNanos || time > times[n - 1] + toleranceNanos) {
            throw new TransformException(TransformException.Reason.OUT_OF_HISTORY,
                    name + " has data for [" + times[0] + ", " + times[n - 1] + "] ns, not for " + time);
        }
        if (time <= times[0]) {
            return values[0];
        }
        if (time >= times[n - 1]) {
            return values[n - 1];
        }
        int pos = Arrays.binarySearch(times, time);
        if (pos >= 0) {
            return values[pos];
        }
        int hi = -pos - 1;
        int lo = hi - 1;
        double f = (double) (time - times[lo]) / (times[hi] - times[lo]);
        return Transform.interpolate(values[lo], values[hi], f);
    }
}
