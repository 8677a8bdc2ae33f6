package io.wattline.analytics.detect;

import java.util.List;

/**
 * A machine's normal, learned from a healthy series: the statistics the native detector needs to turn
 * prediction errors into z-scores and to classify regimes. Points the detector itself flags (at
 * sensitivity 95) are left out, so a stray spike in the "healthy" series does not widen the normal.
 *
 * @param points      points learned from
 * @param period      period found (0: none)
 * @param energyMean  mean prediction error |x − expected|
 * @param energyStd   its standard deviation
 * @param levelMean   mean value
 * @param levelStd    standard deviation of the values
 * @param levelP05    5th percentile of the values
 * @param levelP95    95th percentile of the values
 * @param stepP95     95th percentile of the trend's change over {@value #STEP} points (how fast the level moves normally)
 * @param trendMean   mean of the trend (the deseasonalised level)
 * @param trendStd    its standard deviation
 */
public record Baseline(int points, int period, double energyMean, double energyStd, double levelMean,
                       double levelStd, double levelP05, double levelP95, double stepP95, double trendMean,
                       double trendStd) {
    /** Lag of the level-step statistic. */
    public static final int STEP = 5;
    /**
     * The smallest spread a baseline keeps, as a share of the span of its values (p05-p95), or of its level where the
     * values do not vary: measured readings are not exact to better than about a thousandth (a meter's resolution,
     * rounding). With 1e-9 of the level, a baseline learnt on noise-free data read every later point at z-scores of
     * 4e7-3e9, and one reading of 5.01 against a constant 5.0 at z = 2,000,000 (a shock). Not of the level where the
     * values vary: then the floor depended on the series' offset (noise of 0.01 around 1,000 read a 10-sigma dip as
     * healthy, around 0 as a shock).
     */
    public static final double MIN_SCALE_SHARE = 1e-3;

    /** The spreads floored here, so that a baseline learnt and stored before the floor reads the same once loaded. */
    public Baseline {
        double floor = minScale(levelMean, levelP05, levelP95);
        energyStd = Math.max(floor, energyStd);
        levelStd = Math.max(floor, levelStd);
        trendStd = Math.max(floor, trendStd);
    }

    /** {@value #MIN_SCALE_SHARE} of the span of the values, or of the level where they do not vary; 1e-9 for zeros. */
    static double minScale(double levelMean, double levelP05, double levelP95) {
        double span = levelP95 - levelP05;
        return Math.max(MIN_SCALE_SHARE * (span > 0 ? span : Math.abs(levelMean)), 1e-9);
    }

    public static Baseline learn(List<TimePoint> series, DetectOptions o) {
        return learn(AnomalyDetector.analyse(series, o.withSensitivity(DetectOptions.NATIVE_DEFAULT_SENSITIVITY)));
    }

    static Baseline learn(Analysis a) {
        int n = a.size();
        double[] e = new double[n], v = new double[n];
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (a.anomaly()[i] || a.imputed()[i]) continue;
            e[c] = a.energy(i);
            v[c++] = a.values()[i];
        }
        e = java.util.Arrays.copyOf(e, c);
        v = java.util.Arrays.copyOf(v, c);
        double[] trend = a.decomposition().trend();
        double[] steps = new double[Math.max(1, n - STEP)];
        for (int i = STEP; i < n; i++) steps[i - STEP] = Math.abs(trend[i] - trend[i - STEP]);
        return new Baseline(n, a.period(), Robust.mean(e, 0, c), Robust.std(e, 0, c), Robust.mean(v, 0, c),
                Robust.std(v, 0, c), Robust.quantile(v, 0.05), Robust.quantile(v, 0.95), Robust.quantile(steps, 0.95),
                Robust.mean(trend, 0, n), Robust.std(trend, 0, n));
    }
}
