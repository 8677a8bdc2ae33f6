package io.wattline.analytics.detect;

/**
 * Spectral-residual saliency (Ren et al., "Time-Series Anomaly Detection Service at Microsoft",
 * KDD 2019): the log-amplitude spectrum minus its local average (3 bins) is the "novel" part of the
 * spectrum; transformed back with the original phases it gives a saliency map that peaks where the
 * series does something unexpected. A point's score is the relative deviation of its saliency from
 * the average saliency of the preceding {@value #SCORE_WINDOW} points. The series is first extended by
 * {@value #EXTEND} extrapolated points (mean slope of the last {@value #EXTEND}) so that the last real
 * point is not at the transform's edge, which is what lets {@code last/detect} judge it.
 */
public final class SpectralResidual {
    static final int EXTEND = 5;
    static final int MAG_WINDOW = 3;
    static final int SCORE_WINDOW = 21;
    private static final double EPS = 1e-8;

    private SpectralResidual() {}

    /** Scores of {@code x[from, to)}, one per point; about 0 for ordinary points, above 3 for salient ones. */
    public static double[] scores(double[] x, int from, int to) {
        int n = to - from;
        double[] out = new double[n];
        if (n < 4) return out;
        double[] ext = extend(x, from, to);
        double[] sal = saliency(ext);
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - SCORE_WINDOW);
            double avg = 0;
            if (i == 0) {
                avg = sal[0];
            } else {
                for (int k = a; k < i; k++) avg += sal[k];
                avg /= (i - a);
            }
            out[i] = avg > EPS ? Math.abs(sal[i] - avg) / avg : 0;
        }
        return out;
    }

    public static double[] scores(double[] x) {
        return scores(x, 0, x.length);
    }

    /** The score of the last point of {@code x[from, to)} only (same value as {@code scores(...)[n-1]}). */
    public static double lastScore(double[] x, int from, int to) {
        int n = to - from;
        if (n < 4) return 0;
        double[] sal = saliency(extend(x, from, to));
        int a = Math.max(0, n - 1 - SCORE_WINDOW);
        double avg = 0;
        for (int k = a; k < n - 1; k++) avg += sal[k];
        avg /= (n - 1 - a);
        return avg > EPS ? Math.abs(sal[n - 1] - avg) / avg : 0;
    }

    static double[] extend(double[] x, int from, int to) {
        int n = to - from;
        int look = Math.min(EXTEND, n - 1);
        double last = x[to - 1], slope = 0;
        for (int k = 1; k <= look; k++) slope += (last - x[to - 1 - k]) / k;
        slope /= look;
        double next = x[to - 1 - look] + slope * look;
        double[] ext = new double[n + EXTEND];
        System.arraycopy(x, from, ext, 0, n);
        for (int k = 0; k < EXTEND; k++) ext[n + k] = next;
        return ext;
    }

    /**
     * The spectral residual transform (Azure's engine's, also {@link EngineSpectralResidual}'s): each frequency bin
     * divided by the trailing geometric mean of its amplitude over {@value #MAG_WINDOW} bins, transformed back. Bins
     * of amplitude at most 1e-8 are rounding, not signal: zeroed, their log taken as 0 (numpy's code does so).
     */
    static double[] saliency(double[] x) {
        int n = x.length;
        double[] re = x.clone(), im = new double[n];
        Fft.transform(re, im, false);
        double[] mag = new double[n], logMag = new double[n];
        for (int k = 0; k < n; k++) {
            mag[k] = Math.hypot(re[k], im[k]);
            logMag[k] = mag[k] > EPS ? Math.log(mag[k]) : 0;
        }
        double[] avg = Robust.trailingMean(logMag, MAG_WINDOW);
        for (int k = 0; k < n; k++) {
            if (mag[k] <= EPS) {
                re[k] = 0;
                im[k] = 0;
            } else {
                double f = Math.exp(logMag[k] - avg[k]) / mag[k];
                re[k] *= f;
                im[k] *= f;
            }
        }
        Fft.transform(re, im, true);
        double[] sal = new double[n];
        for (int k = 0; k < n; k++) sal[k] = Math.hypot(re[k], im[k]) / n;
        return sal;
    }
}
