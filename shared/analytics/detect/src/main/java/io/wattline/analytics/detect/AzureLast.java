package io.wattline.analytics.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The expected value Azure's engine answers for the last point of a seasonal series ({@code last/detect}): its
 * decomposition of the whole series ({@link Stl}, periodic and robust) where the trend is "adjusted" at the end:
 * the series is decomposed as it is and once more with one point appended (the median of the same phase in the
 * earlier cycles), and the decomposition that leaves the smaller remainder at the last point is kept. Points
 * three standard deviations off the detrended series, in phases where such points are rare, are replaced by their
 * predecessors and the series decomposed again; a series that its decomposition fits worse than 10 % (mean
 * absolute percentage of the remainder) is decomposed in logs when that fits better than 5 %. The expected value
 * is trend + seasonal at the last point. Because the adjustment keeps the decomposition that explains the last
 * point best, the engine's expectation follows a last point that jumps; the verdict on it does not come from
 * this (see {@link AnomalyDetector#last}).
 */
public final class AzureLast {
    static final double MAPE_UB = 0.10, MAPE_LB = 0.05;

    private AzureLast() {}

    /** Whether the engine would decompose: a period, and at least two cycles and a point. */
    public static boolean applies(int n, int period) {
        return period > 1 && n >= 2 * period + 1;
    }

    public static double expected(double[] x, int period) {
        int n = x.length;
        Stl.Result r = deOutlier(x, period, false);
        double mape = mape(r.remainder(), x);
        if (mape > MAPE_UB) {
            Stl.Result logs = deOutlier(x, period, true);
            if (mape(logs.remainder(), x) < MAPE_LB) r = logs;
        }
        return r.trend()[n - 1] + r.seasonal()[n - 1];
    }

    private static double mape(double[] remainder, double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += Math.abs(remainder[i] / x[i]);
        double m = s / x.length;
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }

    static Stl.Result deOutlier(double[] series, int period, boolean log) {
        Stl.Result d = adjustTrend(series, period, log);
        int n = series.length;
        double[] detrended = new double[n];
        for (int i = 0; i < n; i++) detrended[i] = d.remainder()[i] + d.seasonal()[i];
        List<Integer> outliers = outliers(detrended, period);
        if (outliers.isEmpty()) return d;
        double[] filled = detrended.clone();
        for (int i : outliers) filled[i] = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(filled[i])) filled[i] = last;
            else last = filled[i];
        }
        double next = Double.NaN;
        for (int i = n - 1; i >= 0; i--) {
            if (Double.isNaN(filled[i])) filled[i] = next;
            else next = filled[i];
        }
        double[] again = new double[n];
        for (int i = 0; i < n; i++) again[i] = filled[i] + d.trend()[i];
        return adjustTrend(again, period, log);
    }

    /** Points 3 standard deviations off the mean, kept only in phases where they are rare (at most half the cycles). */
    static List<Integer> outliers(double[] v, int period) {
        int n = v.length;
        double mean = 0;
        for (double x : v) mean += x / n;
        double var = 0;
        for (double x : v) var += (x - mean) * (x - mean) / n;
        double std = Math.sqrt(var);
        List<Integer> out = new ArrayList<>();
        if (std == 0) return out;
        int[] perBin = new int[period];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (Math.abs(v[i] - mean) / std >= 3) {
                candidates.add(i);
                perBin[i % period]++;
            }
        }
        int limit = (int) ((double) n / period / 2);
        for (int i : candidates) if (perBin[i % period] <= limit) out.add(i);
        return out;
    }

    static Stl.Result adjustTrend(double[] data, int period, boolean log) {
        int n = data.length;
        List<Double> phase = new ArrayList<>();
        for (int i = n - period; i >= 0; i -= period) phase.add(data[i]);
        double[] p = phase.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = p.length % 2 == 1 ? p[p.length / 2] : (p[p.length / 2 - 1] + p[p.length / 2]) / 2;
        double[] extended = Arrays.copyOf(data, n + 1);
        extended[n] = median;
        Stl.Result origin = decompose(data, period, log), adjusted = decompose(extended, period, log);
        if (Math.abs(origin.remainder()[n - 1]) <= Math.abs(adjusted.remainder()[n - 1])) return origin;
        return new Stl.Result(Arrays.copyOf(adjusted.seasonal(), n), Arrays.copyOf(adjusted.trend(), n),
                Arrays.copyOf(adjusted.remainder(), n));
    }

    private static Stl.Result decompose(double[] data, int period, boolean log) {
        if (!log) return Stl.periodic(data, period);
        int n = data.length;
        double base = Arrays.stream(data).min().orElse(0);
        double[] shifted = data.clone();
        if (base < 1) for (int i = 0; i < n; i++) shifted[i] = data[i] - base + 1;
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) logs[i] = Math.log(shifted[i]);
        Stl.Result r = Stl.periodic(logs, period);
        double[] trend = new double[n], seasonal = new double[n], remainder = new double[n];
        for (int i = 0; i < n; i++) {
            trend[i] = Math.exp(r.trend()[i]);
            seasonal[i] = Math.exp(r.trend()[i] + r.seasonal()[i]) - trend[i];
            remainder[i] = shifted[i] - trend[i] - seasonal[i];
            if (base < 1) trend[i] = trend[i] - 1 + base;
        }
        return new Stl.Result(seasonal, trend, remainder);
    }
}
