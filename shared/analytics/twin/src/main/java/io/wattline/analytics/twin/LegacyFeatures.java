package io.wattline.analytics.twin;

import java.util.List;

/**
 * The legacy 1 Hz model's six features over a trailing window of {@link #WINDOW} one-per-second
 * readings (the newest last):
 * <ol>
 *   <li>{@code voltage_rolling_mean_1h}: mean voltage of the window;</li>
 *   <li>{@code current_spike_count}: readings whose current exceeds the window mean + 2σ;</li>
 *   <li>{@code power_factor_efficiency_score}: the newest power factor clamped to [0, 1];</li>
 *   <li>{@code vibration_intensity_rms}: RMS of the window's vibration;</li>
 *   <li>{@code voltage_stability}: |mean voltage − 230|;</li>
 *   <li>{@code power_vibration_ratio}: vibration RMS ÷ (power-factor score + 0.01).</li>
 * </ol>
 * σ is the population standard deviation. The 1 Hz reading of a simulated second is the first
 * sample of its batch (an instantaneous 1 Hz poll); the calibration burst is read as a 1 Hz series.
 */
public final class LegacyFeatures {
    public static final int WINDOW = 60;
    public static final List<String> NAMES = List.of("voltage_rolling_mean_1h", "current_spike_count",
            "power_factor_efficiency_score", "vibration_intensity_rms", "voltage_stability", "power_vibration_ratio");
    public static final double NOMINAL_VOLTAGE = 230.0;

    private LegacyFeatures() {}

    /** Features of {@code window[from, to)}; the newest reading is {@code window[to - 1]}. */
    public static double[] of(Sample[] window, int from, int to) {
        int n = to - from;
        if (n < 1) {
            throw new IllegalArgumentException("empty window");
        }
        double sumV = 0, sumI = 0, sumI2 = 0, sumVib2 = 0;
        for (int k = from; k < to; k++) {
            Sample s = window[k];
            sumV += s.voltage();
            sumI += s.current();
            sumI2 += s.current() * s.current();
            sumVib2 += s.vibration() * s.vibration();
        }
        double meanV = sumV / n, meanI = sumI / n;
        double sdI = Math.sqrt(Math.max(0, sumI2 / n - meanI * meanI));
        int spikes = 0;
        for (int k = from; k < to; k++) {
            if (window[k].current() > meanI + 2 * sdI) {
                spikes++;
            }
        }
        double pfScore = Math.max(0, Math.min(1, window[to - 1].powerFactor()));
        double vibRms = Math.sqrt(sumVib2 / n);
        return new double[] {meanV, spikes, pfScore, vibRms, Math.abs(meanV - NOMINAL_VOLTAGE), vibRms / (pfScore + 0.01)};
    }

    /** Features of the whole array. */
    public static double[] of(Sample[] window) {
        return of(window, 0, window.length);
    }

    /**
     * Training rows from a 1 Hz series: one per full trailing window, i.e. {@code n − WINDOW + 1}
     * rows (941 from the 1,000 calibration samples).
     */
    public static double[][] trainingRows(Sample[] series) {
        if (series.length < WINDOW) {
            throw new IllegalArgumentException("need at least " + WINDOW + " samples, got " + series.length);
        }
        double[][] rows = new double[series.length - WINDOW + 1][];
        for (int end = WINDOW; end <= series.length; end++) {
            rows[end - WINDOW] = of(series, end - WINDOW, end);
        }
        return rows;
    }

    /**
     * Training rows resampled from a 1 Hz series ({@link ResampledWindows}): {@code count} windows of
     * {@link #WINDOW} readings. Trailing windows of one 1,000-reading series share 59 of their 60
     * readings with their neighbours, so their means vary far less than those monitoring will see.
     */
    public static double[][] resampledRows(Sample[] series, int count, long seed) {
        return ResampledWindows.rows(series, count, WINDOW, new TwinRandom(seed, 5, 0), LegacyFeatures::of);
    }
}
