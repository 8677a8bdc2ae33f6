package io.wattline.analytics.detect;

import java.util.Arrays;

/**
 * {@code last/detect} applied point by point as a stream arrives: the verdict on point t uses only
 * points ≤ t. It is the same model as {@link AnomalyDetector#last} ({@link LastPointModel}: seasonal
 * profile, median level of the last points, MAD scale of one-step errors, the {@link Band} with its
 * spectral-residual narrowing) with one economy: the model (period, seasonal profile, σ) is refitted
 * on the trailing {@code window} points every {@code refitEvery} points instead of at every point;
 * the level and the verdict are computed at every point; and one addition: a week of days replaces the
 * day where last week's value foretells a point better than yesterday's ({@link PeriodDetector#longerCycle}),
 * the day at the series' step is tried as the period before the one the period search finds ({@code naturalDay}),
 * and a series of counts or latencies (non-negative, skewed to the right) is scored on a log scale ({@link #logScale},
 * and, for a series kept on its own scale, {@link #symmetricLogScale} once 288 values have come: a day at 5-minute steps).
 * Pure and deterministic.
 *
 * <p>Each step also gives a continuous anomaly score in [0, 1) that is comparable across series:
 * the deviation u (in σ, divided by the band's spectral-residual factor) is ranked against the
 * deviations of the previous {@code tailWindow} points of the same series, and the score is one
 * minus its upper-tail probability, {@code 1 − (c + 1)/(M + 1)} with c of the M earlier deviations
 * at least as large; a deviation beyond all earlier ones scores {@code 1 − (max/u)/(M + 1)}, higher
 * the further it goes. The same is done for the mean deviation of the last {@code meanWindow} points
 * (a sustained, moderate departure); with {@code combine} 1 (the default) the larger of the two scores is the
 * point's, with 2 the mean's alone. And, with {@code levelGatePercent} above 0, for how far the mean of the last
 * {@code meanWindow} deseasonalised values lies from the level of the model's whole window (their median at the last
 * refit): the one-step errors judge each point against the median of the few points before it, which follows an
 * outage or a surge within a few points, so a departure that lasts shows in them only at its start; against the
 * window's level it shows for as long as it lasts.
 *
 * <p>The model's errors miss a shape that is new while every point stays near its expectation (a cycle that
 * changes its form, a level that creeps). So each step also measures how far the newest {@code discordLength}
 * points are from the closest stretch of the same length in the previous {@code discordHistory} points (the
 * Euclidean distance of the values as scored: a left "discord" distance, as in matrix-profile anomaly detection, with
 * stretches that overlap it by more than half excluded), ranks that distance against its earlier values the same
 * way, and takes the larger of the two scores. After an alert, further scores are held to 0 for {@code suppress} points,
 * or {@code suppressMinutes} if that is fewer at the series' step: one incident, one alert.
 *
 * <p>A rank is uniform on pure noise, so by rank alone a series without incidents would still alert on a fixed share of
 * its points. Rank is therefore not enough to alert: the rank of a point inside its band (last/detect calls it
 * normal) is held to at most {@code inBandCapPerMyriad}, as is that of a discord distance or a mean deviation under
 * {@code discordGatePercent} of the median earlier one (and of every mean until {@code minHistory} earlier means
 * exist); the caps lie below the alert threshold. (On a noisy sine of 8,640 points, with the band of sensitivity 95:
 * 1-6 alerts instead of 15-19.)
 */
public final class StreamingDetector {

    /**
     * @param window      trailing points the model is fitted on
     * @param refitEvery  points between refits
     * @param levelWindow points whose median is the level
     * @param sensitivity band width, as in Azure (0..99): a point inside it cannot alert by its rank alone
     * @param suppress    points after an alert whose scores are held to 0, at most (0: none)
     * @param suppressMinutes and no longer than this: an incident lasts hours, not a number of points (750: 12.5
     *                    hours, the 150 points at NAB's usual 5-minute step, where both were chosen; counted in points
     *                    alone, at 30-minute steps the suppression lasted 3 days and hid the next incidents; at steps
     *                    finer than 5 minutes the points bind, as measured: docs/BENCHMARKS.md)
     * @param srWindow    trailing points of the spectral-residual transform (0: no spectral residual)
     * @param minHistory  points before the first verdict
     * @param tailWindow  earlier deviations a deviation is ranked against
     * @param meanWindow  points of the mean deviation that is ranked too (0: none)
     * @param combine     0: the point's rank only; 1: the larger of the point's and the mean's; 2: the mean's only
     * @param alertPerMyriad a score at least this / 10,000 is an alert, which starts the suppression
     * @param discordLength  points of the newest stretch compared with the earlier ones (0: no discord score)
     * @param discordHistory how far back the closest earlier stretch is looked for, in points (at least half the length)
     * @param inBandCapPerMyriad the highest score (/ 10,000) of a point inside its band, and of a discord distance or
     *                           a mean deviation below the gate: below {@code alertPerMyriad}, rank alone (uniform on
     *                           noise) raises no alert
     * @param discordGatePercent a discord distance (or a mean deviation) must be at least this percentage of the median
     *                           earlier one to score above the cap (one setting for both gates)
     * @param cycles      a cycle of this many periods (7: a week of days) replaces the period found when the value one
     *                    such cycle back foretells a point better than the value one period back
     *                    ({@link PeriodDetector#longerCycle}; 0 or 1: the period as {@code last/detect} finds it). Two
     *                    such cycles must fit in {@code window}: with the default window of 2,016 points that is data
     *                    at 10-minute steps or longer (daily period ≤ 144 points), not 5-minute data
     * @param logSkew     a series whose first {@code minHistory} values are ≥ 0 and skewed to the right (upper spread
     *                    over this many times the lower) is scored on a log scale ({@link #logScale}; 0: never; with a
     *                    {@code minHistory} under 4 the percentiles coincide and it never applies)
     * @param levelGatePercent the distance of the last {@code meanWindow} points' deseasonalised mean from the
     *                    window's level is ranked too, and scores above the cap only at this percentage of the median
     *                    earlier one or more (0: not ranked). Its gate is higher than the mean deviation's: a mean of
     *                    {@code meanWindow} values is nearly normal on noise, with a short tail, so twice its median
     *                    is an everyday value; 700 is the lowest multiple (in steps of 100) at which 20 noisy sines of
     *                    8,640 points (Gaussian noise) raised no alert more than without it (600: 4)
     * @param stepSeconds the series' step (300 unless the caller knows it): turns {@code suppressMinutes} into points
     * @param scaleHistory a series kept on its own scale after the first {@code minHistory} values is looked at again once
     *                    this many have come (a count of points, not a duration: the test needs that many at any step;
     *                    {@link #symmetricLogScale}): if its noise is skewed to the right and a log
     *                    scale makes it clearly more symmetric, the detector goes over to the log scale, rebuilt as if
     *                    it had scored the series on it from the start (0: never). The first values of a counts series
     *                    often lie on one slope of its daily cycle, where the level's skew does not show
     * @param naturalDay  1: the day at the series' step ({@link #dayPoints}) is tried as the period before the one the
     *                    search finds, as Azure's engine tries its natural cycles ({@link Decomposition#choose(double[],
     *                    Integer, int, boolean, int)}); 0: the searched period alone. On noisy series the searched period
     *                    wandered around the day from one refit to the next, or was not found
     */
    public record Config(int window, int refitEvery, int levelWindow, int sensitivity, int suppress, int srWindow,
                         int minHistory, int tailWindow, int meanWindow, int combine, int alertPerMyriad,
                         int discordLength, int discordHistory, int inBandCapPerMyriad, int discordGatePercent,
                         int cycles, int logSkew, int levelGatePercent, int suppressMinutes, int stepSeconds,
                         int scaleHistory, int naturalDay) {
        /**
         * The configuration NAB measures. The spectral-residual window is 123 points so that, with the transform's 5
         * extrapolated points, it is 128, a power of two: a radix-2 FFT instead of Bluestein's three of 512 points
         * (the whole stream 0.66-0.74x the time in an alternating run; NAB dev 69.5 → 69.7, as with 59 or 251: the score
         * barely depends on it). A week of days ({@code cycles} 7) where last week foretells better than yesterday:
         * on series with a weekly rhythm and little history the detected period flips between day and week from one
         * refit to the next. Counts and latencies (non-negative, skewed to the right) on a log scale ({@code logSkew}
         * 2, chosen before it was measured). The mean deviation of the last 24 points ranked beside the point's (a
         * departure that lasts, such as noise that grows while no single point leaves its band). All three measured on NAB
         * dev and on six seeds of the generated corpus ({@code SyntheticNab}; docs/BENCHMARKS.md). The band is that
         * of {@link #streamSensitivity} of the native API's default sensitivity. The level departure ranked, its gate
         * chosen on noise (NAB dev 68.5 → 69.7, the generated corpus 61.6 → 64.0 over five seeds). The day at the series'
         * step tried as the period first ({@code naturalDay} 1: NAB dev 71.0 → 70.8, the generated corpus 66.0 → 66.8 over
         * seeds 1-5 and 62.4 → 64.0 over the held-out seeds 6-8).
         */
        public static Config defaults() {
            return new Config(2016, 32, LastPointModel.DEFAULT_LEVEL_WINDOW,
                    streamSensitivity(DetectOptions.NATIVE_DEFAULT_SENSITIVITY), 150,
                    128 - SpectralResidual.EXTEND, 48, 5000, 24, 1, 9950, 16, 8640, 9900, 200, 7, 2, 700, 750, 300, 288, 1);
        }

        /** A copy for a series of this step (whole seconds, at least one). */
        public Config withStep(java.time.Duration step) {
            return with("stepSeconds", (int) Math.max(1, Math.min(Integer.MAX_VALUE, step.toSeconds())));
        }

        /** The points of a day at the series' step, if {@code naturalDay} is on and a day is a whole number of steps; else 0. */
        public int dayPoints() {
            return naturalDay > 0 && stepSeconds > 0 && 86_400 % stepSeconds == 0 ? 86_400 / stepSeconds : 0;
        }

        /** The points after an alert whose scores are held to 0: {@code suppress}, or fewer if they outlast {@code suppressMinutes}. */
        public int suppressPoints() {
            if (suppress <= 0 || suppressMinutes <= 0) return Math.max(0, suppress);
            return (int) Math.min(suppress, Math.max(1, Math.round(suppressMinutes * 60.0 / Math.max(1, stepSeconds))));
        }

        /** A copy with one field changed by name (for benchmark command lines). */
        public Config with(String key, int v) {
            int[] f = {window, refitEvery, levelWindow, sensitivity, suppress, srWindow, minHistory, tailWindow, meanWindow,
                    combine, alertPerMyriad, discordLength, discordHistory, inBandCapPerMyriad, discordGatePercent, cycles, logSkew,
                    levelGatePercent, suppressMinutes, stepSeconds, scaleHistory, naturalDay};
            String[] names = {"window", "refitEvery", "levelWindow", "sensitivity", "suppress", "srWindow", "minHistory",
                    "tailWindow", "meanWindow", "combine", "alertPerMyriad", "discordLength", "discordHistory",
                    "inBandCapPerMyriad", "discordGatePercent", "cycles", "logSkew", "levelGatePercent", "suppressMinutes",
                    "stepSeconds", "scaleHistory", "naturalDay"};
            int i = java.util.List.of(names).indexOf(key);
            if (i < 0) throw new IllegalArgumentException("unknown setting " + key);
            f[i] = v;
            return new Config(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14], f[15], f[16], f[17], f[18], f[19], f[20], f[21]);
        }
    }

    /** How much lower the stream's sensitivity is than the one a request asks for ({@link #streamSensitivity}). */
    public static final int STREAM_SENSITIVITY_OFFSET = 15;

    /**
     * The sensitivity of the band a streamed point must leave before its rank may alert, for a request's sensitivity:
     * {@value #STREAM_SENSITIVITY_OFFSET} lower (at the native default of 95: 80, a band of 8.2 σ instead of 3.7 σ).
     * A verdict on one point may use a narrow band; a stream tests every point, and with a narrow band ordinary tail
     * points of heavy-tailed series (latencies, counts) were most of the alerts. Measured with NAB's scorer on its dev
     * series and on five seeds of the generated corpus (docs/BENCHMARKS.md): the generated corpus scored 57.2 on
     * average at 95, 61.6 at 80, with a plateau from 70 to 85; the dev series 69.0 and 68.5.
     */
    public static int streamSensitivity(int requestSensitivity) {
        return Math.max(0, requestSensitivity - STREAM_SENSITIVITY_OFFSET);
    }

    /**
     * The verdict on one point. Before {@code minHistory} points: expected = the value, score 0. {@code alert}: the score
     * reached the alert threshold, which starts the suppression (the first point of an incident).
     */
    public record Step(double expected, double margin, double z, double srScore, boolean anomaly, double severity,
                       double score, boolean alert) {}

    private final Config config;
    private final int suppressPoints;
    private final int day;
    private final double k;
    // the scoring state (reset when the series goes over to the log scale)
    private double[] x;
    private int n;
    private LastPointModel model;
    private int fittedAt;
    private int lastAlert = Integer.MIN_VALUE / 2;
    private Tail pointTail, meanTail, discordTail, levelTail;
    private Discord discord;
    private double[] recent;
    private int recentCount;
    private double recentSum;
    /** The last meanWindow deseasonalised values (a ring, beside {@code recent}), and the window's level at the last refit. */
    private double[] deseasoned;
    private double windowLevel;
    // the scale
    private double[] first; // the first minHistory values, while the scale is undecided
    private int firstCount;
    private double unit = Double.NaN; // NaN: undecided; 0: values as they come; > 0: on a log scale of this unit
    private double[] asCome; // the values as they came, while a series kept on its own scale may still go over to the log

    public StreamingDetector(Config config) {
        this.config = config;
        this.suppressPoints = config.suppressPoints();
        this.day = config.dayPoints();
        this.k = Band.k(config.sensitivity());
        resetScoring();
    }

    private void resetScoring() {
        x = new double[1024];
        n = 0;
        model = null;
        fittedAt = Integer.MIN_VALUE;
        pointTail = new Tail(config.tailWindow());
        meanTail = new Tail(config.tailWindow());
        discordTail = new Tail(config.tailWindow());
        levelTail = new Tail(config.levelGatePercent() > 0 ? config.tailWindow() : 1);
        discord = config.discordLength() > 0 ? new Discord(config.discordLength(), config.discordHistory()) : null;
        recent = new double[Math.max(1, config.meanWindow())];
        recentCount = 0;
        recentSum = 0;
        deseasoned = new double[recent.length];
        windowLevel = Double.NaN;
    }

    /** The mean deviation of the last {@code meanWindow} points (NaN before there are that many). */
    double meanDeviation() {
        return recentCount >= recent.length && config.meanWindow() > 0 ? recentSum / recent.length : Double.NaN;
    }

    /** The points pushed so far. */
    public int size() {
        return first != null ? firstCount : n;
    }

    /** A whole series scored as if it had arrived point by point: each point's score and whether it raised an alert. */
    public record Replay(double[] scores, boolean[] alerts) {}

    /**
     * Replays {@code values} through a new detector: the score of point t uses only the points up to t, as a live
     * stream's would; an alert is a score at {@code alertPerMyriad} or above (the first point of an incident; the
     * {@link Config#suppressPoints} points after it score 0).
     */
    public static Replay replay(double[] values, Config config) {
        StreamingDetector d = new StreamingDetector(config);
        double[] scores = new double[values.length];
        boolean[] alerts = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            Step s = d.push(values[i]);
            scores[i] = s.score();
            alerts[i] = s.alert();
        }
        return new Replay(scores, alerts);
    }

    /**
     * The verdict on the next point. Its {@code expected}, {@code margin} and {@code z} are on the scale the series is
     * scored on: the values' own, or the log scale of {@link #logScale}.
     */
    public Step push(double value) {
        if (config.logSkew() <= 0 || config.minHistory() < 1) return pushValue(value);
        if (Double.isNaN(unit)) {
            // no verdict comes before minHistory points: decide the scale on them, then feed them in order
            if (first == null) first = new double[config.minHistory()];
            first[firstCount++] = value;
            if (firstCount < first.length) return new Step(value, 0, 0, 0, false, 0, 0, false);
            unit = logScale(first, config.logSkew());
            double[] pending = first;
            first = null;
            if (unit == 0 && config.scaleHistory() > pending.length) {
                asCome = Arrays.copyOf(pending, config.scaleHistory());
            }
            for (double v : pending) pushValue(scaled(v)); // each before minHistory: no verdict, as below
            return new Step(value, 0, 0, 0, false, 0, 0, false);
        }
        if (asCome != null) return pushLookingAgain(value);
        return pushValue(scaled(value));
    }

    /**
     * A value of a series still on its own scale: once {@code scaleHistory} values have come, the scale is decided
     * again on all of them ({@link #symmetricLogScale}); going over to the log scale, the scoring state is rebuilt from
     * those values on it (the verdicts already given stand, and so does the last alert's suppression).
     */
    private Step pushLookingAgain(double value) {
        int count = n;
        asCome[count] = value;
        if (count + 1 < asCome.length) return pushValue(value);
        double[] history = asCome;
        asCome = null;
        double u = symmetricLogScale(history);
        if (!(u > 0)) return pushValue(value);
        unit = u;
        int alerted = lastAlert;
        resetScoring();
        for (int i = 0; i < count; i++) pushValue(scaled(history[i]));
        lastAlert = alerted;
        return pushValue(scaled(value));
    }

    /** How much more symmetric the log scale must make the noise (in the log of the quantile ratio below) to be chosen. */
    static final double SYMMETRY_GAIN = 0.1;

    /**
     * The unit of a log scale for these values if on it their noise is clearly more symmetric than as they come, else 0.
     * The noise: each value minus the median of the five around it (a running median removes the level and the cycle,
     * not a burst). Its skew: log((p90 − p50) / (p50 − p10)), 0 when symmetric. The log scale is chosen when the values
     * are finite and ≥ 0, the noise is skewed to the right, and the log scale lowers the skew's size by at least
     * {@value #SYMMETRY_GAIN}: noise that grows with the level (counts, latencies) becomes symmetric on it, additive
     * noise (temperatures, utilisation) does not. The unit is the values' lower median (their 90th percentile if that is 0).
     */
    static double symmetricLogScale(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        if (s.length < 5 || !(s[0] >= 0) || !Double.isFinite(s[s.length - 1])) return 0;
        double unit = s[(s.length - 1) / 2];
        if (unit == 0) unit = s[(int) (0.9 * (s.length - 1))];
        if (!(unit > 0)) return 0;
        double asCome = noiseSkew(values, 0);
        if (!(asCome > 0)) return 0;
        double logged = noiseSkew(values, unit);
        return Double.isFinite(logged) && asCome - Math.abs(logged) >= SYMMETRY_GAIN ? unit : 0;
    }

    /** The skew of the values' noise (see above), as they come ({@code unit} 0) or on the log scale of {@code unit}; NaN if undefined. */
    private static double noiseSkew(double[] values, double unit) {
        int m = values.length;
        double[] v = new double[m];
        for (int i = 0; i < m; i++) v[i] = unit > 0 ? Math.log1p(values[i] / unit) : values[i];
        double[] noise = new double[m - 4], five = new double[5];
        for (int i = 2; i < m - 2; i++) {
            System.arraycopy(v, i - 2, five, 0, 5);
            Arrays.sort(five);
            noise[i - 2] = v[i] - five[2];
        }
        Arrays.sort(noise);
        double p10 = noise[(int) (0.1 * (noise.length - 1))], p50 = noise[(noise.length - 1) / 2],
                p90 = noise[(int) (0.9 * (noise.length - 1))];
        double up = p90 - p50, down = p50 - p10;
        return up > 0 && down > 0 ? Math.log(up / down) : Double.NaN;
    }

    private double scaled(double v) {
        return unit > 0 ? Math.copySign(Math.log1p(Math.abs(v) / unit), v) : v;
    }

    /**
     * The unit of the log scale for a series whose first values are all finite, ≥ 0 and skewed to the right (the 90th
     * percentile further above the median than {@code skew} times the 10th below it: counts, latencies, anything
     * whose noise grows with its level): their lower median (or, if that is 0, their 90th percentile); 0 (the values
     * as they come) otherwise. The first decision: a series kept on its own scale here is looked at once more after
     * {@code scaleHistory} values ({@link #symmetricLogScale}); a log scale, once chosen, stays. On the log scale, {@code sign(v) · log1p(|v| /
     * unit)}, a surge and an outage are departures of like size, and multiplicative noise and seasonality become
     * additive, as the model assumes.
     */
    static double logScale(double[] firstValues, int skew) {
        double[] s = firstValues.clone();
        Arrays.sort(s);
        if (!(s[0] >= 0) || !Double.isFinite(s[s.length - 1])) return 0;
        double p10 = s[(int) (0.1 * (s.length - 1))], p50 = s[(s.length - 1) / 2], p90 = s[(int) (0.9 * (s.length - 1))];
        if (!(p90 - p50 > skew * (p50 - p10))) return 0;
        return p50 > 0 ? p50 : p90;
    }

    /**
     * The rank of {@code v} among the tail's values (then v joins them), held to the cap unless the tail knows
     * {@code minHistory} values and v is at least {@code discordGatePercent} of their median: the gate of the discord
     * distance and of the mean deviation.
     */
    private double gatedScore(Tail tail, double v) {
        return gatedScore(tail, v, config.discordGatePercent());
    }

    private double gatedScore(Tail tail, double v, int gatePercent) {
        boolean far = tail.size() >= config.minHistory() && v >= gatePercent / 100.0 * tail.median();
        double score = tail.scoreThenAdd(v);
        return far ? score : Math.min(score, config.inBandCapPerMyriad() / 10_000.0);
    }

    private Step pushValue(double value) {
        int t = n;
        if (n == x.length) x = Arrays.copyOf(x, 2 * n);
        x[n++] = value;
        double distance = discord == null ? Double.NaN : discord.push(x, t);
        double discordScore = 0;
        if (!Double.isNaN(distance)) {
            // ranked once enough distances are known, like the verdicts after minHistory points
            if (discordTail.size() >= config.minHistory()) discordScore = gatedScore(discordTail, distance);
            else discordTail.add(distance);
        }
        if (t < config.minHistory()) return new Step(value, 0, 0, 0, false, 0, 0, false);
        if (model == null || t - fittedAt >= config.refitEvery()) {
            int from = Math.max(0, t - config.window());
            model = LastPointModel.fit(x, from, t, null, config.levelWindow(), config.cycles(), false, day);
            fittedAt = t;
            if (config.levelGatePercent() > 0) windowLevel = windowLevel(model, from, t);
        }
        double expected = model.expectedAt(x, 0, t);
        double sr = config.srWindow() > 0 ? SpectralResidual.lastScore(x, Math.max(0, t + 1 - config.srWindow()), t + 1) : 0;
        double factor = Band.srFactor(sr);
        double sigma = model.sigma();
        double dev = Math.abs(value - expected);
        double margin = k * sigma * factor;
        boolean anomaly = dev > margin;
        double u = dev / (sigma * factor);
        double pointScore = pointTail.scoreThenAdd(u);
        if (!anomaly) pointScore = Math.min(pointScore, config.inBandCapPerMyriad() / 10_000.0);
        double meanScore = 0;
        if (config.meanWindow() > 0) {
            int slot = recentCount % recent.length;
            deseasoned[slot] = value - model.seasonal(t);
            if (recentCount >= recent.length) recentSum -= recent[slot];
            recent[slot] = u;
            recentSum += u;
            recentCount++;
            if (slot == recent.length - 1) {
                // summed afresh once a round: a huge (or infinite) deviation leaving would leave rounding (or NaN) behind
                recentSum = 0;
                for (double r : recent) recentSum += r;
            }
            if (recentCount >= recent.length) {
                meanScore = gatedScore(meanTail, recentSum / recent.length);
                if (config.levelGatePercent() > 0) {
                    meanScore = Math.max(meanScore, gatedScore(levelTail, levelDeparture(sigma), config.levelGatePercent()));
                }
            }
        }
        double score = switch (config.combine()) {
            case 1 -> Math.max(pointScore, meanScore);
            case 2 -> meanScore;
            default -> pointScore;
        };
        score = Math.max(score, discordScore);
        boolean alert = false;
        if (t - lastAlert <= suppressPoints) {
            score = 0;
        } else if (score >= config.alertPerMyriad() / 10_000.0) {
            lastAlert = t;
            alert = true;
        }
        return new Step(expected, margin, u, sr, anomaly, anomaly ? Band.severity(dev, margin) : 0, score, alert);
    }

    /** The median of the model's window, deseasonalised: the level a lasting departure is measured from. */
    private double windowLevel(LastPointModel m, int from, int to) {
        double[] d = new double[to - from];
        for (int j = from; j < to; j++) d[j - from] = x[j] - m.seasonal(j);
        return Robust.medianInPlace(d, d.length);
    }

    /** How far the mean of the last meanWindow deseasonalised values lies from the window's level, in σ. */
    private double levelDeparture(double sigma) {
        double sum = 0;
        for (double d : deseasoned) sum += d; // summed afresh: a huge value leaving the ring leaves no rounding behind
        return Math.abs(sum / deseasoned.length - windowLevel) / sigma;
    }

    /**
     * The distance of the newest {@code length} points to the closest earlier stretch of that length whose end lies
     * {@code length / 2} to {@code history} points back. One squared distance per lag is kept and slid along with the
     * stream (the point leaving the stretch out, the new one in: O(history) per point); a lag is summed afresh every
     * {@value #REFRESH} points, and at once when the slide cancels a term far larger than what is left (a spike
     * leaving the stretch would otherwise leave rounding behind, far above the distances of a nearly repeating
     * series) or is not finite.
     * Points must come one at a time, in order.
     */
    static final class Discord {
        static final int REFRESH = 1024;
        /** A slide that removes more than this many times what remains is summed afresh. */
        private static final double CANCELLATION = 1e6;
        private final int length, minLag;
        private final double[] squared; // squared[k]: the stretch ending at t against the one ending at t - k
        private int next;

        Discord(int length, int history) {
            if (length < 1 || history < Math.max(1, length / 2)) {
                throw new IllegalArgumentException("a discord needs a length of at least 1 and a history of at least"
                        + " half the length");
            }
            this.length = length;
            this.minLag = Math.max(1, length / 2);
            this.squared = new double[history + 1];
        }

        /** The distance for the stretch ending at {@code t} (x holds points 0..t), NaN while none is complete. */
        double push(double[] x, int t) {
            if (t != next) throw new IllegalStateException("points must come in order: expected " + next + ", got " + t);
            next++;
            int first = t - length + 1; // first point of the newest stretch
            if (first < minLag) return Double.NaN;
            double best = Double.POSITIVE_INFINITY;
            int maxLag = Math.min(squared.length - 1, first);
            for (int k = minLag; k <= maxLag; k++) {
                double d2 = Double.NaN;
                boolean afresh = k == first || (t + k) % REFRESH == 0; // the lag's first complete pair, or its turn
                if (!afresh) {
                    double out = x[first - 1] - x[first - 1 - k], in = x[t] - x[t - k];
                    d2 = squared[k] - out * out + in * in;
                    afresh = !(d2 >= 0) || out * out > CANCELLATION * d2;
                }
                if (afresh) {
                    d2 = 0;
                    for (int q = first; q <= t; q++) d2 += (x[q] - x[q - k]) * (x[q] - x[q - k]);
                }
                squared[k] = d2;
                if (d2 < best) best = d2;
            }
            return best == Double.POSITIVE_INFINITY ? Double.NaN : Math.sqrt(best);
        }
    }

    /** The last {@code capacity} values, sorted, for upper-tail ranks. */
    static final class Tail {
        private final double[] sorted;
        private final double[] ring;
        private int size, next;

        Tail(int capacity) {
            sorted = new double[Math.max(1, capacity)];
            ring = new double[Math.max(1, capacity)];
        }

        int size() {
            return size;
        }

        /** The upper median of the values. */
        double median() {
            return sorted[size / 2];
        }

        /** v joins the values without a score (in place of the oldest once full). */
        void add(double v) {
            if (size == sorted.length) replace(ring[next], v);
            else insert(v);
            ring[next] = v;
            next = (next + 1) % ring.length;
        }

        /** The score of v against the values so far, then v joins them. */
        double scoreThenAdd(double v) {
            double score;
            if (size == 0) {
                score = 0;
            } else {
                int ge = size - lowerBound(v); // earlier values at least as large as v
                if (ge > 0) {
                    score = 1 - (ge + 1.0) / (size + 1.0);
                } else {
                    double max = sorted[size - 1];
                    // below 1 even for a value so far beyond the others that the quotient underflows
                    score = Math.min(Math.nextDown(1.0), 1 - (max > 0 && v > 0 ? max / v : 1) / (size + 1.0));
                }
            }
            add(v);
            return score;
        }

        private int lowerBound(double v) {
            int lo = 0, hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < v) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        private int upperBound(double v) {
            int lo = 0, hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] <= v) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        private void insert(double v) {
            int pos = upperBound(v);
            System.arraycopy(sorted, pos, sorted, pos + 1, size - pos);
            sorted[pos] = v;
            size++;
        }

        /**
         * {@code out} leaves and {@code in} takes its place: only the values between the two positions move (removing
         * and then inserting moved the whole tail of the array twice, a tenth of the streaming detector's time).
         */
        private void replace(double out, double in) {
            int p = lowerBound(out), q = upperBound(in);
            if (q > p) { // in sorts after out: the values between shift left
                System.arraycopy(sorted, p + 1, sorted, p, q - 1 - p);
                sorted[q - 1] = in;
            } else { // in sorts before out: the values between shift right
                System.arraycopy(sorted, q, sorted, q + 1, p - q);
                sorted[q] = in;
            }
        }
    }
}
