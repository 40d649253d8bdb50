package mechos.webconsole.internal;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): a HELP and TYPE line per metric family, then its
 * samples. Label values are escaped as the format requires.
 */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder(8192);
    private String family;

    /** Starts a metric family; samples written next belong to it. */
    PrometheusText family(String name, String type, String help) {
        family = name;
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample of the current family. */
    PrometheusText sample(double value, String... labels) {
        return sampleNamed(family, value, labels);
    }

    /** A sample with a suffixed name (histogram _bucket/_sum/_count). */
    PrometheusText sampleNamed(String name, double value, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be name/value pairs");
        }
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    /** A whole histogram family from a snapshot. */
    PrometheusText histogram(String name, String help, Histogram.Snapshot s) {
        family(name, "histogram", help);
        for (int i = 0; i < Histogram.BOUNDS.length; i++) {
            sampleNamed(name + "_bucket", s.cumulative()[i], "le", format(Histogram.BOUNDS[i]));
        }
        sampleNamed(name + "_bucket", s.count(), "le", "+Inf");
        sampleNamed(name + "_sum", s.sum());
        sampleNamed(name + "_count", s.count());
        return this;
    }

    static String escape(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
