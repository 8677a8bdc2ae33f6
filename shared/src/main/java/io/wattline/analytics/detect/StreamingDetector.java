package io.wattline.analytics.detect;

import java.util.Arrays;

/**
 * {@code last/detect} applied point by point as a stream arrives: the verdict on point t uses only
 * points ≤ t. It is the same model as {@link AnomalyDetector#last} ({@link LastPointModel}: seasonal
 * profile, median level of the last points, MAD scale of one-step errors, the {@link Band} with its
 * spectral-residual narrowing) with one economy: the model (period, seasonal profile, σ) is refitted
 * on the trailing {@code window} points every {@code refitEvery} points instead of at every point;
 * the level and the verdict are computed at every point. Pure and deterministic.
 *
 * <p>Each step also gives a continuous anomaly score in [0, 1): {@code u / (u + k)} where u is the
 * deviation in σ (divided by the band's spectral-residual factor) and k the band's half width, so
 * the band's edge scores ½. After an anomaly, further scores are held to 0 for {@code suppress}
 * points: one incident, one alert.
 */
public final class StreamingDetector {

    /**
     * @param window      trailing points the model is fitted on
     * @param refitEvery  points between refits
     * @param levelWindow points whose median is the level
     * @param sensitivity band width, as in Azure (0..99)
     * @param suppress    points after an anomaly whose scores are held to 0 (0: none)
     * @param srWindow    trailing points of the spectral-residual transform (0: no spectral residual)
     * @param minHistory  points before the first verdict
     */
    public record Config(int window, int refitEvery, int levelWindow, int sensitivity, int suppress, int srWindow,
                         int minHistory) {
        public static Config defaults() {
            return new Config(2016, 32, LastPointModel.DEFAULT_LEVEL_WINDOW, 95, 0, 128, 48);
        }

        /** A copy with one field changed by name (for benchmark command lines). */
        public Config with(String key, int value) {
            return switch (key) {
                case "window" -> new Config(value, refitEvery, levelWindow, sensitivity, suppress, srWindow, minHistory);
                case "refitEvery" -> new Config(window, value, levelWindow, sensitivity, suppress, srWindow, minHistory);
                case "levelWindow" -> new Config(window, refitEvery, value, sensitivity, suppress, srWindow, minHistory);
                case "sensitivity" -> new Config(window, refitEvery, levelWindow, value, suppress, srWindow, minHistory);
                case "suppress" -> new Config(window, refitEvery, levelWindow, sensitivity, value, srWindow, minHistory);
                case "srWindow" -> new Config(window, refitEvery, levelWindow, sensitivity, suppress, value, minHistory);
                case "minHistory" -> new Config(window, refitEvery, levelWindow, sensitivity, suppress, srWindow, value);
                default -> throw new IllegalArgumentException("unknown setting " + key);
            };
        }
    }

    /** The verdict on one point. Before {@code minHistory} points: expected = the value, score 0. */
    public record Step(double expected, double margin, double z, double srScore, boolean anomaly, double severity,
                       double score) {}

    private final Config config;
    private final double k;
    private double[] x = new double[1024];
    private int n;
    private LastPointModel model;
    private int fittedAt = Integer.MIN_VALUE;
    private int lastAnomaly = Integer.MIN_VALUE / 2;

    public StreamingDetector(Config config) {
        this.config = config;
        this.k = Band.k(config.sensitivity());
    }

    public int size() {
        return n;
    }

    public Step push(double value) {
        int t = n;
        if (n == x.length) x = Arrays.copyOf(x, 2 * n);
        x[n++] = value;
        if (t < config.minHistory()) return new Step(value, 0, 0, 0, false, 0, 0);
        if (model == null || t - fittedAt >= config.refitEvery()) {
            model = LastPointModel.fit(x, Math.max(0, t - config.window()), t, null, config.levelWindow());
            fittedAt = t;
        }
        double expected = model.expectedAt(x, 0, t);
        double sr = config.srWindow() > 0 ? SpectralResidual.lastScore(x, Math.max(0, t + 1 - config.srWindow()), t + 1) : 0;
        double factor = Band.srFactor(sr);
        double sigma = model.sigma();
        double dev = Math.abs(value - expected);
        double margin = k * sigma * factor;
        boolean anomaly = dev > margin;
        double u = dev / (sigma * factor);
        double score = u / (u + k);
        if (t - lastAnomaly <= config.suppress()) score = 0;
        if (anomaly && t - lastAnomaly > config.suppress()) lastAnomaly = t;
        return new Step(expected, margin, u, sr, anomaly, anomaly ? Band.severity(dev, margin) : 0, score);
    }
}
