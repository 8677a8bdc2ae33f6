package io.wattline.analytics.detect;

import java.util.Arrays;

/**
 * The model {@code last/detect} uses to judge a point from the points before it, and that the
 * streaming detector refits as points arrive.
 *
 * <p>Fitted on a history {@code x[from, to)}: the seasonal profile of a {@link Decomposition} (period
 * requested or detected), then one-step-ahead forecasts over the history itself — the level is the
 * median of the last {@code w} deseasonalised points, the forecast of point t is that level plus the
 * seasonal profile at t's phase plus the errors' median (the lag of a trailing median behind a trend;
 * 0 without one) — and σ is the robust scale of those one-step errors. It is an honest scale for a
 * forecast: in-sample residuals of a centred fit would be smaller.
 */
public final class LastPointModel {
    public static final int DEFAULT_LEVEL_WINDOW = 12;

    private final int period;
    private final double[] profile;
    private final int origin;
    private final double sigma;
    private final int levelWindow;
    /** The median one-step error over the history: how far the trailing median lags a trend, added to a forecast. */
    private final double drift;

    private LastPointModel(int period, double[] profile, int origin, double sigma, int levelWindow, double drift) {
        this.period = period;
        this.profile = profile;
        this.origin = origin;
        this.sigma = sigma;
        this.levelWindow = levelWindow;
        this.drift = drift;
    }

    public int period() {
        return period;
    }

    public double sigma() {
        return sigma;
    }

    public int levelWindow() {
        return levelWindow;
    }

    /** Seasonal component at absolute index j (phase counted from the history's start). */
    public double seasonal(int j) {
        return period > 0 ? profile[Math.floorMod(j - origin, period)] : 0;
    }

    /**
     * Fits on {@code x[from, to)}; {@code requestedPeriod} null means detect. σ is judged out of sample: each one-step
     * error takes the point's seasonal value from the other cycles, for a verdict by margins (last/detect).
     */
    public static LastPointModel fit(double[] x, int from, int to, Integer requestedPeriod, int levelWindow) {
        return fit(x, from, to, requestedPeriod, levelWindow, 0, true);
    }

    /**
     * As above, a detected period replaced by {@code cycles} times it where that foretells better ({@link
     * Decomposition#choose(double[], Integer, int, boolean)}), and σ from the in-sample profile unless {@code outOfSample}. The
     * streaming detector ranks each deviation against its own history, so σ's level matters less there, and its
     * settings were chosen with the in-sample σ (NAB dev 69.0 against 64.3 with the other) and the decomposition's raw
     * first edges ({@link Decomposition#fit(double[], int, boolean)}), which the in-sample fit keeps.
     */
    static LastPointModel fit(double[] x, int from, int to, Integer requestedPeriod, int levelWindow, int cycles,
                              boolean outOfSample) {
        return fit(x, from, to, requestedPeriod, levelWindow, cycles, outOfSample, 0);
    }

    /** As above, the grid's day of {@code day} points tried first ({@link Decomposition#choose(double[], Integer, int, boolean, int)}; 0: none). */
    static LastPointModel fit(double[] x, int from, int to, Integer requestedPeriod, int levelWindow, int cycles,
                              boolean outOfSample, int day) {
        int n = to - from;
        double[] h = Arrays.copyOfRange(x, from, to);
        Decomposition d = n >= 12 ? Decomposition.choose(h, requestedPeriod, cycles, !outOfSample, day) : Decomposition.fit(h, 0);
        int w = Math.max(1, Math.min(levelWindow, n / 3));
        LastPointModel shell = new LastPointModel(d.period(), d.profile(), from, 1, w, 0);
        int count = Math.max(0, n - w);
        double[] e = new double[Math.max(1, count)];
        double[] season = new double[n];
        if (d.period() > 0 && outOfSample) {
            // each point's seasonal value from the other cycles (the median of their values at its phase): with a few
            // cycles the profile is partly the points themselves, and errors judged by it were too small (three days
            // of hourly noise had its newest point flagged in 39 of 200 series)
            double[] foretold = d.outOfSampleResidual(h);
            for (int i = 0; i < n; i++) season[i] = h[i] - d.trend()[i] - foretold[i];
        } else if (d.period() > 0) {
            for (int i = 0; i < n; i++) season[i] = shell.seasonal(from + i);
        }
        // one-step errors: the level of point t is the median of the w deseasonalised points before it, taken from
        // a window that slides (the same medians as expectedAt's, without sorting each window afresh)
        double[] deseasoned = new double[n];
        for (int i = 0; i < n; i++) deseasoned[i] = x[from + i] - season[i];
        double[] levels = Robust.trailingMedians(deseasoned, w);
        for (int t = from + w; t < to; t++) e[t - from - w] = x[t] - (levels[t - from - w] + season[t - from]);
        double magnitude = Math.abs(Robust.median(h));
        double[] errors = count == e.length ? e : Arrays.copyOf(e, count);
        double sigma = count > 0 ? Band.robustSigma(errors, magnitude) : Math.max(1e-9, 1e-9 * magnitude);
        // a trailing median lags a trend by about half its window: the errors' median is that lag (0 without a trend)
        double drift = count > 0 ? Robust.median(errors) : 0;
        return new LastPointModel(d.period(), d.profile(), from, sigma, w, drift);
    }

    /** The forecast of {@code x[t]} from {@code x[max(from, t−w), t)}. */
    public double expectedAt(double[] x, int from, int t) {
        double[] buf = new double[levelWindow];
        int a = Math.max(from, t - levelWindow), c = 0;
        for (int j = a; j < t; j++) buf[c++] = x[j] - seasonal(j);
        if (c == 0) return x[Math.max(0, t - 1)];
        return Robust.medianInPlace(buf, c) + seasonal(t) + drift;
    }

    /** The same model with another σ (the streaming detector keeps its own error history). */
    LastPointModel withSigma(double s) {
        return new LastPointModel(period, profile, origin, s, levelWindow, drift);
    }
}
