package io.wattline.analytics.detect;

import java.util.Arrays;
import java.util.List;

/**
 * The univariate detector behind Azure's {@code entire/detect} and {@code last/detect} and the native
 * {@code /v1/detect}. Pure and deterministic: same input, same output, no clock, no randomness.
 *
 * <p><b>Entire (Azure).</b> {@link #entire} flags as Azure's engine did ({@link #azureView},
 * {@link EngineOutliers}) on the analysis below, or, for a series without a period on a minutely or secondly grid, by
 * the engine's spectral residual model ({@link EngineSpectralResidual}, last/detect too); the band described next is the
 * native view's.
 *
 * <p><b>Analysis.</b> Missing grid points are filled ({@link Imputer}); the period is taken from the
 * request, or from the grid's natural cycles where one holds ({@link NaturalPeriod}), or found by {@link PeriodDetector}
 * ({@link #fitted}: the one way every operation, Azure's, the native one and change points, finds its period and
 * decomposition); a robust seasonal/trend {@link Decomposition} gives
 * the expected values (points before and after a point are used, as Azure's entire mode does); the
 * prediction errors give a MAD scale σ, blended with a local MAD scale (clamped to ⅔..1½ of the
 * global one) so noisier stretches get a wider band; the band is {@code ±k(sensitivity)·σ} (see
 * {@link Band}), narrowed where the {@link SpectralResidual} score marks the point salient. A point
 * outside the band is an anomaly, positive above and negative below; when more than
 * {@code maxAnomalyRatio} of the points are outside, only the most severe ones stay flagged.
 *
 * <p><b>Last.</b> The newest point is judged from the ones before it only (see {@link LastPointModel}).
 */
public final class AnomalyDetector {
    private AnomalyDetector() {}

    public static EntireResult entire(List<TimePoint> series, DetectOptions o) {
        EntireResult r = entireOnGrid(series, o);
        if (!asksPeriodOne(o)) return r;
        return new EntireResult(1, r.expectedValues(), r.upperMargins(), r.lowerMargins(), r.isAnomaly(),
                r.isNegativeAnomaly(), r.isPositiveAnomaly(), r.severity());
    }

    /**
     * Whether the request asked for period 1: no season to the detector, but Azure's engine answered the period asked
     * (1, and a last detection's suggested window 4·1 + 1).
     */
    private static boolean asksPeriodOne(DetectOptions o) {
        return o.period() != null && o.period() == 1;
    }

    private static EntireResult entireOnGrid(List<TimePoint> series, DetectOptions o) {
        o = withoutSeasonWhenMostlyMissing(series, o);
        Imputer.Filled f = Imputer.fill(series, o);
        Fitted fit = fitted(f, o);
        int period = fit.decomposition().period();
        double[] engineSeries = engineSeries(f, o);
        if (EngineSpectralResidual.applies(o.granularity(), o.customInterval(), period, engineSeries)) {
            int[] at = engineSeries == f.values() ? f.inputAt() : identity(engineSeries.length);
            return EngineSpectralResidual.entire(engineSeries, at, period, o.maxAnomalyRatio(), o.sensitivity());
        }
        if (period <= 1 && engineSeries != f.values()) {
            // without a period the engine filled nothing (imputeMode auto): its tests and trend saw the points as given
            return azureView(engineSeries, Decomposition.fit(engineSeries, 0), identity(engineSeries.length), o);
        }
        return azureView(fit.values(), fit.decomposition(), f.inputAt(), o);
    }

    /**
     * The series Azure's engine detected without a period: filled on the grid with imputeMode previous, linear, fixed
     * or zero; else its points as given, one after another.
     */
    private static double[] engineSeries(Imputer.Filled f, DetectOptions o) {
        ImputeMode m = o.imputeMode();
        if (m == ImputeMode.PREVIOUS || m == ImputeMode.LINEAR || m == ImputeMode.FIXED || m == ImputeMode.ZERO) return f.values();
        return given(f);
    }

    /** The request's values, in order (the filled series at the input points). */
    private static double[] given(Imputer.Filled f) {
        double[] given = new double[f.inputAt().length];
        for (int j = 0; j < given.length; j++) given[j] = f.values()[f.inputAt()[j]];
        return given;
    }

    private static int[] identity(int n) {
        int[] at = new int[n];
        for (int i = 0; i < n; i++) at[i] = i;
        return at;
    }

    public static EntireResult entire(double[] values, DetectOptions o) {
        int[] at = identity(values.length);
        return azureView(values, Decomposition.choose(values, withNaturalPeriod(values, o).period()), at, o);
    }

    /**
     * Without a period asked, the options with period 0 (no season) when more than half of the grid's points are
     * missing, as Azure's engine detected such a series: every third hour of a daily cycle was read with period 24, from
     * a cycle mostly filled in. (With a period asked, Azure refused such a series; the request validator does too.)
     */
    static DetectOptions withoutSeasonWhenMostlyMissing(List<TimePoint> series, DetectOptions o) {
        if (o.period() != null || !Imputer.mostlyMissing(series, o.granularity(), o.customInterval())) return o;
        return o.withPeriod(0);
    }

    /**
     * The options with the period Azure's engine settles on before searching the spectrum, where none was asked: its
     * grid's natural cycle when one holds ({@link NaturalPeriod}); else unchanged (the period is then searched for).
     */
    static DetectOptions withNaturalPeriod(double[] x, DetectOptions o) {
        if (o.period() != null) return o;
        int p = NaturalPeriod.of(x, o.granularity(), o.customInterval());
        return p > 0 ? o.withPeriod(p) : o;
    }

    /**
     * The full analysis of a series (after filling missing grid points): the native view's. Without a granularity, a
     * series with timestamps finds its period on the grid of its median step ({@link #withStepGrid}).
     */
    public static Analysis analyse(List<TimePoint> series, DetectOptions o) {
        Imputer.Filled f = Imputer.fill(series, o);
        return analyse(f.values(), f.imputed(), f.inputAt(), withStepGrid(series, o));
    }

    /**
     * Without a granularity, the options on the grid of the series' median timestamp step
     * ({@link Granularity#medianStep}, {@link Granularity#ofStep}), for finding the period only: the points were taken as
     * they came (nothing filled), but the natural cycles of that grid are tried as with the granularity given. Without
     * them a daily cycle with a level step in the middle lost its period to the spectrum search (5-minute points) and
     * the points after the step were judged without a cycle. Azure's operations do not use it: its engine ignored the
     * timestamps of a series without a granularity, and its answers are the reference there.
     */
    static DetectOptions withStepGrid(List<TimePoint> series, DetectOptions o) {
        if (o.granularity() != Granularity.NONE || o.period() != null) return o;
        return Granularity.medianStep(series).flatMap(Granularity::ofStep)
                .map(g -> o.withGranularity(g.granularity(), g.interval())).orElse(o);
    }

    public static Analysis analyse(double[] values, DetectOptions o) {
        int n = values.length;
        int[] at = new int[n];
        for (int i = 0; i < n; i++) at[i] = i;
        return analyse(values, new boolean[n], at, o);
    }

    /** A filled series (seasonal gaps refilled) and its decomposition. */
    record Fitted(double[] values, Decomposition decomposition) {}

    /** A request's series on its grid, decomposed as {@link #fit} says. */
    static Fitted fitted(Imputer.Filled f, DetectOptions o) {
        return fit(f.values(), f.imputed(), f.inputAt().length, o);
    }

    /**
     * Decomposes a filled series with the request's period, else its grid's natural cycle where one holds, else the
     * one {@link Decomposition#choose} finds. With a period, long gaps are then filled again without the spikes beside
     * them ({@link Imputer#spikes}) and the series refitted: with imputeMode auto from the same phase of the
     * neighbouring cycles ({@link Imputer#seasonalGaps}), with linear by the line between the nearest points that are
     * not spikes ({@link Imputer#linearGaps}).
     */
    private static Fitted fit(double[] x, boolean[] imputed, int inputs, DetectOptions o) {
        o = withNaturalPeriod(x, o);
        Decomposition d = Decomposition.choose(x, o.period());
        boolean refills = o.imputeMode() == ImputeMode.AUTO || o.imputeMode() == ImputeMode.LINEAR;
        if (!refills || inputs == x.length || d.period() < 2) return new Fitted(x, d);
        boolean[] spikes = Imputer.spikes(x, imputed, d.trend(), d.period());
        double[] refilled = o.imputeMode() == ImputeMode.AUTO ? Imputer.seasonalGaps(x, imputed, d.period(), spikes)
                : Imputer.linearGaps(x, imputed, d.period(), spikes);
        return refilled == x ? new Fitted(x, d) : new Fitted(refilled, Decomposition.fit(refilled, d.period()));
    }

    static Analysis analyse(double[] x, boolean[] imputed, int[] inputAt, DetectOptions o) {
        int n = x.length;
        Fitted fit = fit(x, imputed, inputAt.length, o);
        x = fit.values();
        Decomposition d = fit.decomposition();
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = x[i] - d.expected(i);
        double magnitude = Robust.median(absAll(x));
        // the scale from what the model foretells for points it was not fitted to (with few cycles the in-sample
        // residual is partly exact zeros); the flags from the residual around the expected value answered
        double[] foretold = d.outOfSampleResidual(x);
        double sigmaG = Band.robustSigma(foretold, magnitude);
        double[] sigma = localSigma(foretold, sigmaG, Math.max(12, Math.max(d.period(), 2 * Decomposition.smoothingHalfWidth(n))));
        double[] sr = SpectralResidual.scores(x);
        double k = Band.k(o.sensitivity());
        double[] margin = new double[n];
        boolean[] anomaly = new boolean[n];
        double[] severity = new double[n];
        for (int i = 0; i < n; i++) {
            margin[i] = k * sigma[i] * Band.srFactor(sr[i]);
            double a = Math.abs(r[i]);
            if (!imputed[i] && a > margin[i]) {
                anomaly[i] = true;
                severity[i] = Band.severity(a, margin[i]);
            }
        }
        capRatio(anomaly, severity, r, sigma, inputAt.length, o.maxAnomalyRatio());
        return new Analysis(x, imputed, inputAt, d, sigma, sr, k, margin, anomaly, severity);
    }

    private static double[] absAll(double[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) a[i] = Math.abs(x[i]);
        return a;
    }

    /** Global MAD σ blended (geometric mean) with a running MAD σ, the local part clamped to ⅔..1½ of the global. */
    static double[] localSigma(double[] r, double sigmaG, int half) {
        int n = r.length;
        double med = Robust.median(r);
        double[] dev = new double[n];
        for (int i = 0; i < n; i++) dev[i] = Math.abs(r[i] - med);
        double[] loc = Robust.movingMedian(dev, half);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double l = Math.max(sigmaG / 1.5, Math.min(sigmaG * 1.5, Robust.MAD_TO_SIGMA * loc[i]));
            s[i] = Math.sqrt(sigmaG * l);
        }
        return s;
    }

    /** Keeps at most floor(ratio · inputs) anomalies, the largest deviations in σ. */
    static void capRatio(boolean[] anomaly, double[] severity, double[] r, double[] sigma, int inputs, double ratio) {
        int max = (int) Math.floor(ratio * inputs);
        int count = 0;
        for (boolean b : anomaly) if (b) count++;
        if (count <= max) return;
        double[] z = new double[count];
        int c = 0;
        for (int i = 0; i < anomaly.length; i++) if (anomaly[i]) z[c++] = Math.abs(r[i]) / sigma[i];
        Arrays.sort(z);
        // keep the top `max`; ties at the cut keep the earlier points
        double cut = max == 0 ? Double.POSITIVE_INFINITY : z[count - max];
        int kept = 0;
        for (int i = 0; i < anomaly.length; i++) {
            if (!anomaly[i]) continue;
            double zi = Math.abs(r[i]) / sigma[i];
            if (zi >= cut && kept < max) {
                kept++;
            } else {
                anomaly[i] = false;
                severity[i] = 0;
            }
        }
    }

    /**
     * Azure's {@code entire/detect} answer for the input points: our expected values, the flags and
     * margins as Azure's engine chose them ({@link EngineOutliers}: outliers of the de-seasoned values
     * by ESD and MAD tests, kept where they leave the v1 margin {@code |expected|·(100 − s)/100}).
     */
    public static EntireResult azureView(Analysis a, DetectOptions o) {
        return azureView(a.values(), a.decomposition(), a.inputAt(), o);
    }

    private static EntireResult azureView(double[] x, Decomposition d, int[] inputAt, DetectOptions o) {
        int n = x.length;
        double[] deseasoned = new double[n];
        double[] remainder = null;
        if (d.period() > 1) {
            // judged by what the other cycles foretell of each point: with three cycles a phase's median is one of its
            // values, and the in-sample remainder's exact zeros made the tests' scale small enough to flag noise
            remainder = d.outOfSampleResidual(x);
            for (int i = 0; i < n; i++) deseasoned[i] = d.trend()[i] + remainder[i];
        } else {
            for (int i = 0; i < n; i++) deseasoned[i] = x[i];
        }
        double ratio = d.period() > 1 ? Math.max(o.maxAnomalyRatio(), 1.0 / n) : o.maxAnomalyRatio();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        boolean[] outlier = EngineOutliers.select(deseasoned, remainder, ratio, hi - lo);
        // the trend through the outliers is bridged from the points around them: after a level shift the
        // old level stays expected and the points after it stay flagged, as Azure's engine answered
        double[] trend = d.period() > 1 ? EngineOutliers.bridge(d.trend(), outlier, d.period())
                : EngineTrend.expected(x, outlier);
        int m = inputAt.length;
        double[] val = new double[m], exp = new double[m];
        boolean[] an = new boolean[m];
        for (int j = 0; j < m; j++) {
            int i = inputAt[j];
            val[j] = x[i];
            exp[j] = trend[i] + d.seasonal()[i];
            an[j] = outlier[i];
        }
        return EntireResult.flagged(d.period(), val, exp, EngineOutliers.refine(val, exp, an, o.sensitivity()), an);
    }

    /** The native view of an analysis for the input points: our band and flags. */
    public static EntireResult entireView(Analysis a) {
        int m = a.inputAt().length;
        double[] exp = new double[m], up = new double[m], lo = new double[m], sev = new double[m];
        boolean[] an = new boolean[m], neg = new boolean[m], pos = new boolean[m];
        for (int j = 0; j < m; j++) {
            int i = a.inputAt()[j];
            exp[j] = a.expected(i);
            up[j] = a.margin()[i];
            lo[j] = a.margin()[i];
            an[j] = a.anomaly()[i];
            sev[j] = a.severity()[i];
            pos[j] = an[j] && a.values()[i] > exp[j];
            neg[j] = an[j] && a.values()[i] < exp[j];
        }
        return new EntireResult(a.period(), exp, up, lo, an, neg, pos, sev);
    }

    /**
     * The expected value Azure's engine answered for the last point of a series without a period (its dynamic threshold
     * model): its trend ({@link EngineTrend}) of the series with the outliers interpolated away. In a last detection
     * the engine's ESD test looks at the last point alone (flagged: the verdict) and its z-score test picks, among the
     * most extreme values of each tail (as many as {@code ceil(n·ratio)}, at most n/2 − 1), those more than 3 MADs from
     * the median (3 standard deviations from the mean where the MAD is 0).
     *
     * @param ratio the last detection's anomaly ratio ({@link #lastDetectionRatio})
     */
    static double engineTrendAtLast(double[] x, double ratio, boolean lastFlagged) {
        int n = x.length;
        int max = Math.min(Math.max((int) Math.ceil(n * ratio), 1), n / 2 - 1); // the engine's dynamic threshold count
        boolean[] outlier = zScoreOutliers(x, max);
        if (lastFlagged) outlier[n - 1] = true;
        return EngineTrend.expected(x, outlier)[n - 1];
    }

    /**
     * The anomaly ratio Azure's engine gave its models in a last detection: the one asked, lowered to
     * {@code max((1 − share)·ratio, min(0.05, ratio))} when over 60 % of the request's values fall in one of 20 equal
     * bins. The engine counted the bins over the values as given, before any filling; each model then rounds its count
     * its own way (spectral residual down, the dynamic threshold up).
     *
     * @param given the request's values, in order
     */
    static double lastDetectionRatio(double[] given, double ratio) {
        double majority = majorityShare(given);
        return majority > 0.6 ? Math.max((1 - majority) * ratio, Math.min(0.05, ratio)) : ratio;
    }

    /** The share of the values in the fullest of 20 equal bins over their range (numpy's histogram), 1 if all equal. */
    static double majorityShare(double[] v) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        if (!(hi > lo)) return 1;
        int[] bins = new int[20];
        for (double x : v) bins[(int) Math.min(19, Math.floor((x - lo) / (hi - lo) * 20))]++;
        return Arrays.stream(bins).max().orElse(0) / (double) v.length;
    }

    /** The engine's z-score test: of the {@code max} lowest and highest values, those beyond 3 MADs of the median. */
    static boolean[] zScoreOutliers(double[] x, int max) {
        int n = x.length;
        boolean[] out = new boolean[n];
        if (max < 1) return out;
        double centre = Robust.median(x);
        double[] dev = new double[n];
        for (int i = 0; i < n; i++) dev[i] = Math.abs(x[i] - centre);
        double scale = Robust.median(dev) / EngineOutliers.MAD_CONSTANT;
        if (scale == 0) {
            double mean = 0, var = 0;
            for (double v : x) mean += v / n;
            for (double v : x) var += (v - mean) * (v - mean) / n;
            centre = mean;
            scale = Math.sqrt(var);
        }
        if (scale == 0) return out;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        for (int k = 0; k < Math.min(max, n); k++) {
            for (int i : new int[] {order[k], order[n - 1 - k]}) if (Math.abs(x[i] - centre) / scale > 3) out[i] = true;
        }
        return out;
    }

    /**
     * Judges the newest point of the series from the points before it (Azure's {@code last/detect}).
     * Missing grid points are filled first, those just before the judged point from the points before them only
     * ({@link Imputer#historyBeforeLast}); the verdict is on the last input point. Without a period on a minutely or
     * secondly grid, the engine's spectral residual model answers instead ({@link EngineSpectralResidual#applies}).
     */
    public static LastResult last(List<TimePoint> series, DetectOptions o) {
        LastResult r = lastOnGrid(series, o);
        if (!asksPeriodOne(o)) return r;
        return new LastResult(1, 5, r.expectedValue(), r.upperMargin(), r.lowerMargin(), r.isAnomaly(),
                r.isNegativeAnomaly(), r.isPositiveAnomaly(), r.severity(), r.zScore());
    }

    private static LastResult lastOnGrid(List<TimePoint> series, DetectOptions o) {
        o = withoutSeasonWhenMostlyMissing(series, o);
        Imputer.Filled f = Imputer.fill(series, o);
        double[] engineSeries = engineSeries(f, o);
        double ratio = lastDetectionRatio(given(f), o.maxAnomalyRatio());
        LastResult ours = last(Imputer.historyBeforeLast(f, o), o, engineSeries, ratio);
        if (EngineSpectralResidual.applies(o.granularity(), o.customInterval(), ours.period(), engineSeries)) {
            int[] at = engineSeries == f.values() ? f.inputAt() : identity(engineSeries.length);
            int window = ours.suggestedWindow();
            return EngineSpectralResidual.last(engineSeries, at, ours.period(), window, ratio, o.sensitivity());
        }
        return ours;
    }

    public static LastResult last(double[] x, DetectOptions o) {
        return last(x, o, x, lastDetectionRatio(x, o.maxAnomalyRatio()));
    }

    /**
     * @param engineSeries the series Azure's engine detected without a period (the points as given with imputeMode auto)
     * @param ratio        the anomaly ratio of the engine's last detection ({@link #lastDetectionRatio})
     */
    private static LastResult last(double[] x, DetectOptions o, double[] engineSeries, double ratio) {
        int n = x.length;
        o = withNaturalPeriod(x, o);
        LastPointModel m = LastPointModel.fit(x, 0, n - 1, o.period(), LastPointModel.DEFAULT_LEVEL_WINDOW);
        double expected = m.expectedAt(x, 0, n - 1);
        double sr = SpectralResidual.lastScore(x, 0, n);
        double margin = Band.k(o.sensitivity()) * m.sigma() * Band.srFactor(sr);
        double r = x[n - 1] - expected;
        boolean anomaly = Math.abs(r) > margin;
        int suggested = m.period() > 0 ? 4 * m.period() + 1 : o.granularity().defaultWindow() + 1;
        // the verdict is ours; the expected value the one Azure's engine answers for a seasonal series, and the margins
        // around it the band the verdict was judged by, so that a flagged point lies outside the band answered and an
        // unflagged one inside (unless Azure's expectation follows a jump out of our band: then that side's margin is 0)
        double answered = AzureLast.applies(n, m.period()) ? AzureLast.expected(x, m.period())
                : m.period() <= 1 ? engineTrendAtLast(engineSeries, ratio, anomaly) : expected;
        double upper = Math.max(0, expected + margin - answered), lower = Math.max(0, answered - (expected - margin));
        if (anomaly && (x[n - 1] - answered) * r <= 0) {
            // flagged above our expectation but at or below the answered one (or the reverse): the answer would call a
            // point inside its own band an anomaly of the wrong sign; judged against the answered expectation instead
            r = x[n - 1] - answered;
            anomaly = Math.abs(r) > margin;
            upper = margin;
            lower = margin;
        }
        return new LastResult(m.period(), suggested, answered, upper, lower, anomaly, anomaly && r < 0,
                anomaly && r > 0, anomaly ? Band.severity(Math.abs(r), margin) : 0, Math.abs(r) / m.sigma());
    }
}
