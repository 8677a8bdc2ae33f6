package io.wattline.analytics.twin;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/**
 * Per-signal statistics of the healthy calibration samples: min, max, mean, standard deviation
 * (sample, n − 1) and the mean ± 3σ limits.
 */
public record BaselineProfile(int sampleCount, Map<Sample.Signal, SignalProfile> signals) implements Serializable {
    public record SignalProfile(double min, double max, double mean, double std, double lower3Sigma,
                                double upper3Sigma) implements Serializable {
        public boolean within3Sigma(double x) {
            return x >= lower3Sigma && x <= upper3Sigma;
        }
    }

    public BaselineProfile {
        signals = Map.copyOf(signals);
    }

    public static BaselineProfile of(Sample[] samples) {
        if (samples.length < 2) {
            throw new IllegalArgumentException("a profile needs at least 2 samples");
        }
        Map<Sample.Signal, SignalProfile> out = new EnumMap<>(Sample.Signal.class);
        for (Sample.Signal s : Sample.Signal.values()) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
            for (Sample x : samples) {
                double v = x.get(s);
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            double mean = sum / samples.length, ss = 0;
            for (Sample x : samples) {
                double d = x.get(s) - mean;
                ss += d * d;
            }
            double std = Math.sqrt(ss / (samples.length - 1));
            out.put(s, new SignalProfile(min, max, mean, std, mean - 3 * std, mean + 3 * std));
        }
        return new BaselineProfile(samples.length, out);
    }

    public SignalProfile signal(Sample.Signal s) {
        return signals.get(s);
    }

    /** Signals of the sample outside their 3σ limits. */
    public java.util.List<Sample.Signal> outside3Sigma(Sample sample) {
        return java.util.Arrays.stream(Sample.Signal.values()).filter(s -> !signals.get(s).within3Sigma(sample.get(s))).toList();
    }
}
