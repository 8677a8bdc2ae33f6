package io.wattline.analytics.detect;

/**
 * Change points: where the series' level jumps to a new, stable trend (Azure's
 * {@code changepoint/detect}).
 *
 * <p>The series is deseasonalised (period requested or detected, as entire detection finds it). For
 * each boundary i (point i is the first of the new regime) the {@code w = stableTrendWindow} points
 * before are compared with the {@code w} points after, twice: by their medians, and by robust lines
 * fitted to each side and evaluated at the boundary. Each gap over its standard error (noise σ from
 * the MAD of first differences, robust to the steps themselves; 1.7·σ/√w for the medians and
 * 3.8·σ/√w for the lines, measured by simulation) is a z statistic, and the smaller of the two counts:
 * a step moves both, a steady slope only the medians, noise rarely both. Its two-sided p-value,
 * Bonferroni-corrected for the n boundaries, gives {@code confidence = 1 − p}. A point is a change point when its
 * statistic is the largest within ±w and its confidence is at least {@code 1 − threshold/10}: as
 * Azure documents, a lower threshold accepts fewer change points (0.9 → confidence ≥ 0.91, 0.1 → ≥ 0.99). It is then
 * placed at the boundary within ±w/2 whose sides' means differ most, its confidence with it.
 */
public final class ChangePointDetector {
    public static final double DEFAULT_THRESHOLD = 0.9;

    /**
     * The window when a request names none: Azure's engine's default for the granularity (yearly 3, monthly 6, weekly 3,
     * daily 5, hourly 24, minutely and secondly 72, finer 100: a day's worth or so), at most what a series of
     * {@code points} has on both sides of a boundary. A fixed 10 missed a lasting 5 σ shift in 2 of 8 hourly series
     * that the engine's 24 found.
     */
    public static int defaultWindow(Granularity g, long points) {
        int w = switch (g) {
            case YEARLY, WEEKLY -> 3;
            case MONTHLY -> 6;
            case DAILY -> 5;
            case HOURLY -> 24;
            case MINUTELY, SECONDLY -> 72;
            case MICROSECOND, NONE -> 100;
        };
        return (int) Math.max(3, Math.min(w, points / 2));
    }

    /** The threshold when a request names none: Azure's engine's (0.91 hourly, else 0.9). */
    public static double defaultThreshold(Granularity g) {
        return g == Granularity.HOURLY ? 0.91 : DEFAULT_THRESHOLD;
    }

    private ChangePointDetector() {}

    public static ChangePointResult detect(double[] x, Integer period, int w, double threshold) {
        return onLevel(x, x.length >= 12 ? Decomposition.choose(x, period) : Decomposition.fit(x, 0), w, threshold);
    }

    /** The change points of {@code x} on its level: {@code x} less the seasonal component of {@code d}. */
    static ChangePointResult onLevel(double[] x, Decomposition d, int w, double threshold) {
        int n = x.length;
        double[] u = new double[n];
        for (int i = 0; i < n; i++) u[i] = x[i] - d.seasonal()[i];
        double[] diff = new double[Math.max(1, n - 1)];
        for (int i = 0; i + 1 < n; i++) diff[i] = u[i + 1] - u[i];
        double sigma = Band.robustSigma(diff, Robust.median(u)) / Math.sqrt(2);
        double[] stat = new double[n];
        double[] conf = new double[n];
        boolean[] cp = new boolean[n];
        if (w < 2 || n < 2 * w) return new ChangePointResult(d.period(), cp, conf);
        double seLine = 3.8 * sigma / Math.sqrt(w), seMedian = 1.7 * sigma / Math.sqrt(w);
        double tests = n;
        for (int i = w; i <= n - w; i++) {
            double line = Math.abs(edgeValue(u, i, i + w, i - 0.5) - edgeValue(u, i - w, i, i - 0.5)) / seLine;
            double med = Math.abs(Robust.median(u, i, i + w) - Robust.median(u, i - w, i)) / seMedian;
            stat[i] = Math.min(line, med);
            double p = Math.min(1.0, tests * erfc(stat[i] / Math.sqrt(2)));
            conf[i] = 1 - p;
        }
        // ties in the statistic (a noise-free step is as certain seen from every boundary near it) go to the boundary
        // whose sides' means differ most, which is the step itself, then to the earlier one
        double[] sum = new double[n + 1];
        for (int i = 0; i < n; i++) sum[i + 1] = sum[i] + u[i];
        double[] meanGap = new double[n];
        for (int i = w; i <= n - w; i++) meanGap[i] = Math.abs(sum[i + w] - 2 * sum[i] + sum[i - w]) / w;
        double required = 1 - threshold / 10;
        for (int i = w; i <= n - w; i++) {
            if (!(conf[i] >= required) || !(stat[i] > 0)) continue;
            boolean max = true;
            for (int j = Math.max(w, i - w); j <= Math.min(n - w, i + w) && max; j++) {
                if (stat[j] > stat[i] || (stat[j] == stat[i] && (meanGap[j] > meanGap[i] || (meanGap[j] == meanGap[i] && j < i)))) {
                    max = false;
                }
            }
            cp[i] = max;
        }
        // where: the boundary within ±w/2 whose sides' means differ most. The statistic's peak is flat over a step's
        // neighbourhood (a median on either side hardly moves when a point crosses over), so noise set it a point or
        // two early or late (a 10-sigma step marked at its last old point); each point on the wrong side takes
        // step/w off the means' gap, which is the step's own position in expectation
        boolean[] placed = new boolean[n];
        double[] newConf = conf.clone();
        for (int i = w; i <= n - w; i++) {
            if (!cp[i]) continue;
            int best = i;
            for (int j = Math.max(w, i - w / 2); j <= Math.min(n - w, i + w / 2); j++) {
                if (meanGap[j] > meanGap[best]) best = j;
            }
            placed[best] = true;
            // the change's confidence goes with it
            newConf[best] = Math.max(newConf[best], conf[i]);
        }
        return new ChangePointResult(d.period(), placed, newConf);
    }

    /**
     * Change points of a series as a request gives it: put on its granularity's grid, filled and decomposed as entire
     * detection does it ({@link Imputer}, {@link AnomalyDetector#fitted}: the same period, found the same way when the
     * request gives none, and long gaps refilled from the neighbouring cycles), detected on the grid, and answered per
     * input point: a change found at a filled point of a gap goes to the first point observed after it (the first one
     * seen at the new level), with the highest confidence of the gap; otherwise a level change inside a gap was lost.
     */
    public static ChangePointResult detect(java.util.List<TimePoint> series, DetectOptions o, int w, double threshold) {
        Imputer.Filled f = Imputer.fill(series, o);
        AnomalyDetector.Fitted fit = AnomalyDetector.fitted(f, o);
        ChangePointResult grid = onLevel(fit.values(), fit.decomposition(), w, threshold);
        int m = f.inputAt().length;
        boolean[] cp = new boolean[m];
        double[] conf = new double[m];
        for (int j = 0; j < m; j++) {
            for (int k = j == 0 ? 0 : f.inputAt()[j - 1] + 1; k <= f.inputAt()[j]; k++) {
                cp[j] |= grid.isChangePoint()[k];
                conf[j] = Math.max(conf[j], grid.confidenceScores()[k]);
            }
        }
        return new ChangePointResult(grid.period(), cp, conf);
    }

    /** The value at {@code at} of a robust line through {@code u[from, to)}: median slope, median intercept. */
    static double edgeValue(double[] u, int from, int to, double at) {
        double slope = Robust.pairSlope(u, from, to);
        double[] c = new double[to - from];
        for (int i = from; i < to; i++) c[i - from] = u[i] - slope * i;
        return Robust.medianInPlace(c, c.length) + slope * at;
    }

    /** Complementary error function (Chebyshev fit, relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
