package io.wattline.analytics.twin;

import java.util.ArrayList;
import java.util.List;

/**
 * The batch model's 16 features of a 100-sample window (1 s at 100 Hz): mean, standard deviation
 * (population), peak-to-peak and RMS of each signal, signals in {@link Sample.Signal} order,
 * named {@code voltage_v_mean}, {@code voltage_v_std}, {@code voltage_v_peak_to_peak},
 * {@code voltage_v_rms}, … {@code vibration_g_rms}.
 */
public final class BatchFeatures {
    public static final int WINDOW = MotorSimulator.BATCH_SIZE;
    public static final List<String> NAMES;
    public static final int SIZE = 16;

    static {
        List<String> names = new ArrayList<>();
        for (Sample.Signal s : Sample.Signal.values()) {
            for (String stat : List.of("mean", "std", "peak_to_peak", "rms")) {
                names.add(s.key() + "_" + stat);
            }
        }
        NAMES = List.copyOf(names);
    }

    private BatchFeatures() {}

    /** Features of {@code samples[from, from + length)}. */
    public static double[] of(Sample[] samples, int from, int length) {
        if (length < 2) {
            throw new IllegalArgumentException("a window needs at least 2 samples");
        }
        double[] f = new double[SIZE];
        Sample.Signal[] signals = Sample.Signal.values();
        for (int s = 0; s < signals.length; s++) {
            double sum = 0, sum2 = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int k = from; k < from + length; k++) {
                double x = samples[k].get(signals[s]);
                sum += x;
                sum2 += x * x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            double mean = sum / length;
            // two-pass variance: the one-pass form loses digits at 230 V ± 2 V
            double ss = 0;
            for (int k = from; k < from + length; k++) {
                double d = samples[k].get(signals[s]) - mean;
                ss += d * d;
            }
            f[4 * s] = mean;
            f[4 * s + 1] = Math.sqrt(ss / length);
            f[4 * s + 2] = max - min;
            f[4 * s + 3] = Math.sqrt(sum2 / length);
        }
        return f;
    }

    /** Features of a whole batch. */
    public static double[] of(Sample[] batch) {
        return of(batch, 0, batch.length);
    }

    /**
     * Training rows from a healthy stream: every {@code stride}-th window of {@link #WINDOW}
     * consecutive samples. Stride 100 gives the original's 10 non-overlapping windows from 1,000
     * samples; stride 1 gives 901 overlapping ones.
     */
    public static double[][] trainingRows(Sample[] stream, int stride) {
        if (stream.length < WINDOW || stride < 1) {
            throw new IllegalArgumentException("need at least " + WINDOW + " samples and a positive stride");
        }
        int count = (stream.length - WINDOW) / stride + 1;
        double[][] rows = new double[count][];
        for (int w = 0; w < count; w++) {
            rows[w] = of(stream, w * stride, WINDOW);
        }
        return rows;
    }

    /**
     * Training rows resampled from a healthy stream ({@link ResampledWindows}): {@code count} windows
     * of {@link #WINDOW} samples. Contiguous windows of one stream share 99 of their 100 samples, so
     * 901 windows of 1,000 samples hold about as much variety in their means as 10 independent ones.
     */
    public static double[][] resampledRows(Sample[] stream, int count, long seed) {
        return ResampledWindows.rows(stream, count, WINDOW, new TwinRandom(seed, 4, 0), BatchFeatures::of);
    }
}
