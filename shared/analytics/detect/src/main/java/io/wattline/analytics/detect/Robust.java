package io.wattline.analytics.detect;

import java.util.Arrays;

/** Robust statistics on arrays: medians, MAD, running medians and means. No allocation surprises, no I/O. */
final class Robust {
    /** 1 / Φ⁻¹(3/4): turns a median absolute deviation into a standard deviation for Gaussian data. */
    static final double MAD_TO_SIGMA = 1.4826;

    private Robust() {}

    static double median(double[] a) {
        return median(a, 0, a.length);
    }

    /** Median of {@code a[from, to)}; NaN when empty. Does not modify {@code a}. */
    static double median(double[] a, int from, int to) {
        int n = to - from;
        if (n <= 0) return Double.NaN;
        double[] c = Arrays.copyOfRange(a, from, to);
        return medianInPlace(c, n);
    }

    /** Median of the first {@code n} values of {@code c}, reordering them. */
    static double medianInPlace(double[] c, int n) {
        if (n <= 0) return Double.NaN;
        if (n <= 32) {
            Arrays.sort(c, 0, n);
            return (n & 1) == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
        }
        return medianAt(c, n, n / 2, (n & 1) == 1);
    }

    /**
     * A median from {@code c[0, n)}, reordering it: its {@code k}-th smallest ({@code odd}), else the mean of that one
     * and the one below it (the median of a larger set of which c holds the middle, k counted within c).
     */
    static double medianAt(double[] c, int n, int k, boolean odd) {
        double hi = select(c, 0, n - 1, k);
        if (odd) return hi;
        double lo = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) lo = Math.max(lo, c[i]);
        return 0.5 * (lo + hi);
    }

    /** Hoare's quickselect: after the call, c[k] holds the k-th smallest of c[l..r], smaller ones on its left. */
    private static double select(double[] c, int l, int r, int k) {
        while (r > l) {
            int mid = (l + r) >>> 1;
            // median of three as pivot keeps sorted input linear
            if (c[mid] < c[l]) swap(c, mid, l);
            if (c[r] < c[l]) swap(c, r, l);
            if (c[r] < c[mid]) swap(c, r, mid);
            double pivot = c[mid];
            int i = l, j = r;
            while (i <= j) {
                while (c[i] < pivot) i++;
                while (c[j] > pivot) j--;
                if (i <= j) {
                    swap(c, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) r = j;
            else if (k >= i) l = i;
            else return c[k];
        }
        return c[k];
    }

    private static void swap(double[] c, int i, int j) {
        double t = c[i];
        c[i] = c[j];
        c[j] = t;
    }

    /** The q-quantile (0..1) of the values, linear between order statistics. */
    static double quantile(double[] a, double q) {
        if (a.length == 0) return Double.NaN;
        double[] c = a.clone();
        Arrays.sort(c);
        double pos = q * (c.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(c.length - 1, lo + 1);
        return c[lo] + (pos - lo) * (c[hi] - c[lo]);
    }

    /** Median absolute deviation around the median, scaled to a Gaussian standard deviation. */
    static double madSigma(double[] a, int from, int to) {
        int n = to - from;
        if (n <= 0) return 0;
        double med = median(a, from, to);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = Math.abs(a[from + i] - med);
        return MAD_TO_SIGMA * medianInPlace(d, n);
    }

    static double madSigma(double[] a) {
        return madSigma(a, 0, a.length);
    }

    /** Mean absolute deviation around the median, scaled to a Gaussian σ (√(π/2)); the fallback when MAD is 0. */
    static double meanAbsSigma(double[] a) {
        if (a.length == 0) return 0;
        double med = median(a);
        double s = 0;
        for (double v : a) s += Math.abs(v - med);
        return Math.sqrt(Math.PI / 2) * s / a.length;
    }

    /**
     * Centred running median, window {@code [i-half, i+half]}. Near the ends the window keeps its full
     * width (shifted inside the series) when the series is long enough, so the ends are not noisier
     * than the middle. O(n·w) with a sorted window.
     */
    static double[] movingMedian(double[] x, int half) {
        int n = x.length;
        double[] out = new double[n];
        if (n == 0) return out;
        int w = Math.min(n, 2 * half + 1);
        long[] win = new long[w];
        for (int j = 0; j < w; j++) win[j] = key(x[j]);
        Arrays.sort(win);
        // window for output i is [s(i), s(i)+w), s(i) = clamp(i-half, 0, n-w)
        int start = 0;
        for (int i = 0; i < n; i++) {
            int s = Math.max(0, Math.min(i - half, n - w));
            while (start < s) {
                replace(win, w, key(x[start]), key(x[start + w]));
                start++;
            }
            out[i] = median(win, w);
        }
        return out;
    }

    /**
     * Centred running median over {@code [i − half, i + half]}, the window cut short at the ends (the series itself
     * if shorter than a window): Azure's engine's {@code median_filter} with both ends, which {@link NaturalPeriod}
     * detrends by.
     */
    static double[] movingMedianCutEnds(double[] x, int half) {
        int n = x.length, w = 2 * half + 1;
        if (n < w) return x.clone();
        double[] out = new double[n];
        long[] win = new long[w];
        int count = 0, added = 0;
        for (int i = 0; i < n; i++) {
            if (i - half - 1 >= 0) count = remove(win, count, key(x[i - half - 1]));
            while (added <= Math.min(i + half, n - 1)) count = insert(win, count, key(x[added++]));
            out[i] = median(win, count);
        }
        return out;
    }

    /**
     * Running median whose first and last {@code half} values follow a robust line instead of staying
     * flat: the window median plus the edge window's slope times the distance to the window's centre.
     * Exact on a straight line, unmoved by an outlier at the very edge.
     */
    static double[] movingMedianLinearEdges(double[] x, int half) {
        return linearEdges(x, movingMedian(x, half), half, 2 * half + 1);
    }

    /**
     * Centred running median over exactly one cycle of {@code p} points: for an odd p the window {@code [i - p/2, i +
     * p/2]}; for an even p, which no window of p points centres, the mean of the two p-point windows either side of i
     * (as a 2×p moving average centres an even period). Every phase of a cycle then counts once, so a seasonal pattern
     * moves every value alike; a window of p + 1 points counts one phase twice and leaks the pattern into the trend (a
     * noise-free monthly sine, p = 12, was off by 40 % of its amplitude). The first and last {@code p/2} values, which
     * no full cycle centres, follow a robust line through the edge points ({@link #movingMedianLinearEdges}).
     */
    static double[] cycleMedianLinearEdges(double[] x, int p) {
        return cycleMedianLinearEdges(x, p, false);
    }

    /**
     * As {@link #cycleMedianLinearEdges(double[], int)}; for a series whose seasonal pattern is still in ({@code
     * seasonal}), the ends instead continue the slope the trend itself takes over the cycle next to each end: a line
     * through the raw edge points follows the pattern (two hourly cycles of a sine got a trend 14 off at the start and
     * the last point an expected value 5 σ off).
     */
    static double[] cycleMedianLinearEdges(double[] x, int p, boolean seasonal) {
        int n = x.length;
        if (p < 2 || n <= p) return movingMedianLinearEdges(x, p / 2);
        if ((p & 1) == 1) return seasonal ? trendEdges(movingMedian(x, p / 2), p / 2, p) : movingMedianLinearEdges(x, p / 2);
        double[] windows = trailingMedians(x, p); // windows[s]: the median of x[s, s + p)
        double[] out = new double[n];
        int last = n - p, half = p / 2;
        for (int i = 0; i < n; i++) {
            int s = Math.max(0, Math.min(last, i - half));
            out[i] = 0.5 * (windows[s] + windows[Math.min(last, Math.max(0, i - half + 1))]);
        }
        return seasonal ? trendEdges(out, half, p) : linearEdges(x, out, half, p + 1);
    }

    /**
     * {@code trend} with its first and last {@code half} values on the slope between its first (last) centred value
     * and the one a cycle inside it (or as far as the centred values reach).
     */
    private static double[] trendEdges(double[] trend, int half, int p) {
        int n = trend.length, a = half, b = n - half - 1;
        if (b <= a) return trend;
        int span = Math.min(p, b - a);
        double left = (trend[a + span] - trend[a]) / span, right = (trend[b] - trend[b - span]) / span;
        for (int i = 0; i < a; i++) trend[i] = trend[a] + left * (i - a);
        for (int i = b + 1; i < n; i++) trend[i] = trend[b] + right * (i - b);
        return trend;
    }

    /** {@code out} with its first and last {@code half} values on the robust line of the {@code w} edge points. */
    private static double[] linearEdges(double[] x, double[] out, int half, int w) {
        int n = x.length;
        if (n < w + 2 || half < 1) return out;
        double left = pairSlope(x, 0, w), right = pairSlope(x, n - w, n);
        for (int i = 0; i < half; i++) out[i] = out[half] + left * (i - half);
        for (int i = n - half; i < n; i++) out[i] = out[n - half - 1] + right * (i - (n - half - 1));
        return out;
    }

    /** Median of the slopes between x[i] and x[i + w/2] over the window {@code [from, to)}. */
    static double pairSlope(double[] x, int from, int to) {
        int lag = (to - from) / 2;
        if (lag < 1) return 0;
        double[] s = new double[to - from - lag];
        for (int i = 0; i < s.length; i++) s[i] = (x[from + i + lag] - x[from + i]) / lag;
        return medianInPlace(s, s.length);
    }

    /**
     * The median of {@code v[t − w, t)} for every t from w to {@code v.length}, at {@code out[t − w]}: a sorted window
     * slides along, the same values as {@link #medianInPlace} of each window.
     */
    static double[] trailingMedians(double[] v, int w) {
        int n = v.length;
        if (w < 1 || n < w) return new double[0];
        double[] out = new double[n - w + 1];
        long[] win = new long[w];
        for (int i = 0; i < w; i++) win[i] = key(v[i]);
        Arrays.sort(win);
        for (int t = w; ; t++) {
            out[t - w] = median(win, w);
            if (t == n) return out;
            replace(win, w, key(v[t - w]), key(v[t]));
        }
    }

    /*
     * The running medians' sorted windows hold each value as a long that sorts as Double.compare orders the values
     * (-0.0 before 0.0), and turns back into the same bits: the searches compare integers, which the JIT compiles
     * without branches (a binary search's branch is taken at random: it was most of a running median's time).
     */

    /** A value as a long in {@link Double#compare}'s order. */
    private static long key(double v) {
        long bits = Double.doubleToLongBits(v);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** The value of a {@link #key}. */
    private static double value(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /** The median of a sorted window's first {@code count} keys. */
    private static double median(long[] win, int count) {
        return (count & 1) == 1 ? value(win[count / 2]) : 0.5 * (value(win[count / 2 - 1]) + value(win[count / 2]));
    }

    /** The first position of {@code a[0, n)} whose key is at least {@code k} ({@code strict}: above it). */
    private static int bound(long[] a, int n, long k, boolean strict) {
        if (n == 0) return 0;
        int base = 0, len = n;
        if (strict) {
            while (len > 1) {
                int half = len >>> 1;
                base = a[base + half - 1] <= k ? base + half : base;
                len -= half;
            }
            return a[base] <= k ? base + 1 : base;
        }
        while (len > 1) {
            int half = len >>> 1;
            base = a[base + half - 1] < k ? base + half : base;
            len -= half;
        }
        return a[base] < k ? base + 1 : base;
    }

    private static int insert(long[] win, int count, long k) {
        int pos = bound(win, count, k, false);
        System.arraycopy(win, pos, win, pos + 1, count - pos);
        win[pos] = k;
        return count + 1;
    }

    private static int remove(long[] win, int count, long k) {
        int pos = bound(win, count, k, false);
        if (pos == count || win[pos] != k) throw new IllegalStateException("value not in window");
        System.arraycopy(win, pos + 1, win, pos, count - pos - 1);
        return count - 1;
    }

    /**
     * The sorted window with {@code out} replaced by {@code in}: only the keys between the two positions move
     * (a window sliding over a smooth series replaces a value by a near one, so few move; removing and then
     * inserting moved half the window twice).
     */
    private static void replace(long[] win, int count, long out, long in) {
        int p = bound(win, count, out, false);
        if (p == count || win[p] != out) throw new IllegalStateException("value not in window");
        if (in >= out) {
            int q = bound(win, count, in, true); // after p: win[p] = out <= in
            System.arraycopy(win, p + 1, win, p, q - 1 - p);
            win[q - 1] = in;
        } else {
            int q = bound(win, count, in, false); // at or before p: win[p] = out > in
            System.arraycopy(win, q, win, q + 1, p - q);
            win[q] = in;
        }
    }

    /** Trailing mean over {@code [i-w+1, i]} (fewer at the start). */
    static double[] trailingMean(double[] x, int w) {
        double[] out = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i];
            if (i >= w) sum -= x[i - w];
            out[i] = sum / Math.min(i + 1, w);
        }
        return out;
    }

    /** Centred mean over {@code [i-half, i+half]}, clipped at the ends. */
    static double[] centredMean(double[] x, int half) {
        int n = x.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + x[i];
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - half), b = Math.min(n, i + half + 1);
            out[i] = (prefix[b] - prefix[a]) / (b - a);
        }
        return out;
    }

    static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += x[i];
        return to > from ? s / (to - from) : Double.NaN;
    }

    static double std(double[] x, int from, int to) {
        int n = to - from;
        if (n < 2) return 0;
        double m = mean(x, from, to), s = 0;
        for (int i = from; i < to; i++) s += (x[i] - m) * (x[i] - m);
        return Math.sqrt(s / (n - 1));
    }
}
