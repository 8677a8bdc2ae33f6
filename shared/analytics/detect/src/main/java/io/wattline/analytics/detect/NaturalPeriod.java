package io.wattline.analytics.detect;

/**
 * The period Azure's engine tries before searching the spectrum: the natural cycles of the series' grid (a week and a
 * day of hourly points, a week of days, a year of months...), each kept when its per-phase means explain enough of the
 * variance out of sample (leave-one-out), on the series itself or else on the series minus a running median of one
 * cycle. The first natural cycle that holds wins; where the grid's standard cycle (a week, for hourly and minutely
 * points) is a multiple of it and two standard cycles fit, the standard cycle is answered instead: a day of hourly
 * points over more than two weeks is answered as period 168, as the engine did. 0 when none holds.
 *
 * <p>Written from the engine's published behaviour (microsoft/anomaly-detector, MIT), including two of its quirks kept
 * for the same answers: the spikes are judged against the population standard deviation, and in the detrended check
 * each value above its phase's median is set to that median (the engine's per-phase MAD there is of signed
 * deviations, which is 0).
 */
final class NaturalPeriod {
    private NaturalPeriod() {}

    /** The engine's shortest period. */
    static final int MIN_PERIOD = 4;

    /** The verified natural period of {@code x} on this grid, or 0. */
    static int of(double[] x, Granularity granularity, int interval) {
        int n = x.length;
        int verified = 0;
        for (int p : candidates(granularity, interval)) {
            if (n <= 2 * p || p < MIN_PERIOD) continue;
            if (holds(x, p)) {
                verified = p;
                break;
            }
        }
        if (verified == 0) return 0;
        int standard = standard(granularity, interval);
        return standard <= 0 || n <= 2 * standard || standard % verified != 0 ? verified : standard;
    }

    static int[] candidates(Granularity g, int interval) {
        int i = Math.max(1, interval);
        return switch (g) {
            case DAILY -> new int[] {7};
            case HOURLY -> new int[] {168 / i, 24 / i};
            case MINUTELY -> new int[] {1440 * 7 / i, 1440 / i, 1440 * 2 / i};
            case WEEKLY -> new int[] {12, 4};
            case MONTHLY -> new int[] {12};
            case SECONDLY -> new int[] {86400 * 7 / i, 86400 / i, 86400 * 2 / i};
            case MICROSECOND -> new int[] {1000};
            case YEARLY, NONE -> new int[0];
        };
    }

    /** The grid's standard cycle, 0 where it has none (the engine has none for microseconds either). */
    static int standard(Granularity g, int interval) {
        int i = Math.max(1, interval);
        return switch (g) {
            case DAILY -> 7;
            case HOURLY -> 168 / i;
            case MINUTELY -> 1440 * 7 / i;
            case WEEKLY, MONTHLY -> 12;
            case SECONDLY -> 86400 * 7 / i;
            case YEARLY, NONE, MICROSECOND -> 0;
        };
    }

    /** Whether period p explains the series, raw or detrended by a running median of one cycle. */
    static boolean holds(double[] x, int p) {
        double[] normed = normalise(x);
        double[] smooth = smoothSpikes(normed);
        if (isZero(variance(smooth))) return false;
        if (explained(smooth, p) > rawShare(p)) return true;
        double[] trend = Robust.movingMedianCutEnds(normed, p / 2);
        double[] detrended = new double[normed.length];
        for (int i = 0; i < normed.length; i++) detrended[i] = normed[i] - trend[i];
        detrended = clipToPhaseMedians(smoothSpikes(detrended), p);
        if (isZero(variance(detrended))) return false;
        return explained(detrended, p) > detrendedShare(p);
    }

    private static double rawShare(int p) {
        return p <= 24 ? 0.35 : p <= 168 ? 0.15 : 0.1;
    }

    private static double detrendedShare(int p) {
        return p <= 24 ? 0.35 : p <= 168 ? 0.65 : 0.7;
    }

    /**
     * The share of the variance the per-phase means explain out of sample: 1 − (leave-one-out mean square error) /
     * variance, the error summed phase by phase as {@code (c/(c−1))² · Σ(y − mean)²} (generalised cross-validation of
     * seasonal means); 1 when that error is 0.
     */
    static double explained(double[] y, int p) {
        int n = y.length;
        double[] sum = new double[p], sum2 = new double[p];
        int[] count = new int[p];
        for (int i = 0; i < n; i++) {
            sum[i % p] += y[i];
            sum2[i % p] += y[i] * y[i];
            count[i % p]++;
        }
        double cv = 0;
        for (int k = 0; k < p; k++) {
            double c = count[k], f = c / (c - 1.0);
            cv += f * f * (sum2[k] - sum[k] * sum[k] / c);
        }
        cv /= n;
        return isZero(cv) ? 1 : 1 - cv / variance(y);
    }

    /** Scaled to [0, 1] by its minimum and maximum (unchanged when flat). */
    static double[] normalise(double[] x) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double[] y = x.clone();
        if (min != max) for (int i = 0; i < y.length; i++) y[i] = (y[i] - min) / (max - min);
        return y;
    }

    /** Points 3 standard deviations or more from the mean replaced by the line between their neighbours (the ends held). */
    static double[] smoothSpikes(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) mean += v;
        mean /= n;
        double sd = Math.sqrt(variance(x)) + 1e-8;
        boolean[] spike = new boolean[n];
        for (int i = 0; i < n; i++) spike[i] = Math.abs(x[i] - mean) / sd >= 3;
        double[] y = x.clone();
        int prev = -1;
        for (int i = 0; i <= n; i++) {
            if (i < n && spike[i]) continue;
            // points prev+1 .. i-1 are spikes between the kept points prev and i
            for (int j = prev + 1; j < i; j++) {
                if (prev < 0 && i == n) y[j] = x[j]; // nothing kept: left as it was
                else if (prev < 0) y[j] = x[i];
                else if (i == n) y[j] = x[prev];
                else y[j] = x[prev] + (x[i] - x[prev]) * (j - prev) / (double) (i - prev);
            }
            prev = i;
        }
        return y;
    }

    /** Each value above its phase's median set to that median. */
    static double[] clipToPhaseMedians(double[] x, int p) {
        double[] y = x.clone();
        double[] buf = new double[(x.length + p - 1) / p];
        for (int ph = 0; ph < p; ph++) {
            int c = 0;
            for (int i = ph; i < x.length; i += p) buf[c++] = x[i];
            double median = Robust.medianInPlace(buf, c);
            for (int i = ph; i < x.length; i += p) if (y[i] > median) y[i] = median;
        }
        return y;
    }

    /** Population variance. */
    static double variance(double[] x) {
        double mean = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        double s = 0;
        for (double v : x) s += (v - mean) * (v - mean);
        return s / x.length;
    }

    /** numpy's isclose(v, 0): within 1e-8. */
    private static boolean isZero(double v) {
        return Math.abs(v) <= 1e-8;
    }
}
