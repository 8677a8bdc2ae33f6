package io.wattline.analytics.forecast;

/** A point forecast of the next {@code mean.length} steps with a central interval at {@code confidence}. */
public record Forecast(double[] mean, double[] lower, double[] upper, double confidence) {
    public int steps() {
        return mean.length;
    }

    /**
     * The lowest hour a model may forecast from this history: its lowest value (at least 0). An additive model's
     * daily and weekly terms overshoot at a sharp step (a shift's end, a weekend), and dipped below anything the
     * machine ever drew (a boiler that never idles under 3.6 kW was forecast 1.3 kW; a compressor's base load 9.8 kW,
     * 5.8 kW): no hour is forecast lower than every hour the model learned from, as none is forecast above what the
     * machine can draw.
     */
    public static double floorOf(double[] history) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : history) if (Double.isFinite(v)) min = Math.min(min, v);
        return Double.isFinite(min) ? Math.max(0, min) : 0;
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
