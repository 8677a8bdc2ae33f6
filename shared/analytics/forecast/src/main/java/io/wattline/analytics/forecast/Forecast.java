package io.wattline.analytics.forecast;

/** A point forecast of the next {@code mean.length} steps with a central interval at {@code confidence}. */
public record Forecast(double[] mean, double[] lower, double[] upper, double confidence) {
    public int steps() {
        return mean.length;
    }

    /** The forecast with every value raised to at least {@code floor} (power is never negative). */
    public Forecast atLeast(double floor) {
        return within(floor, Double.POSITIVE_INFINITY);
    }

    /**
     * The forecast with every value held to at most {@code ceiling}: a machine draws no more than its rated power over
     * an hour, however far a weather term extrapolates beyond the temperatures it was fitted on.
     */
    public Forecast atMost(double ceiling) {
        return within(Double.NEGATIVE_INFINITY, ceiling);
    }

    private Forecast within(double floor, double ceiling) {
        double[] m = mean.clone(), lo = lower.clone(), hi = upper.clone();
        for (double[] a : new double[][]{m, lo, hi}) {
            for (int i = 0; i < a.length; i++) a[i] = Math.min(ceiling, Math.max(floor, a[i]));
        }
        return new Forecast(m, lo, hi, confidence);
    }
}
