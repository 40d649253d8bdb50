package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void writesHelpTypeAndEscapedLabels() {
        String t = new PrometheusText().family("m_x", "gauge", "an x").sample(2.5, "a", "q\"u\\o\nte")
                .sample(3).toString();
        assertEquals("# HELP m_x an x\n# TYPE m_x gauge\nm_x{a=\"q\\\"u\\\\o\\nte\"} 2.5\nm_x 3\n", t);
    }

    @Test
    void histogramBucketsAreCumulativeAndEndWithInf() {
        Histogram h = new Histogram();
        h.observe(0.0002);
        h.observe(0.003);
        h.observe(20);
        String t = new PrometheusText().histogram("lat", "latency", h.snapshot()).toString();
        assertTrue(t.contains("lat_bucket{le=\"1.0E-4\"} 0\n"), t);
        assertTrue(t.contains("lat_bucket{le=\"2.5E-4\"} 1\n"), t);
        assertTrue(t.contains("lat_bucket{le=\"0.005\"} 2\n"), t);
        assertTrue(t.contains("lat_bucket{le=\"10\"} 2\n"), t);
        assertTrue(t.contains("lat_bucket{le=\"+Inf\"} 3\n"), t);
        assertTrue(t.contains("lat_count 3\n"), t);
        assertTrue(t.contains("lat_sum 20.0032\n"), t);
    }

    @Test
    void specialValuesUseThePrometheusSpelling() {
        assertEquals("NaN", PrometheusText.format(Double.NaN));
        assertEquals("+Inf", PrometheusText.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.format(Double.NEGATIVE_INFINITY));
        assertEquals("42", PrometheusText.format(42));
    }

    @Test
    void oddLabelListIsABug() {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().family("f", "gauge", "h").sample(1, "a"));
    }

    @Test
    void histogramIgnoresNegativeAndNonFiniteObservations() {
        Histogram h = new Histogram();
        h.observe(-1);
        h.observe(Double.NaN);
        h.observe(Double.POSITIVE_INFINITY);
        h.observe(0.5);
        Histogram.Snapshot s = h.snapshot();
        assertEquals(1, s.count());
        assertEquals(0.5, s.max());
        assertEquals(0.5, s.mean());
    }
}
