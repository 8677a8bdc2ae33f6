package io.wattline.analytics.detect;

/**
 * The model arguments of an entire/last detection, already validated by the detection API.
 *
 * @param granularity      the grid of the timestamps; none means the points are taken as consecutive
 * @param customInterval   grid step in granularity units (minutely + 5 is a 5-minute series)
 * @param period           the seasonal period in points, or null to detect it (0 means none)
 * @param sensitivity      0..100 (Azure documented 0..99; its engine answered 100); higher gives a narrower band and more anomalies
 * @param maxAnomalyRatio  cap on the fraction of points flagged, in (0, 0.5)
 * @param imputeMode       how missing grid points are filled
 * @param imputeFixedValue the fill value of {@link ImputeMode#FIXED}
 */
public record DetectOptions(Granularity granularity, int customInterval, Integer period, int sensitivity,
                            double maxAnomalyRatio, ImputeMode imputeMode, double imputeFixedValue) {

    /** Azure's defaults: sensitivity 99, maxAnomalyRatio 0.25. */
    public static final int DEFAULT_SENSITIVITY = 99;
    /** The highest sensitivity Azure's engine answered. */
    public static final int MAX_SENSITIVITY = 100;
    public static final double DEFAULT_MAX_ANOMALY_RATIO = 0.25;
    /** The native {@code /v1/detect}'s default sensitivity (the seed's), also the one baselines learn at. */
    public static final int NATIVE_DEFAULT_SENSITIVITY = 95;

    public DetectOptions {
        if (granularity == null) granularity = Granularity.NONE;
        if (customInterval < 1) customInterval = 1;
        if (imputeMode == null) imputeMode = ImputeMode.AUTO;
        if (sensitivity < 0 || sensitivity > MAX_SENSITIVITY) throw new IllegalArgumentException("sensitivity must be 0..100");
        if (!(maxAnomalyRatio > 0 && maxAnomalyRatio < 0.5)) {
            throw new IllegalArgumentException("maxAnomalyRatio must be in (0, 0.5)");
        }
        if (period != null && period < 0) throw new IllegalArgumentException("period must be >= 0");
    }

    public static DetectOptions defaults() {
        return new DetectOptions(Granularity.NONE, 1, null, DEFAULT_SENSITIVITY, DEFAULT_MAX_ANOMALY_RATIO,
                ImputeMode.AUTO, 0);
    }

    public DetectOptions withSensitivity(int s) {
        return new DetectOptions(granularity, customInterval, period, s, maxAnomalyRatio, imputeMode, imputeFixedValue);
    }

    public DetectOptions withPeriod(Integer p) {
        return new DetectOptions(granularity, customInterval, p, sensitivity, maxAnomalyRatio, imputeMode, imputeFixedValue);
    }

    public DetectOptions withMaxAnomalyRatio(double r) {
        return new DetectOptions(granularity, customInterval, period, sensitivity, r, imputeMode, imputeFixedValue);
    }

    public DetectOptions withGranularity(Granularity g, int interval) {
        return new DetectOptions(g, interval, period, sensitivity, maxAnomalyRatio, imputeMode, imputeFixedValue);
    }

    public DetectOptions withImpute(ImputeMode mode, double fixed) {
        return new DetectOptions(granularity, customInterval, period, sensitivity, maxAnomalyRatio, mode, fixed);
    }
}
