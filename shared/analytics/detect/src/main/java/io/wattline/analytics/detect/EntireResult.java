package io.wattline.analytics.detect;

/**
 * Azure's entire-detection response, one entry per input point. The band is
 * {@code [expected - lowerMargin, expected + upperMargin]}; severity is 0 for normal points and in
 * (0, 1] for anomalies.
 */
public record EntireResult(int period, double[] expectedValues, double[] upperMargins, double[] lowerMargins,
                           boolean[] isAnomaly, boolean[] isNegativeAnomaly, boolean[] isPositiveAnomaly,
                           double[] severity) {
    public int anomalyCount() {
        int c = 0;
        for (boolean b : isAnomaly) if (b) c++;
        return c;
    }
}
