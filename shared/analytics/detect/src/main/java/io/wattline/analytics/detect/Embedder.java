package io.wattline.analytics.detect;

/**
 * 192-number embeddings of a point in its context, for similarity search ("when did this machine last
 * look like this?"). Deterministic features, not a learned model, so every number has a meaning.
 * Each block is scaled by a fixed factor (its share of a typical window's vector), and the vector to
 * unit length, so the cosine
 * similarity (here: the dot product) of two embeddings compares windows; similar windows give nearby
 * vectors, different shapes, levels, volatility or anomaly states do not.
 *
 * <pre>
 *   dims      block (trailing window of W = 64 points ending at the point; the start is padded
 *             with the first value)
 *   0..63     shape: the window's values minus its mean, over max(window σ, 3 × series noise σ),
 *             so a window of pure noise has almost no shape and noise-level wiggles do not dominate
 *   64..95    spectrum: magnitudes of DFT bins 1..32 of that shape
 *   96..127   recent errors of the last 32 points: tanh(e/3) where e is the error (value − expected)
 *             in σ beyond ±2 σ, so ordinary noise maps to 0
 *   128..159  multi-scale context, for scales 2, 4, ..., 256 points: mean level vs the series median,
 *             log volatility vs the series noise, slope, and the point vs that scale's mean (4 each)
 *   160..175  distribution: histogram of the shape values in 16 bins over [−3, 3]
 *   176..191  the point: z beyond 2 σ, severity, positive, negative, spectral-residual score, seasonal phase
 *             (sin/cos of the 1st and 2nd harmonic), error over the margin, trend vs median,
 *             local σ vs series σ, 1st and 2nd difference beyond noise, imputed, has-period
 * </pre>
 */
public final class Embedder {
    public static final int DIMENSIONS = 192;
    static final int W = 64;
    private static final int[] SCALES = {2, 4, 8, 16, 32, 64, 128, 256};
    /** Share of the squared norm each block has for a typical window: shape, spectrum, errors, context, histogram, point. */
    private static final double[] WEIGHTS = {0.30, 0.12, 0.14, 0.18, 0.10, 0.16};
    /** A typical norm of each block before scaling (fixed, so magnitudes still count within a block). */
    private static final double[] TYPICAL_NORM = {8, 5.66, 2, 3, 0.4, 1.5};

    private final Analysis a;
    private final double[] x;
    private final double[] prefix, prefix2, prefixJ;
    private final double median, scale, sigmaMedian;

    public Embedder(Analysis a) {
        this.a = a;
        this.x = a.values();
        int n = x.length;
        prefix = new double[n + 1];
        prefix2 = new double[n + 1];
        prefixJ = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + x[i];
            prefix2[i + 1] = prefix2[i] + x[i] * x[i];
            prefixJ[i + 1] = prefixJ[i] + (double) i * x[i];
        }
        median = Robust.median(x);
        sigmaMedian = Robust.median(a.sigma());
        double spread = Robust.madSigma(x);
        scale = Math.max(Math.max(spread, sigmaMedian), 1e-9 * Math.max(1, Math.abs(median)));
    }

    /** The embedding of grid point i (unit length). */
    public double[] embed(int i) {
        double[] v = new double[DIMENSIONS];
        int n = x.length;
        // shape
        double[] win = new double[W];
        for (int j = 0; j < W; j++) win[j] = x[Math.max(0, i - W + 1 + j)];
        double mu = Robust.mean(win, 0, W), sd = Robust.std(win, 0, W);
        double norm = Math.max(Math.max(sd, 3 * sigmaMedian), 1e-12);
        for (int j = 0; j < W; j++) v[j] = (win[j] - mu) / norm;
        // spectrum
        double[] re = java.util.Arrays.copyOf(v, W), im = new double[W];
        Fft.transform(re, im, false);
        for (int k = 1; k <= 32; k++) v[64 + k - 1] = Math.hypot(re[k], im[k]) / Math.sqrt(W);
        // recent errors
        for (int j = 0; j < 32; j++) {
            int t = i - 31 + j;
            v[96 + j] = t < 0 ? 0 : Math.tanh(beyondNoise((x[t] - a.expected(t)) / a.sigma()[t]) / 3);
        }
        // multi-scale context
        for (int s = 0; s < SCALES.length; s++) {
            int len = Math.min(SCALES[s], i + 1), from = i + 1 - len;
            double sum = prefix[i + 1] - prefix[from], mean = sum / len;
            double var = Math.max(0, (prefix2[i + 1] - prefix2[from]) / len - mean * mean);
            double slope = 0;
            if (len >= 2) {
                double mt = (from + i) / 2.0;
                double sxy = (prefixJ[i + 1] - prefixJ[from]) - mt * sum;
                double sxx = (double) len * (len * len - 1) / 12.0;
                slope = sxy / sxx;
            }
            int b = 128 + 4 * s;
            v[b] = Math.tanh((mean - median) / (3 * scale));
            v[b + 1] = Math.tanh(Math.log((Math.sqrt(var) + 1e-12 * scale) / scale) / 3);
            v[b + 2] = Math.tanh(slope * len / (3 * scale));
            v[b + 3] = Math.tanh((x[i] - mean) / (3 * Math.max(Math.sqrt(var), sigmaMedian) + 1e-300));
        }
        // distribution of the shape values
        for (int j = 0; j < W; j++) {
            int bin = (int) Math.floor((v[j] + 3) / 6 * 16);
            v[160 + Math.max(0, Math.min(15, bin))] += 1.0 / W;
        }
        // the point
        int p = a.period();
        double z = a.z(i), r = x[i] - a.expected(i);
        v[176] = Math.tanh(beyondNoise(z) / 5);
        v[177] = a.severity()[i];
        v[178] = a.anomaly()[i] && r > 0 ? 1 : 0;
        v[179] = a.anomaly()[i] && r < 0 ? 1 : 0;
        v[180] = Math.tanh(a.srScore()[i] / 5);
        if (p > 0) {
            double ph = 2 * Math.PI * (i % p) / p;
            v[181] = Math.sin(ph);
            v[182] = Math.cos(ph);
            v[183] = Math.sin(2 * ph);
            v[184] = Math.cos(2 * ph);
        }
        v[185] = Math.tanh(r / a.margin()[i]);
        v[186] = Math.tanh((a.decomposition().trend()[i] - median) / (3 * scale));
        v[187] = Math.tanh(Math.log(a.sigma()[i] / sigmaMedian));
        v[188] = i >= 1 ? Math.tanh(beyondNoise((x[i] - x[i - 1]) / a.sigma()[i]) / 3) : 0;
        v[189] = i >= 2 ? Math.tanh(beyondNoise((x[i] - 2 * x[i - 1] + x[i - 2]) / a.sigma()[i]) / 3) : 0;
        v[190] = a.imputed()[i] ? 1 : 0;
        v[191] = p > 0 ? 1 : 0;
        // each block by a fixed factor (its share for a typical window), then unit length
        int[] bounds = {0, 64, 96, 128, 160, 176, 192};
        for (int blk = 0; blk < 6; blk++) {
            double f = Math.sqrt(WEIGHTS[blk]) / TYPICAL_NORM[blk];
            for (int d = bounds[blk]; d < bounds[blk + 1]; d++) v[d] *= f;
        }
        double ss = 0;
        for (double d : v) ss += d * d;
        double f = ss > 0 ? 1 / Math.sqrt(ss) : 0;
        for (int d = 0; d < DIMENSIONS; d++) v[d] *= f;
        return v;
    }

    /** Errors within ±2 σ are noise and map to 0; beyond, what exceeds 2 σ (sign kept). */
    static double beyondNoise(double zSigned) {
        return Math.signum(zSigned) * Math.max(0, Math.abs(zSigned) - 2);
    }

    /** Cosine similarity of two embeddings (their dot product, as both have unit length). */
    public static double similarity(double[] u, double[] w) {
        double s = 0;
        for (int d = 0; d < u.length; d++) s += u[d] * w[d];
        return s;
    }
}
