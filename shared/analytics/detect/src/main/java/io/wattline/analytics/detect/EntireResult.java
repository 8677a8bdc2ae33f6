package io.wattline.analytics.detect;

/**
 * Azure's entire-detection response, one entry per input point. The band is
 * {@code [expected - lowerMargin, expected + upperMargin]}; severity is 0 for normal points and in
 * (0, 1] for anomalies.
 */
public record EntireResult(int period, double[] expectedValues, double[] upperMargins, double[] lowerMargins,
                           boolean[] isAnomaly, boolean[] isNegativeAnomaly, boolean[] isPositiveAnomaly,
                           double[] severity) {
    /**
     * The engine's answer for the points judged: each flag positive where the value reaches its expectation, negative
     * below it, with its severity.
     */
    static EntireResult flagged(int period, double[] values, double[] expected, double[][] margins, boolean[] anomaly) {
        int m = values.length;
        boolean[] pos = new boolean[m], neg = new boolean[m];
        double[] sev = new double[m];
        for (int j = 0; j < m; j++) {
            if (!anomaly[j]) continue;
            pos[j] = values[j] >= expected[j];
            neg[j] = !pos[j];
            sev[j] = EngineOutliers.severity(values[j], expected[j]);
        }
        return new EntireResult(period, expected, margins[0], margins[1], anomaly, neg, pos, sev);
    }

    public int anomalyCount() {
        int c = 0;
        for (boolean b : isAnomaly) if (b) c++;
        return c;
    }
}
