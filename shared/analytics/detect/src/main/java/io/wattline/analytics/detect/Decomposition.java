package io.wattline.analytics.detect;

/**
 * A robust seasonal + trend decomposition, {@code x = trend + seasonal + residual}: a lightweight STL
 * built on medians, so single spikes do not bend the expected values.
 *
 * <p>With a period p ≥ 2 (and at least two cycles): the trend is a running median over one cycle ({@link
 * Robust#cycleMedianLinearEdges}: p points, or for an even p the mean of the two p-point windows around a point),
 * the seasonal profile the per-phase median of the detrended values (centred to mean 0), and the
 * trend is taken again from the deseasonalised series; two rounds. Without a period, the trend is a
 * running median of width {@link #smoothingHalfWidth(int)}·2+1. The ends of a trend taken from the deseasonalised
 * series (or without a period) follow a robust line through the edge points (see {@link Robust#movingMedianLinearEdges});
 * the first trend, from the series with its seasonal pattern still in, continues its own slope there instead. The
 * running median keeps level shifts sharp.
 *
 * @param period   the period used (0: none)
 * @param trend    the trend per point
 * @param seasonal the seasonal component per point (all 0 without a period)
 * @param profile  the seasonal profile by phase {@code i mod period} (empty without a period)
 */
public record Decomposition(int period, double[] trend, double[] seasonal, double[] profile) {

    public double expected(int i) {
        return trend[i] + seasonal[i];
    }

    public double[] expected() {
        double[] e = new double[trend.length];
        for (int i = 0; i < e.length; i++) e[i] = trend[i] + seasonal[i];
        return e;
    }

    /** Half width of the trend's running median when there is no period: n/50, within 3..12. */
    static int smoothingHalfWidth(int n) {
        return Math.max(3, Math.min(12, n / 50));
    }

    public static Decomposition fit(double[] x, int period) {
        return fit(x, period, false);
    }

    /**
     * As {@link #fit(double[], int)}; {@code rawFirstEdges}: the first trend's ends on a line through the raw edge
     * points, which carry the seasonal pattern into the first profile (with two or three cycles the phases near the
     * ends take half or a third of their values from there). The streaming detector keeps them: its settings were
     * chosen with them (generated NAB corpus, seed 1: 59.8 with them, 57.8 without).
     */
    static Decomposition fit(double[] x, int period, boolean rawFirstEdges) {
        int n = x.length;
        if (period < 2 || n < 2 * period) {
            return new Decomposition(0, Robust.movingMedianLinearEdges(x, smoothingHalfWidth(n)), new double[n], new double[0]);
        }
        double[] seasonal = new double[n];
        double[] profile = new double[period];
        double[] trend = Robust.cycleMedianLinearEdges(x, period, !rawFirstEdges);
        double[] work = new double[n];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) work[i] = x[i] - trend[i];
            profile = phaseMedians(work, period);
            for (int i = 0; i < n; i++) {
                seasonal[i] = profile[i % period];
                work[i] = x[i] - seasonal[i];
            }
            trend = Robust.cycleMedianLinearEdges(work, period, false);
        }
        return new Decomposition(period, trend, seasonal, profile);
    }

    /**
     * The decomposition for a request: the requested period (0 = none), or a detected one that is kept
     * only when the seasonal component is strong: the robust scale of the residual, cross-validated ({@link
     * #crossValidatedResidual}), at most {@value #MAX_RESIDUAL_SHARE} of the detrended series' (STL's seasonal
     * strength of at least 0.36).
     */
    public static Decomposition choose(double[] x, Integer requestedPeriod) {
        return choose(x, requestedPeriod, 0, false);
    }

    /**
     * As {@link #choose(double[], Integer)}, with a detected period replaced by {@code cycles} times it where that
     * longer cycle foretells a point better ({@link PeriodDetector#longerCycle}; 0 or 1: never), and the first trend's
     * ends as {@link #fit(double[], int, boolean)} says; the strength check
     * applies to whichever period is kept, and a longer cycle that fails it leaves no period (as a day that failed it
     * would).
     */
    static Decomposition choose(double[] x, Integer requestedPeriod, int cycles, boolean rawFirstEdges) {
        return choose(x, requestedPeriod, cycles, rawFirstEdges, 0);
    }

    /**
     * As above, with the day of the series' grid ({@code day} points, 0: unknown) tried before the period searched for,
     * as Azure's engine tries its natural cycles first ({@link NaturalPeriod}). The day is the period where more than
     * two days fit (as there; two cycles exactly gave an hourly series a first profile that missed by 13 σ), the search
     * found none or one of about a day or longer (a shorter cycle, such as an hour, is a cycle of its own and stays), the
     * series correlates with itself a day apart as much as a searched period must ({@link PeriodDetector#MIN_ACF}), and
     * the day's profile (or the week's, by {@code cycles}) passes the strength check. Why: on noisy counts the searched
     * period wandered from refit to refit (0, 279, 290, 298, 570 ... for a day of 288 points), and each refit that
     * missed the day left the daily cycle in the deviations and in the level the stream measures departures from.
     */
    static Decomposition choose(double[] x, Integer requestedPeriod, int cycles, boolean rawFirstEdges, int day) {
        if (requestedPeriod != null) return fit(x, requestedPeriod, rawFirstEdges);
        int period = PeriodDetector.detect(x);
        // "about a day": within the search's own refinement range below it (p/5, PeriodDetector.refine)
        if (day >= NaturalPeriod.MIN_PERIOD && x.length > 2 * day && (period == 0 || period >= day - day / 5)
                && PeriodDetector.autocorrelationAt(x, day) >= PeriodDetector.MIN_ACF) {
            Decomposition d = strong(x, fit(x, cycles > 1 ? PeriodDetector.longerCycle(x, day, cycles) : day, rawFirstEdges));
            if (d != null) return d;
        }
        if (cycles > 1) period = PeriodDetector.longerCycle(x, period, cycles);
        Decomposition d = fit(x, period, rawFirstEdges);
        return d.period() > 0 && strong(x, d) == null ? fit(x, 0, rawFirstEdges) : d;
    }

    /** {@code d} if its period passes the strength check ({@link #MAX_RESIDUAL_SHARE}), null if not or without one. */
    private static Decomposition strong(double[] x, Decomposition d) {
        if (d.period() <= 0) return null;
        int n = x.length;
        // detrended by a running median over two cycles, not the decomposition's own trend: a running median of one
        // short cycle (5 points) follows noise, and what it leaves had a "profile" (white noise got period 5)
        double[] trend = Robust.movingMedian(x, d.period());
        double[] detrended = new double[n];
        for (int i = 0; i < n; i++) detrended[i] = x[i] - trend[i];
        double[] residual = crossValidatedResidual(detrended, d.period());
        return Band.robustSigma(residual, 0) > MAX_RESIDUAL_SHARE * Band.robustSigma(detrended, 0) ? null : d;
    }

    /**
     * Each value minus the median of the other cycles' values at its phase: the residual the seasonal profile leaves on
     * a point it was not fitted to (leave-one-out, as Azure's engine cross-validates its seasonal means), scaled down by
     * what that median's own error adds to pure noise, so that only a profile that misses by more than noise counts
     * against a period however few cycles there are. In-sample, a profile of three or four cycles explains noise
     * (a phase's own median is one of its values), and white noise passed the strength check at a period in about one
     * series of six at 100 points.
     */
    static double[] crossValidatedResidual(double[] d, int period) {
        return leaveOneOutResidual(d, period, true);
    }

    /**
     * Each detrended value minus the median of the other cycles' values at its phase (0 where a phase has one value),
     * optionally divided by √(1 + {@link #medianVariance}(others)).
     */
    static double[] leaveOneOutResidual(double[] d, int period, boolean scaled) {
        int n = d.length;
        double[] residual = new double[n];
        double[] sorted = new double[(n + period - 1) / period];
        for (int ph = 0; ph < period; ph++) {
            int c = 0;
            for (int i = ph; i < n; i += period) sorted[c++] = d[i];
            java.util.Arrays.sort(sorted, 0, c);
            double scale = c < 2 || !scaled ? 1 : Math.sqrt(1 + medianVariance(c - 1));
            for (int i = ph; i < n; i += period) {
                int rank = java.util.Arrays.binarySearch(sorted, 0, c, d[i]);
                residual[i] = c < 2 ? 0 : (d[i] - medianWithout(sorted, c, rank)) / scale;
            }
        }
        return residual;
    }

    /**
     * The residual of each point against the trend and the seasonal profile of the <em>other</em> cycles: what the
     * model foretells for a point it was not fitted to. With many cycles it is the residual itself; with three or four,
     * the in-sample residual is a third or a quarter exact zeros (a phase's median is one of its values) and every
     * scale taken from it is too small. Without a period, each point the trend's running median centres against the
     * median of the others in its window, divided by √(1 + {@link #medianVariance}(others)) so that on pure noise it
     * spreads as the noise does ({@link #leaveOneOutResidual(double[], int)}); the ends, which follow a line, by their
     * own residual. A running median is one of its window's values: on a slope, or a cycle too short for the period
     * search to find, most in-sample residuals were exact zeros, and a band from them flagged 15 % of a clean day of
     * hourly points at every peak and trough.
     */
    public double[] outOfSampleResidual(double[] x) {
        int n = x.length;
        double[] r = new double[n];
        if (period < 2) {
            double[] loo = leaveOneOutResidual(x, smoothingHalfWidth(n));
            for (int i = 0; i < n; i++) r[i] = Double.isNaN(loo[i]) ? x[i] - expected(i) : loo[i];
            return r;
        }
        for (int i = 0; i < n; i++) r[i] = x[i] - trend[i];
        return leaveOneOutResidual(r, period, false);
    }

    /**
     * For each point a window of {@code 2·half + 1} points centres, its value less the median of the {@code 2·half}
     * others, divided by √(1 + {@link #medianVariance}(2·half)); NaN for the first and last {@code half} points.
     */
    static double[] leaveOneOutResidual(double[] x, int half) {
        int n = x.length, m = 2 * half;
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        double[] buf = new double[m];
        double scale = Math.sqrt(1 + medianVariance(m));
        for (int i = half; i + half < n; i++) {
            int c = 0;
            for (int j = i - half; j <= i + half; j++) if (j != i) buf[c++] = x[j];
            out[i] = (x[i] - Robust.medianInPlace(buf, c)) / scale;
        }
        return out;
    }

    /**
     * The variance of the median of m independent normal values of variance 1 (exact for 1 and 2, π/2m beyond, which
     * is 17 % high at 3 and exact in the limit): a value minus the median of m others spreads {@code √(1 + this)}
     * times as wide as the noise alone.
     */
    static double medianVariance(int m) {
        return m <= 2 ? 1.0 / m : Math.PI / (2 * m);
    }

    /** The median of {@code sorted[0, c)} without the value at {@code rank}. */
    private static double medianWithout(double[] sorted, int c, int rank) {
        int m = c - 1;
        double upper = sorted[m / 2 < rank ? m / 2 : m / 2 + 1];
        if (m % 2 == 1) return upper;
        int k = m / 2 - 1;
        return (sorted[k < rank ? k : k + 1] + upper) / 2;
    }

    static final double MAX_RESIDUAL_SHARE = 0.8;

    static double residualScale(double[] x, Decomposition d) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = x[i] - d.expected(i);
        return Band.robustSigma(r, 0);
    }

    /** Per-phase medians of {@code d}, centred to mean 0. */
    static double[] phaseMedians(double[] d, int period) {
        int n = d.length;
        int cycles = (n + period - 1) / period;
        double[] buf = new double[cycles];
        double[] profile = new double[period];
        double mean = 0;
        for (int ph = 0; ph < period; ph++) {
            int c = 0;
            for (int i = ph; i < n; i += period) buf[c++] = d[i];
            profile[ph] = Robust.medianInPlace(buf, c);
            mean += profile[ph];
        }
        mean /= period;
        for (int ph = 0; ph < period; ph++) profile[ph] -= mean;
        return profile;
    }
}
