package io.wattline.analytics.detect;

import java.util.Arrays;

/**
 * The trend Azure's univariate engine expected a series without a period at, outside the fine grids of
 * {@link EngineSpectralResidual} (its "dynamic threshold" model): a least-squares cubic spline over a few equal
 * segments, its ends straightened by Theil-Sen lines over a window ("aglets"); where the outlier tests flagged points,
 * the trend of the series with them interpolated away, its window from the series' own rough period (Welch's
 * periodogram after a broad median filter). Re-implemented from its published behaviour (MIT-licensed
 * {@code microsoft/anomaly-detector} and the {@code seasonal} package it calls; this is our code).
 */
final class EngineTrend {
    private static final int MAX_WINDOW = 512;
    private static final int MIN_PERIOD = 4;
    private static final double PEAK_SHARE = 0.9;

    private EngineTrend() {}

    /** The expected values: the trend of the series, of the series with its outliers interpolated away if any. */
    static double[] expected(double[] x, boolean[] outlier) {
        boolean any = false;
        for (boolean b : outlier) any |= b;
        return any ? of(interpolate(x, outlier), null) : of(x, 0);
    }

    /** The engine's trend: the mean below 6 points; else the spline, with the window of {@code period} (null: guessed). */
    static double[] of(double[] x, Integer period) {
        int n = x.length;
        if (n < 6) {
            double mean = 0;
            for (double v : x) mean += v / n;
            double[] out = new double[n];
            Arrays.fill(out, mean);
            return out;
        }
        int p = period != null ? period : guessPeriod(x);
        int window = p <= 1 ? Math.min(n / 3, MAX_WINDOW) : (p * 2 / 2) * 2 - 1;
        return aglet(spline(x, n / (window * 2) + 1), window);
    }

    /** Outliers replaced by the line between their nearest other points, held flat past the ends (numpy's interp). */
    static double[] interpolate(double[] x, boolean[] gap) {
        int n = x.length;
        double[] out = x.clone();
        int prev = -1;
        for (int i = 0; i <= n; i++) {
            if (i < n && gap[i]) continue;
            for (int k = prev + 1; k < i; k++) {
                if (prev < 0 && i >= n) out[k] = x[k];
                else if (prev < 0) out[k] = x[i];
                else if (i >= n) out[k] = x[prev];
                else out[k] = x[prev] + (x[i] - x[prev]) * (k - prev) / (double) (i - prev);
            }
            prev = i;
        }
        return out;
    }

    /** A rough period: the score-weighted mean of the periodogram's peaks after a broad median filter. */
    static int guessPeriod(double[] x) {
        int n = x.length;
        int maxPeriod = Math.min(n / 3, MAX_WINDOW);
        int window = maxPeriod <= 1 ? Math.min(n / 3, MAX_WINDOW) : (maxPeriod * 2 / 2) * 2 - 1;
        double[] broad = aglet(medianFilter(x, window), window);
        double[] detrended = new double[n];
        for (int i = 0; i < n; i++) detrended[i] = x[i] - broad[i];
        double[][] peaks = peaks(detrended);
        if (peaks == null) return maxPeriod;
        double sum = 0, weights = 0;
        for (double[] pk : peaks) {
            sum += pk[0] * pk[1];
            weights += pk[1];
        }
        return (int) Math.rint(sum / weights);
    }

    /** The periodogram's peaks within 90 % of its highest: {period, power} each, or null when it is all 0. */
    static double[][] peaks(double[] x) {
        int n = x.length;
        int maxPeriod = (int) Math.min(n / 3.0, MAX_WINDOW);
        int nperseg = Math.min(maxPeriod * 2, n / 2);
        if (nperseg < 2) return null;
        double[] power = welch(x, nperseg);
        // periods of the frequencies k/nperseg (k >= 1), rounded; equal ones merged keeping the higher power
        int[] periods = new int[power.length - 1];
        double[] pw = new double[power.length - 1];
        int m = 0;
        for (int k = 1; k < power.length; k++) {
            int period = (int) Math.rint(nperseg / (double) k);
            if (m > 0 && periods[m - 1] == period) {
                pw[m - 1] = Math.max(pw[m - 1], power[k]);
            } else {
                periods[m] = period;
                pw[m++] = power[k];
            }
        }
        for (int i = 0; i < m; i++) if (periods[i] == nperseg) pw[i] = 0; // the artifact at the window's length
        int atLeastMax = 0, belowMin = 0;
        for (int i = 0; i < m; i++) {
            if (periods[i] >= maxPeriod) atLeastMax++;
            if (periods[i] < MIN_PERIOD) belowMin++;
        }
        int from = atLeastMax - 1, to = m - belowMin;
        if (from < 0) from = m + from; // numpy's slice from -1: the last one
        if (belowMin == 0 || from >= to) return null;
        double[] p = Arrays.copyOfRange(pw, from, to);
        int[] per = Arrays.copyOfRange(periods, from, to);
        boolean allZero = true;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p) {
            if (Math.abs(v) > 1e-8) allZero = false;
            max = Math.max(max, v);
        }
        if (allZero) return null;
        double keep = max * PEAK_SHARE;
        java.util.List<double[]> out = new java.util.ArrayList<>();
        while (true) {
            int at = 0;
            for (int i = 1; i < p.length; i++) if (p[i] > p[at]) at = i;
            if (p[at] < keep) break;
            out.add(new double[] {per[at], p[at]});
            p[at] = 0;
        }
        return out.isEmpty() ? null : out.toArray(new double[0][]);
    }

    /**
     * Welch's power spectrum (scipy's defaults: periodic Hann window, half-overlapping segments each less its mean,
     * one-sided, scaled to a spectrum), averaged over the segments; entries for the frequencies k/nperseg.
     */
    static double[] welch(double[] x, int nperseg) {
        int n = x.length, step = nperseg - nperseg / 2;
        int segments = (n - nperseg / 2) / step;
        double[] win = new double[nperseg];
        double winSum = 0;
        for (int k = 0; k < nperseg; k++) {
            win[k] = 0.5 - 0.5 * Math.cos(2 * Math.PI * k / nperseg);
            winSum += win[k];
        }
        int bins = nperseg / 2 + 1;
        double[] power = new double[bins];
        for (int s = 0; s < segments; s++) {
            int from = s * step;
            double mean = 0;
            for (int k = 0; k < nperseg; k++) mean += x[from + k] / nperseg;
            double[] re = new double[nperseg], im = new double[nperseg];
            for (int k = 0; k < nperseg; k++) re[k] = (x[from + k] - mean) * win[k];
            Fft.transform(re, im, false);
            for (int k = 0; k < bins; k++) {
                double v = (re[k] * re[k] + im[k] * im[k]) / (winSum * winSum);
                boolean edge = k == 0 || (nperseg % 2 == 0 && k == bins - 1);
                power[k] += (edge ? v : 2 * v) / segments;
            }
        }
        return power;
    }

    /** The running median of {@code window} points; the half windows at the ends left as they are. */
    static double[] medianFilter(double[] x, int window) {
        int n = x.length, half = window / 2;
        double[] out = x.clone();
        if (n - half <= half) return out;
        double[] running = Robust.movingMedian(x, half); // exact [i - half, i + half] away from the ends
        System.arraycopy(running, half, out, half, n - 2 * half);
        return out;
    }

    /** The least-squares cubic spline with {@code nsegs} equal segments' knots (as the engine placed them), at each point. */
    static double[] spline(double[] y, int nsegs) {
        int n = y.length;
        int nknots = Math.max(2, nsegs + 1);
        // linspace(0, n - 1, nknots + 2) without its first point and last two: the engine's interior knots
        double[] interior = new double[nknots - 1];
        for (int j = 1; j <= nknots - 1; j++) interior[j - 1] = (n - 1) * j / (double) (nknots + 1);
        double[] t = new double[interior.length + 8];
        Arrays.fill(t, 0, 4, 0);
        System.arraycopy(interior, 0, t, 4, interior.length);
        Arrays.fill(t, 4 + interior.length, t.length, n - 1);
        int m = t.length - 4; // basis functions
        double[][] ata = new double[m][m];
        double[] aty = new double[m];
        double[][] basis = new double[n][];
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = span(t, i, m);
            basis[i] = cubicBasis(t, first[i], i);
            for (int a = 0; a < 4; a++) {
                int ra = first[i] - 3 + a;
                aty[ra] += basis[i][a] * y[i];
                for (int b = 0; b < 4; b++) ata[ra][first[i] - 3 + b] += basis[i][a] * basis[i][b];
            }
        }
        double[] c = solve(ata, aty);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double v = 0;
            for (int a = 0; a < 4; a++) v += basis[i][a] * c[first[i] - 3 + a];
            out[i] = v;
        }
        return out;
    }

    /** The knot span holding x: the l with t[l] <= x < t[l+1], the last span for the right end. */
    private static int span(double[] t, double x, int m) {
        int l = 3;
        while (l < m - 1 && x >= t[l + 1]) l++;
        return l;
    }

    /** The four nonzero cubic B-splines at x in span l (de Boor's recurrence). */
    private static double[] cubicBasis(double[] t, int l, double x) {
        double[] b = new double[4], left = new double[4], right = new double[4];
        b[0] = 1;
        for (int j = 1; j <= 3; j++) {
            left[j] = x - t[l + 1 - j];
            right[j] = t[l + j] - x;
            double saved = 0;
            for (int r = 0; r < j; r++) {
                double tmp = b[r] / (right[r + 1] + left[j - r]);
                b[r] = saved + right[r + 1] * tmp;
                saved = left[j - r] * tmp;
            }
            b[j] = saved;
        }
        return b;
    }

    /** Gaussian elimination with partial pivoting (a small, symmetric positive definite system). */
    private static double[] solve(double[][] a, double[] b) {
        int m = b.length;
        double[][] A = new double[m][];
        for (int i = 0; i < m; i++) A[i] = a[i].clone();
        double[] y = b.clone();
        for (int col = 0; col < m; col++) {
            int piv = col;
            for (int r = col + 1; r < m; r++) if (Math.abs(A[r][col]) > Math.abs(A[piv][col])) piv = r;
            double[] tr = A[col]; A[col] = A[piv]; A[piv] = tr;
            double ty = y[col]; y[col] = y[piv]; y[piv] = ty;
            if (A[col][col] == 0) continue;
            for (int r = col + 1; r < m; r++) {
                double f = A[r][col] / A[col][col];
                if (f == 0) continue;
                for (int k = col; k < m; k++) A[r][k] -= f * A[col][k];
                y[r] -= f * y[col];
            }
        }
        double[] c = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < m; k++) s -= A[i][k] * c[k];
            c[i] = A[i][i] == 0 ? 0 : s / A[i][i];
        }
        return c;
    }

    /** The ends' half windows replaced by Theil-Sen lines through the window at each end (the {@code seasonal} aglet). */
    static double[] aglet(double[] src, int window) {
        int n = src.length, half = window / 2;
        if (half < 1 || window > n) return src;
        double[] dst = src.clone();
        double leftSlope = theilSlope(src, 0, window), rightSlope = theilSlope(src, n - window, n);
        for (int k = 0; k < half; k++) dst[k] = (k - half) * leftSlope + src[half];
        for (int k = 0; k < half; k++) dst[n - half + k] = (k + 1) * rightSlope + src[n - half - 1];
        return dst;
    }

    /** Windows with fewer pairs than this take the median of all their slopes at once. */
    private static final int DIRECT_PAIRS = 1 << 14;
    /** Slopes sampled to bracket the median, and the sample ranks either side of it the bracket spans. */
    private static final int SAMPLE = 4096, SAMPLE_MARGIN = 256;

    /**
     * The median of the slopes between every two points of {@code y[from, to)} (Theil-Sen, x = 0, 1, ...). A window of
     * 1,023 points has 522,753 slopes: rather than store and select among them all, a sample of slopes brackets the
     * median, one pass counts the slopes below the bracket and keeps those in it, and the median is selected among
     * those. The same slopes (same arithmetic), the same ranks: the same median; when the bracket misses it (the
     * sample 8 standard deviations off), all slopes are selected from.
     */
    static double theilSlope(double[] y, int from, int to) {
        int w = to - from;
        int pairs = w * (w - 1) / 2;
        if (pairs == 0) return 0;
        if (pairs < DIRECT_PAIRS) return Robust.medianInPlace(allSlopes(y, from, w, pairs), pairs);
        int upper = pairs / 2, lower = (pairs & 1) == 1 ? upper : upper - 1; // the ranks of the median
        double[] sample = new double[SAMPLE];
        long h = 0x9E3779B97F4A7C15L; // a fixed sequence: the same pairs every call
        for (int s = 0; s < SAMPLE; s++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
            int i = (int) ((h >>> 33) % w), j = (int) (((h >>> 1) & 0xFFFFFFFFL) % (w - 1));
            if (j >= i) j++;
            int a = Math.min(i, j), b = Math.max(i, j);
            sample[s] = (y[from + b] - y[from + a]) / (b - a);
        }
        Arrays.sort(sample);
        int at = (int) ((long) lower * SAMPLE / pairs);
        double lo = sample[Math.max(0, at - SAMPLE_MARGIN)], hi = sample[Math.min(SAMPLE - 1, at + SAMPLE_MARGIN)];
        int below = 0, kept = 0;
        double[] inside = new double[(int) Math.min(pairs, 3L * pairs * SAMPLE_MARGIN / SAMPLE)];
        for (int i = 0; i < w; i++) {
            double yi = y[from + i];
            for (int j = i + 1; j < w; j++) {
                double slope = (y[from + j] - yi) / (j - i);
                below += slope < lo ? 1 : 0; // half the slopes each way: no branch to mispredict
                if (slope >= lo && slope <= hi) {
                    if (kept == inside.length) inside = Arrays.copyOf(inside, Math.min(pairs, 2 * kept));
                    inside[kept++] = slope;
                }
            }
        }
        if (below > lower || below + kept <= upper) return Robust.medianInPlace(allSlopes(y, from, w, pairs), pairs);
        return Robust.medianAt(inside, kept, upper - below, lower == upper);
    }

    private static double[] allSlopes(double[] y, int from, int w, int pairs) {
        double[] slopes = new double[pairs];
        int c = 0;
        for (int i = 0; i < w; i++) {
            for (int j = i + 1; j < w; j++) slopes[c++] = (y[from + j] - y[from + i]) / (j - i);
        }
        return slopes;
    }
}
