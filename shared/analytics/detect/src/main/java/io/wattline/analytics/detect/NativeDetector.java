package io.wattline.analytics.detect;

import java.util.List;

/**
 * The native {@code /v1/detect}: the entire-series detection plus energies, z-scores, regimes and
 * embeddings.
 *
 * <ul>
 *   <li><b>energy</b>: the raw prediction error |x − expected|;</li>
 *   <li><b>z-score</b>: with a baseline, {@code (energy − baseline mean energy) / baseline σ of energy};
 *       without, relative to the series itself, robustly: {@code (energy − median energy) / MAD σ of
 *       the energies} (at least a thousandth of the series' range), so the anomaly being scored does not inflate its
 *       own yardstick;</li>
 *   <li><b>regime</b> (only with a baseline, else UNKNOWN): SHOCK when z ≥ {@value #SHOCK_Z};
 *       TRANSITION when the trend moved more over {@link Baseline#STEP} points than
 *       {@value #TRANSITION_FACTOR}× the baseline's 95th percentile of such moves, or when the trend
 *       (deseasonalised level) is below the baseline's by more than 3 of its σ and 2.5 mean errors (a machine
 *       idling or switched off: it has left its baseline's operating level for a lower one; the five regimes have
 *       no idle state, and ACTIVE is an elevated one); ACTIVE when the value is above the baseline's 95th
 *       percentile, or the trend is above the baseline's by that much, or z ≥ {@value #ACTIVE_Z}; HEALTHY
 *       otherwise.</li>
 * </ul>
 */
public final class NativeDetector {
    static final double SHOCK_Z = 6;
    static final double ACTIVE_Z = 2;
    static final double TRANSITION_FACTOR = 2;

    private NativeDetector() {}

    private static double range(double[] x) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi > lo ? hi - lo : 0;
    }

    public static NativeResult detect(List<TimePoint> series, DetectOptions o, Baseline baseline, boolean embeddings) {
        return detect(AnomalyDetector.analyse(series, o), baseline, embeddings);
    }

    public static NativeResult detect(Analysis a, Baseline baseline, boolean embeddings) {
        int m = a.inputAt().length, n = a.size();
        double[] gridEnergy = new double[n];
        for (int i = 0; i < n; i++) gridEnergy[i] = a.energy(i);
        double center, scale;
        if (baseline != null) {
            center = baseline.energyMean();
            scale = baseline.energyStd();
        } else {
            center = Robust.median(gridEnergy);
            // no smaller than a thousandth of the series' range, as a baseline's spreads: a series the model foretells
            // exactly (a repeating pattern) has errors of rounding size, and its points read z-scores of 1e6-1e10
            scale = Math.max(Band.robustSigma(gridEnergy, Robust.median(a.values())), Baseline.MIN_SCALE_SHARE * range(a.values()));
        }
        double[] trend = a.decomposition().trend();
        double[] energies = new double[m], z = new double[m];
        Regime[] regimes = new Regime[m];
        double[][] emb = embeddings ? new double[m][] : null;
        Embedder embedder = embeddings ? new Embedder(a) : null;
        for (int j = 0; j < m; j++) {
            int i = a.inputAt()[j];
            energies[j] = gridEnergy[i];
            z[j] = (gridEnergy[i] - center) / scale;
            regimes[j] = baseline == null ? Regime.UNKNOWN : regime(a, baseline, trend, i, z[j]);
            if (embeddings) emb[j] = embedder.embed(i);
        }
        return new NativeResult(AnomalyDetector.entireView(a), energies, z, regimes, emb);
    }

    static Regime regime(Analysis a, Baseline b, double[] trend, int i, double z) {
        // the level's departure from the baseline's, either way: above it the machine works harder (ACTIVE), below
        // it has gone to a lower operating state than the baseline's, down to idle or off (TRANSITION)
        double departure = trend[i] - b.trendMean();
        double normalDeparture = Math.max(3 * b.trendStd(), 2.5 * b.energyMean());
        // below it, the error against the daily cycle the running machine had is that cycle missing, not a shock;
        // a value above the baseline's range is still one
        boolean below = departure < -normalDeparture;
        if (below && a.values()[i] <= b.levelP95()) return Regime.TRANSITION;
        if (z >= SHOCK_Z) return Regime.SHOCK;
        double step = i >= Baseline.STEP ? Math.abs(trend[i] - trend[i - Baseline.STEP]) : 0;
        double normalStep = Math.max(b.stepP95(), 1e-9 * Math.max(1, Math.abs(b.levelMean())));
        if (below || (step > TRANSITION_FACTOR * normalStep && step > b.levelStd())) return Regime.TRANSITION;
        if (a.values()[i] > b.levelP95() || departure > normalDeparture || z >= ACTIVE_Z) return Regime.ACTIVE;
        return Regime.HEALTHY;
    }
}
