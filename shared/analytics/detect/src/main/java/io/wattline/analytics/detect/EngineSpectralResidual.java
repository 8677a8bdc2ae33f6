package io.wattline.analytics.detect;

import java.util.Arrays;

/**
 * The model Azure's univariate engine used for a series without a period on a fine grid (minutely or secondly with a
 * step under an hour) whose values are not mostly one value: spectral residual, not the outlier tests
 * of {@link EngineOutliers}. Re-implemented from its published behaviour (MIT-licensed
 * {@code microsoft/anomaly-detector}; this is our code).
 *
 * <p>A point's score is how far its saliency (the series, extended by five predicted points, through the spectral
 * residual transform, {@link SpectralResidual#saliency}) departs from the mean saliency of the 100 points up to it,
 * relative to that mean. A score of {@value #THRESHOLD} or more is an anomaly, the highest-scored
 * {@code max(floor(n·maxAnomalyRatio), 1)} kept. Points scoring at most
 * {@value #SKELETON} are the skeleton: a point off it is expected at the mean of the skeleton points from half its
 * index to it; the expected values are then the trailing mean of five. The margins are the score's: 1 % of the normal
 * points' range for a normal point, else {@code |value − expected| / score · (1 − sensitivity/100)}, refined as
 * the engine's v1 margins are ({@link EngineOutliers#refine}).
 *
 * <p>Not reproduced: the engine also ran the model on the differenced series when unit-root tests (ADF, KPSS) called
 * the series non-stationary, and added the anomalies found there.
 */
final class EngineSpectralResidual {
    /** The engine's default score threshold of an anomaly. */
    static final double THRESHOLD = 3.5;
    /** Points scoring at most this are the skeleton the expected values are drawn from. */
    static final double SKELETON = 1.0;
    private static final double MIN_RAW_SCORE = 3.5, MAX_RAW_SCORE = 15.0;
    private static final double EPS = 1e-8;
    private static final int EXTEND = 5, LOOK_AHEAD = 5, SCORE_WINDOW = 100, EXPECTED_WINDOW = 5;

    private EngineSpectralResidual() {}

    /**
     * Whether the engine used this model: no period, a minutely grid of under 60 minutes or a secondly one of under
     * 3,600 seconds, and values whose MAD is not 0.
     */
    static boolean applies(Granularity g, int interval, int period, double[] values) {
        if (period > 1) return false;
        boolean fine = (g == Granularity.MINUTELY && interval < 60) || (g == Granularity.SECONDLY && interval < 3600);
        if (!fine || values.length == 0) return false;
        double med = Robust.median(values);
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) dev[i] = Math.abs(values[i] - med);
        return Robust.median(dev) / EngineOutliers.MAD_CONSTANT >= EPS;
    }

    /** Azure's entire answer for the series the engine detected ({@code x}, as given or filled). */
    static EntireResult entire(double[] x, int[] inputAt, int period, double maxAnomalyRatio, int sensitivity) {
        int n = x.length;
        double[] score = scores(x, true);
        boolean[] skeleton = new boolean[n];
        for (int i = 0; i < n; i++) skeleton[i] = score[i] <= SKELETON;
        double[] cnt = new double[n + 1], sum = new double[n + 1];
        for (int i = 0; i < n; i++) {
            cnt[i + 1] = cnt[i] + (skeleton[i] ? 1 : 0);
            sum[i + 1] = sum[i] + (skeleton[i] ? x[i] : 0);
        }
        double[] expected = x.clone();
        double prefix = 0;
        for (int i = 0; i < n; i++) {
            prefix += x[i];
            if (skeleton[i]) continue;
            double c = cnt[i + 1] - cnt[i / 2];
            expected[i] = c == 0 ? prefix / (i + 1) : (sum[i + 1] - sum[i / 2]) / c;
        }
        expected = averageFilter(expected, EXPECTED_WINDOW, false);

        boolean[] anomaly = topAnomalies(score, Math.max((int) (n * maxAnomalyRatio), 1));
        int m = inputAt.length;
        double[] val = new double[m], exp = new double[m], at = new double[m];
        boolean[] an = new boolean[m];
        for (int j = 0; j < m; j++) {
            int i = inputAt[j];
            val[j] = x[i];
            exp[j] = expected[i];
            an[j] = anomaly[i];
            at[j] = score[i];
        }
        double[] margin = scoreMargins(val, exp, at, sensitivity);
        double[][] margins = EngineOutliers.refine(val, exp, an, sensitivity, margin);
        return EntireResult.flagged(period, val, exp, margins, an);
    }

    /**
     * Azure's last answer for the series the engine detected ({@code x}, its last point the one judged). The last point
     * is scored on the series without the recent stretch from the first point scoring 1.5 or more (among the last tenth
     * or so), and scores 0 when it lies within 1.5 standard deviations of the mean (then the margins are the v1 margins
     * {@code |expected|·(100 − s)/100}). It is expected at the mean of the later half of the skeleton points.
     *
     * @param inputAt each input point's place in {@code x} (the margins are the input points')
     * @param ratio   the last detection's anomaly ratio ({@link AnomalyDetector#lastDetectionRatio})
     */
    static LastResult last(double[] x, int[] inputAt, int period, int suggestedWindow, double ratio, int sensitivity) {
        int n = x.length;
        int maxOutliers = Math.max((int) (n * ratio), 1); // the engine's spectral residual count
        double[] score = scores(x, false);
        int maxDrop = Math.min(Math.max(maxOutliers, (int) (n * 0.1)), (int) (n * 0.45));
        int cut = n - 1;
        for (int i = n - maxDrop; i < n; i++) {
            if (score[i] >= DROP_SCORE) {
                cut = i;
                break;
            }
        }
        double[] kept = Arrays.copyOf(x, cut + 1);
        kept[cut] = x[n - 1];
        Arrays.fill(score, cut, n - 1, 2 * SKELETON); // the dropped stretch is no skeleton
        score[n - 1] = scores(kept, false)[cut];
        double mean = 0, var = 0;
        for (double v : x) mean += v / n;
        for (double v : x) var += (v - mean) * (v - mean) / n;
        boolean zOnly = Math.abs(x[n - 1] - mean) / Math.sqrt(var) < DROP_SCORE;
        if (zOnly) score[n - 1] = 0;

        boolean[] anomaly = topAnomalies(score, maxOutliers);
        double[] expected = x.clone();
        int skeletons = 0;
        for (double sc : score) if (sc <= SKELETON) skeletons++;
        double sum = 0;
        int count = 0, seen = 0;
        for (int i = 0; i < n; i++) {
            if (score[i] > SKELETON) continue;
            if (seen++ >= skeletons / 2) {
                sum += x[i];
                count++;
            }
        }
        expected[n - 1] = count > 0 ? sum / count : x[n - 1];
        int m = inputAt.length;
        double[] val = new double[m], exp = new double[m], at = new double[m];
        boolean[] flags = new boolean[m];
        for (int j = 0; j < m; j++) {
            val[j] = x[inputAt[j]];
            exp[j] = expected[inputAt[j]];
            at[j] = score[inputAt[j]];
            flags[j] = anomaly[inputAt[j]];
        }
        double[][] margins = zOnly ? EngineOutliers.refine(val, exp, flags, sensitivity)
                : EngineOutliers.refine(val, exp, flags, sensitivity, scoreMargins(val, exp, at, sensitivity));
        double v = val[m - 1], e = exp[m - 1];
        boolean an = flags[m - 1];
        // zScore (not on Azure's wire): the point's spectral residual score
        return new LastResult(period, suggestedWindow, e, margins[0][m - 1], margins[1][m - 1], an, an && e > v, an && e <= v,
                an ? EngineOutliers.severity(v, e) : 0, score[n - 1]);
    }

    /** A last point whose score (or z-score) reaches this is dropped from the series its score is taken on. */
    private static final double DROP_SCORE = 1.5;

    /** The points scoring {@value #THRESHOLD} or more, at most {@code max} of them, the highest first. */
    private static boolean[] topAnomalies(double[] score, int max) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a])); // stable: ties keep the earlier point first
        boolean[] anomaly = new boolean[n];
        for (int k = 0; k < Math.min(n, max) && score[order[k]] >= THRESHOLD; k++) anomaly[order[k]] = true;
        return anomaly;
    }

    /**
     * The margins from the scores: 1 % of the normal points' range for a normal point (normalised score at most 1e-8),
     * else {@code |value − expected| / score · (1 − sensitivity/100)}.
     */
    private static double[] scoreMargins(double[] val, double[] exp, double[] score, int sensitivity) {
        int m = val.length;
        double[] norm = new double[m];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            // the engine's normalisation, its precedence kept: score − 3.5 / (15 − 3.5), clipped to [0, 1]
            norm[j] = Math.min(1, Math.max(0, score[j] - MIN_RAW_SCORE / (MAX_RAW_SCORE - MIN_RAW_SCORE)));
            if (norm[j] > EPS) continue;
            lo = Math.min(lo, val[j]);
            hi = Math.max(hi, val[j]);
        }
        double normal = lo <= hi ? (hi - lo) * 0.01 : 0, bar = 1 - sensitivity / 100.0;
        double[] margin = new double[m];
        for (int j = 0; j < m; j++) margin[j] = norm[j] <= EPS ? normal : Math.abs(val[j] - exp[j]) / norm[j] * bar;
        return margin;
    }

    /**
     * Each point's score: its saliency's departure from the mean saliency up to it (over {@value #SCORE_WINDOW}
     * points, the first ones padded with the mean before them), relative to that mean.
     *
     * @param trimmed extend the series from its last values within 1.5 interquartile ranges of the quartiles (entire
     *                detection), else from its last values as they are
     */
    static double[] scores(double[] x, boolean trimmed) {
        int n = x.length;
        double[] ext = Arrays.copyOf(x, n + EXTEND);
        Arrays.fill(ext, n, n + EXTEND, predictNext(ahead(x, trimmed)));
        double[] mag = Arrays.copyOf(SpectralResidual.saliency(ext), n);
        double[] avg = averageFilter(mag, SCORE_WINDOW, true);
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            double a = Math.abs(avg[i] - EPS) <= EPS + 1e-5 * EPS ? EPS : avg[i]; // numpy's isclose(avg, EPS)
            score[i] = Math.abs(mag[i] - a) / a;
        }
        return score;
    }

    /** The {@value #LOOK_AHEAD} + 1 values the extension is predicted from. */
    private static double[] ahead(double[] x, boolean trimmed) {
        int n = x.length;
        if (!trimmed) return Arrays.copyOfRange(x, Math.max(0, n - LOOK_AHEAD - 2), n - 1);
        double q25 = Robust.quantile(x, 0.25), q50 = Robust.quantile(x, 0.5), q75 = Robust.quantile(x, 0.75);
        double max = q75 + 1.5 * (q75 - q25), min = q25 - 1.5 * (q75 - q25);
        double[] v = new double[LOOK_AHEAD + 1];
        Arrays.fill(v, q50);
        for (int i = LOOK_AHEAD, j = n - 1; i >= 0 && j >= 0; j--) {
            if (x[j] >= min && x[j] <= max) v[i--] = x[j];
        }
        return v;
    }

    /** The engine's next value: the median plus the mean slope to the last value, scaled by (m + 1)/2. */
    private static double predictNext(double[] v) {
        int m = v.length;
        if (m <= 1) return m == 1 ? v[0] : 0;
        double last = v[m - 1], slopes = 0;
        for (int i = 0; i < m - 1; i++) slopes += (last - v[i]) / (m - 1 - i);
        return Robust.median(v) + slopes * 0.5 * (m + 1) / (m - 1);
    }

    /**
     * The trailing mean over {@code w} points; the first ones over the points there are, or ({@code padded}) over
     * {@code w} with the missing ones at the mean of those before the point.
     */
    static double[] averageFilter(double[] v, int w, boolean padded) {
        int n = v.length, fill = w;
        w = Math.min(w, n);
        double[] cum = new double[n], out = new double[n];
        for (int i = 0; i < n; i++) cum[i] = (i > 0 ? cum[i - 1] : 0) + v[i];
        for (int i = 0; i < n; i++) {
            if (i >= w) out[i] = (cum[i] - cum[i - w]) / w;
            else if (i == 0) out[i] = cum[0];
            else if (padded) out[i] = (cum[i] + (cum[i] - v[i]) / i * (fill - i - 1)) / fill;
            else out[i] = cum[i] / (i + 1);
        }
        return out;
    }
}
