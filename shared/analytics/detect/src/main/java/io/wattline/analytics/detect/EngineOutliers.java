package io.wattline.analytics.detect;

import java.util.Arrays;

/**
 * Which points Azure's univariate engine called outliers in {@code entire/detect}, re-implemented from
 * its published behaviour (MIT-licensed {@code microsoft/anomaly-detector}; this is our code): up to
 * {@code ceil(ratio·n)} points per direction chosen by a generalized ESD test (one-sided, α 0.05,
 * median/MAD scale with a mean/std fallback) and a |z| > 3 MAD test, run on the de-seasoned values
 * (so after a level shift the new level stands out against the old, as the engine answered) and, for
 * seasonal series, an ESD test on the remainder too; the detectors' picks are merged by rank. Our one departure in
 * the tests: points of one value are outliers together or not at all, a run judged against the values other than it
 * (readings in whole units flooded the engine's test).
 * The sensitivity then only drops outliers within {@code |expected|·(100 − s)/100} of the expected
 * value (Azure's v1 margins; see {@link #refine}).
 */
final class EngineOutliers {
    static final double ALPHA = 0.05;
    private static final double EPS = 1e-8;
    /**
     * The smallest scale the tests use, as a share of the range of the values a test judges against (the
     * more extreme ones already removed). The engine's STL leaves ~1e-13 of wiggle on a noise-free series
     * and floors at 1e-8; our running-median decomposition leaves ~1e-5 of structured wiggle there, which
     * must not read as outliers. Of the whole series' range it let one meter error value (65535 among
     * readings of 50) hide every other spike: a 30-unit one was 4.6e-4 of that range, under the floor.
     */
    static final double MIN_SCALE = 1e-3;
    static final double MAD_CONSTANT = 0.6744897501960817; // Φ⁻¹(¾)
    /** λ(m) of the ESD test, m = points left; depends on m only for a fixed α, so computed once. */
    private static final double[] CRITICAL = new double[2 * Imputer.MAX_FILLED + 2];

    static {
        Arrays.fill(CRITICAL, Double.NaN);
    }

    private EngineOutliers() {}

    /**
     * The smallest range the tests' inputs are normalised by, as a share of the series' own range. A series that
     * repeats exactly (a noise-free sine) leaves a de-seasoned series of rounding errors, ~1e-15 of its range; scaled
     * to [0, 1] by their own range they looked like any other values, the tests picked some as outliers, and Azure's
     * margins, |expected|·(100 − s)/100, which vanish where the expected value crosses 0, kept them.
     */
    static final double MIN_RANGE_SHARE = 1e-6;

    /**
     * @param deseasoned the values less their seasonal component (the values themselves without a period)
     * @param remainder  deseasoned less the trend, or null for a series without a period
     * @param ratio      the request's maxAnomalyRatio
     * @param range      the range of the series' values (max − min): what is flat at the series' scale
     *                   ({@value #MIN_RANGE_SHARE} of it) is not normalised up to look like values
     */
    static boolean[] select(double[] deseasoned, double[] remainder, double ratio, double range) {
        int n = deseasoned.length;
        boolean[] out = new boolean[n];
        int maxOut = Math.min(Math.max((int) Math.ceil(n * ratio), 1), n / 2 - 1);
        if (maxOut < 1) return out;
        // min-max normalised as the engine does (its ε floors are on that scale), over no less than a small share of
        // the series' own range
        double floor = MIN_RANGE_SHARE * range;
        double[][] detectors = remainder == null ? new double[][]{normalize(deseasoned, floor)}
                : new double[][]{normalize(deseasoned, floor), normalize(remainder, floor)};
        // that least range on each detector's normalised scale: the tests' scale floor never goes below its share of it,
        // so rounding errors (a noise-free cycle) stay flat however few values are left
        double[] least = new double[detectors.length];
        least[0] = leastRange(deseasoned, floor);
        if (remainder != null) least[1] = leastRange(remainder, floor);
        long[] score = new long[n];
        int[][] ascending = new int[detectors.length][];
        for (int d = 0; d < detectors.length; d++) ascending[d] = ascendingOrder(detectors[d]);
        // each detector's values in ascending order, read by both directions' tests (the upper tail from the end)
        double[][] sorted = new double[detectors.length][n];
        for (int d = 0; d < detectors.length; d++) {
            for (int i = 0; i < n; i++) sorted[d][i] = detectors[d][ascending[d][i]];
        }
        double[][][] sums = new double[detectors.length][2][]; // a detector's prefix sums over all its values, shared by both tails
        for (boolean upper : new boolean[]{true, false}) {
            Arrays.fill(score, -1);
            int rankBase = 0;
            for (int d = 0; d < detectors.length; d++) {
                double[] x = detectors[d];
                rankBase = merge(score, esd(sorted[d], ascending[d], maxOut, upper, sums[d], least[d]), rankBase, n);
                if (d == 0) rankBase = merge(score, zScore(x, sorted[d], ascending[d], maxOut, upper), rankBase, n);
            }
            keepBest(score, maxOut, out);
        }
        return out;
    }

    /** The index of the k-th value in direction order: ascending, or for the upper tail descending. */
    private static int at(int[] ascending, int k, boolean upper) {
        return upper ? ascending[ascending.length - 1 - k] : ascending[k];
    }

    /** {@code x} less its minimum, over its range or {@code minRange} if that is larger (unchanged when flat). */
    private static double[] normalize(double[] x, double minRange) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(hi > lo)) return x.clone();
        double span = Math.max(hi - lo, minRange);
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) z[i] = (x[i] - lo) / span;
        return z;
    }

    /** {@code minRange} as a share of the span {@link #normalize} divides {@code x} by (1 when flat). */
    private static double leastRange(double[] x, double minRange) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi > lo ? Math.min(1, minRange / (hi - lo)) : 1;
    }

    /**
     * The tests' smallest scale for the values {@code asc[from, to)} (ascending): {@value #MIN_SCALE} of their range, or
     * of {@code least} if that is larger.
     */
    private static double scaleFloor(double[] asc, int from, int to, double least) {
        return MIN_SCALE * Math.max(asc[to - 1] - asc[from], least);
    }

    /** The engine's merge: a point's score is its rank in the first detector that picked it (offset by n per
     * detector), plus its ranks in later ones; lower is stronger. Returns the next detector's offset. */
    private static int merge(long[] score, int[] picked, int rankBase, int n) {
        for (int k = 0; k < picked.length; k++) {
            int i = picked[k];
            score[i] = score[i] < 0 ? k + (long) rankBase : score[i] + k;
        }
        return rankBase + n;
    }

    private static void keepBest(long[] score, int maxOut, boolean[] out) {
        int count = 0;
        for (long s : score) if (s >= 0) count++;
        if (count == 0) return;
        long[] packed = new long[count];
        int c = 0;
        for (int i = 0; i < score.length; i++) if (score[i] >= 0) packed[c++] = (score[i] << 20) | i;
        Arrays.sort(packed);
        for (int k = 0; k < Math.min(maxOut, count); k++) out[(int) (packed[k] & 0xFFFFF)] = true;
    }

    /**
     * Indices sorted by value, equal values in index order: a stable LSD radix sort on the values' bits, mapped so
     * that unsigned order is numeric order (−0.0 taken as 0.0, as {@code <} does). Linear in n; a comparison sort
     * through the index array cost 40 % of entire/detect at 8,640 points in branch misses.
     */
    static int[] ascendingOrder(double[] x) {
        int n = x.length;
        long[] key = new long[n], keyTmp = new long[n];
        int[] a = new int[n], b = new int[n];
        if (n == 0) return a;
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToLongBits(x[i] + 0.0);
            key[i] = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            a[i] = i;
        }
        int[] count = new int[257];
        for (int shift = 0; shift < 64; shift += 8) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) count[(int) ((key[i] >>> shift) & 0xFF) + 1]++;
            if (count[(int) ((key[0] >>> shift) & 0xFF) + 1] == n) continue; // one digit for all: order unchanged
            for (int d = 0; d < 256; d++) count[d + 1] += count[d];
            for (int i = 0; i < n; i++) {
                int slot = count[(int) ((key[i] >>> shift) & 0xFF)]++;
                keyTmp[slot] = key[i];
                b[slot] = a[i];
            }
            long[] tk = key;
            key = keyTmp;
            keyTmp = tk;
            int[] ti = a;
            a = b;
            b = ti;
        }
        return a;
    }

    /**
     * Generalized ESD on the values in direction order (the upper tail from the largest value down); the picked indices,
     * most extreme first. {@code asc}: the values in ascending order, {@code ascending}: their indices; {@code whole}:
     * two slots for the prefix sums over all the values, filled by the first tail that uses them (both tails do when no
     * majority value cuts their candidates short). {@code least}: the smallest range the scale's floor is taken of
     * ({@link #scaleFloor}).
     */
    static int[] esd(double[] asc, int[] ascending, int maxOut, boolean upper, double[][] whole, double least) {
        int n = asc.length, len = n;
        // a value shared by most points (MAD 0): only the points before its run are candidates
        Double majority = majority(asc);
        if (majority != null) {
            int last = -1;
            for (int i = len - 1; i >= 0; i--) {
                if (Math.abs(asc[upper ? n - 1 - i : i] - majority) < EPS) {
                    last = i;
                    break;
                }
            }
            len = last + 1;
        }
        // the candidates in ascending order, for medians of what is left after k removals: asc[off, off + len)
        int off = upper ? n - len : 0;
        double lo = len == 0 ? 0 : asc[off], span = len == 0 ? 1 : Math.max(asc[off + len - 1] - asc[off], EPS);
        double[] prefix, prefix2;
        if (len == n && whole[0] != null) {
            prefix = whole[0];
            prefix2 = whole[1];
        } else {
            prefix = new double[len + 1];
            prefix2 = new double[len + 1];
            for (int i = 0; i < len; i++) {
                double z = (asc[off + i] - lo) / span; // normalised as the engine does, for stable sums
                prefix[i + 1] = prefix[i] + z;
                prefix2[i + 1] = prefix2[i] + z * z;
            }
            if (len == n) {
                whole[0] = prefix;
                whole[1] = prefix2;
            }
        }
        int anoms = -1;
        boolean runAnomaly = false; // the judgement of the run of equal values the loop is in
        double[] full = null; // prefix sums over all the values, for the runs' judgements
        ShrinkingMad mad = new ShrinkingMad();
        for (int k = 0; k < Math.min(maxOut, len); k++) {
            double value = asc[upper ? n - 1 - k : k];
            // points of one value are outliers together or not at all
            if (k > 0 && value == asc[upper ? n - k : k - 1]) {
                if (runAnomaly) anoms = k;
                continue;
            }
            double crit = critical(len - k);
            int copies = 1;
            while (k + copies < n && asc[upper ? n - 1 - k - copies : k + copies] == value) copies++;
            if (copies > 1) {
                // A run (readings in whole units) is judged against every other value but the more extreme ones, all its
                // copies left out: removed one by one from the candidates, it shrank the mean and deviation of what was
                // left until its last copies looked extreme against the majority value, and every 49 and 51 of a series
                // of whole numbers around 50 was flagged (467 of 1,000 points); a run against values that are all one
                // other value (ones and a few zeros filled into gaps) still stands out, as the engine answered
                if (full == null) full = prefixSums(asc);
                runAnomaly = runStandsOut(asc, full, upper ? 0 : k + copies, upper ? n - k - copies : n, copies, value, crit,
                        upper, least);
                if (runAnomaly) anoms = k;
                continue;
            }
            // the remaining points: asc[off + from, off + to)
            int from = upper ? 0 : k, to = upper ? len - k : len;
            int m = to - from;
            if (m < 2) break;
            double med = sortedMedian(asc, off + from, off + to);
            double spread = mad.of(asc, off + from, off + to, med);
            double dev = upper ? value - med : med - value;
            // the floor from the values left, the more extreme ones removed: one huge value does not lift it for the rest
            double minScale = scaleFloor(asc, off + from, off + to, least);
            // a MAD of 0 says most of the points left share one value (readings in whole units, once the tail above
            // them is removed), not that every other value is extreme: the mean and standard deviation judge alone.
            // With the scale's floor instead, half of a series of whole numbers was flagged, up to maxAnomalyRatio
            boolean anomaly = spread >= EPS && dev / Math.max(spread / MAD_CONSTANT, minScale) > crit;
            if (!anomaly) {
                double mean = (prefix[to] - prefix[from]) / m;
                double var = Math.max(0, (prefix2[to] - prefix2[from]) / m - mean * mean);
                double sd = Math.max(Math.sqrt(var) * span, minScale);
                double meanV = lo + mean * span;
                anomaly = (upper ? value - meanV : meanV - value) / sd > crit;
            }
            runAnomaly = anomaly;
            if (anomaly) anoms = k;
        }
        int[] picked = new int[anoms + 1];
        for (int k = 0; k <= anoms; k++) picked[k] = at(ascending, k, upper);
        return picked;
    }

    /** Sums and sums of squares of the values' prefixes: {@code [0]} sums, {@code [1]} squares, each n + 1 long. */
    private static double[] prefixSums(double[] asc) {
        int n = asc.length;
        double[] p = new double[2 * (n + 1)];
        for (int i = 0; i < n; i++) {
            p[i + 1] = p[i] + asc[i];
            p[n + 2 + i] = p[n + 1 + i] + asc[i] * asc[i];
        }
        return p;
    }

    /**
     * Whether a value that {@code copies} points share stands out from the values {@code asc[from, to)} as the loop's
     * tests judge: against their median and MAD, or failing that their mean and standard deviation (each floored at
     * {@link #scaleFloor} of those values).
     */
    private static boolean runStandsOut(double[] asc, double[] sums, int from, int to, int copies, double value, double crit,
                                        boolean upper, double least) {
        int m = to - from, n = asc.length;
        if (m < 2 || copies >= m) return false; // outliers are fewer than what they stand out from (the majority value is none)
        double med = sortedMedian(asc, from, to);
        double spread = madOfSorted(asc, from, to, med);
        double dev = upper ? value - med : med - value;
        double minScale = scaleFloor(asc, from, to, least);
        if (spread >= EPS && dev / Math.max(spread / MAD_CONSTANT, minScale) > crit) return true;
        double mean = (sums[to] - sums[from]) / m;
        double var = Math.max(0, (sums[n + 1 + to] - sums[n + 1 + from]) / m - mean * mean);
        return (upper ? value - mean : mean - value) / Math.max(Math.sqrt(var), minScale) > crit;
    }

    /**
     * |z| > 3 against median and MAD (mean and std when the MAD is 0), among the first maxOut in direction order.
     * {@code asc}: the values of {@code x} in ascending order, {@code ascending}: their indices.
     */
    static int[] zScore(double[] x, double[] asc, int[] ascending, int maxOut, boolean upper) {
        int n = x.length;
        double med = sortedMedian(asc, 0, n);
        double scale = madOfSorted(asc, 0, n, med) / MAD_CONSTANT;
        if (scale == 0) {
            med = Robust.mean(x, 0, n);
            scale = Robust.std(x, 0, n);
        }
        if (scale == 0) return new int[0];
        scale = Math.max(scale, MIN_SCALE);
        int[] picked = new int[Math.min(maxOut, n)];
        int c = 0;
        for (int k = 0; k < picked.length; k++) {
            int i = at(ascending, k, upper);
            if (Math.abs(x[i] - med) / scale > 3) picked[c++] = i;
        }
        return Arrays.copyOf(picked, c);
    }

    /** The engine's majority value: when the MAD is 0, the median, unless it is the minimum or the maximum. */
    private static Double majority(double[] asc) {
        int n = asc.length;
        if (n == 0) return null;
        double med = sortedMedian(asc, 0, n);
        if (!close(madOfSorted(asc, 0, n, med), 0)) return null;
        double mv = asc[(n - 1) / 2];
        if (close(mv, asc[0]) || close(mv, asc[n - 1])) return null;
        return mv;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
    }

    /** The ESD critical value λ with {@code m} points left (one-sided, α {@value #ALPHA}). */
    static double critical(int m) {
        if (m < CRITICAL.length) {
            double c = CRITICAL[m];
            if (!Double.isNaN(c)) return c;
        }
        double c = lambda(m);
        if (m < CRITICAL.length) CRITICAL[m] = c;
        return c;
    }

    private static double lambda(int m) {
        // i-th test of n with m = n − i + 1 points left: p = 1 − α/m, t on m − 2 degrees of freedom
        double df = m - 2;
        if (df < 1) return Double.POSITIVE_INFINITY;
        double t = StudentT.upperQuantile(ALPHA / m, df);
        return t * (m - 1) / Math.sqrt((df + t * t) * m);
    }

    private static double sortedMedian(double[] a, int from, int to) {
        int m = to - from;
        return m % 2 == 1 ? a[from + m / 2] : (a[from + m / 2 - 1] + a[from + m / 2]) / 2;
    }

    /** Median of |a − med| over a sorted slice: the deviations are two sorted runs, merged by selection. */
    private static double madOfSorted(double[] a, int from, int to, double med) {
        return new ShrinkingMad().of(a, from, to, med);
    }

    /**
     * {@link #madOfSorted} of the slices the ESD loop asks for, one value shorter each time: each search starts where
     * the one before ended (the median moves by half a value, the selection's split by about one), instead of a binary
     * search whose every step goes either way at random. The same positions, so the same values, as the binary searches.
     */
    static final class ShrinkingMad {
        private int split = -1;
        private final int[] taken = {-1, -1}; // the left run's share found for the lower and the upper middle

        double of(double[] a, int from, int to, double med) {
            int m = to - from;
            // first index at or above the median
            int s;
            if (split < 0) {
                s = from;
                int hi = to;
                while (s < hi) {
                    int mid = (s + hi) >>> 1;
                    if (a[mid] < med) s = mid + 1;
                    else hi = mid;
                }
            } else {
                s = Math.max(from, Math.min(to, split));
                while (s < to && a[s] < med) s++;
                while (s > from && a[s - 1] >= med) s--;
            }
            split = s;
            // left run: med − a[s−1], med − a[s−2], … (ascending); right run: a[s] − med, … (ascending)
            int nl = s - from, nr = to - s;
            if (m % 2 == 1) return kth(a, s, nl, nr, med, m / 2, 1);
            return (kth(a, s, nl, nr, med, m / 2 - 1, 0) + kth(a, s, nl, nr, med, m / 2, 1)) / 2;
        }

        /** The k-th (0-based) smallest deviation of the two runs: the left run's share, from the last one found. */
        private double kth(double[] a, int split, int nl, int nr, double med, int k, int slot) {
            int lo = Math.max(0, k + 1 - nr), hi = Math.min(k + 1, nl);
            int i;
            if (taken[slot] < 0) { // binary search on the left run's share
                while (lo < hi) {
                    int mid = (lo + hi) / 2; // take mid from the left, k + 1 − mid from the right
                    if (more(a, split, med, k, mid)) lo = mid + 1;
                    else hi = mid;
                }
                i = lo;
            } else { // the first share in [lo, hi] that takes enough from the left, stepping from the last one
                i = Math.max(lo, Math.min(hi, taken[slot]));
                while (i < hi && more(a, split, med, k, i)) i++;
                while (i > lo && !more(a, split, med, k, i - 1)) i--;
            }
            taken[slot] = i;
            int j = k + 1 - i;
            double best = Double.NEGATIVE_INFINITY;
            if (i > 0) best = Math.max(best, left(a, split, i - 1, med));
            if (j > 0) best = Math.max(best, right(a, split, j - 1, med));
            return best;
        }

        /** Whether taking {@code i} from the left and {@code k + 1 − i} from the right takes too few from the left. */
        private static boolean more(double[] a, int split, double med, int k, int i) {
            return right(a, split, k - i, med) > left(a, split, i, med);
        }
    }

    private static double left(double[] a, int split, int i, double med) {
        return med - a[split - 1 - i];
    }

    private static double right(double[] a, int split, int j, double med) {
        return a[split + j] - med;
    }

    /**
     * The trend with its values at outliers replaced by straight lines between the nearest other points
     * (held flat past the ends). With a period, when half or more of the last half period are outliers
     * that whole stretch is bridged, so a shift at the end keeps the old level.
     */
    static double[] bridge(double[] trend, boolean[] outlier, int period) {
        int n = trend.length;
        boolean[] gap = outlier.clone();
        if (period > 1) {
            int window = period / 2, recent = 0;
            for (int i = Math.max(0, n - window); i < n; i++) if (outlier[i]) recent++;
            if (window > 0 && recent >= 0.5 * window) for (int i = Math.max(0, n - window); i < n; i++) gap[i] = true;
        }
        return EngineTrend.interpolate(trend, gap);
    }

    /**
     * Azure's v1 margins: {@code |expected|·(100 − s)/100}, the bands clipped to the values' range; outliers
     * inside their band are dropped (at sensitivity 100 the margin is 0 and every outlier stays), and a band
     * is widened to take in a point that is outside it but not an outlier.
     *
     * @return the margins (upper = lower) and, in place, the final flags
     */
    static double[][] refine(double[] values, double[] expected, boolean[] outlier, int sensitivity) {
        double[] margin = new double[values.length];
        for (int i = 0; i < margin.length; i++) margin[i] = Math.abs(expected[i]) * (100 - sensitivity) / 100.0;
        return refine(values, expected, outlier, sensitivity, margin);
    }

    /** {@link #refine} of margins a model chose ({@link EngineSpectralResidual}'s from its scores). */
    static double[][] refine(double[] values, double[] expected, boolean[] outlier, int sensitivity, double[] margin) {
        int n = values.length;
        double[] upper = new double[n], lower = new double[n];
        double maxUp = Double.NEGATIVE_INFINITY, minLow = Double.POSITIVE_INFINITY;
        double maxV = Double.NEGATIVE_INFINITY, minV = Double.POSITIVE_INFINITY;
        double minUp = Double.POSITIVE_INFINITY, maxLow = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            upper[i] = expected[i] + margin[i];
            lower[i] = expected[i] - margin[i];
            minUp = Math.min(minUp, upper[i]);
            maxLow = Math.max(maxLow, lower[i]);
            maxV = Math.max(maxV, Math.max(values[i], expected[i]));
            minV = Math.min(minV, Math.min(values[i], expected[i]));
        }
        double[] up = new double[n], lo = new double[n];
        for (int i = 0; i < n; i++) {
            double ub = Math.min(Math.max(upper[i], minUp), Math.max(maxV, minUp));
            double lb = Math.max(Math.min(lower[i], maxLow), Math.min(minV, maxLow));
            up[i] = ub - expected[i];
            lo[i] = expected[i] - lb;
            boolean inside = values[i] <= ub && values[i] >= lb;
            if (outlier[i] && inside) {
                if (sensitivity == 100) {
                    up[i] = 0;
                    lo[i] = 0;
                } else {
                    outlier[i] = false;
                }
            } else if (!outlier[i] && values[i] > ub) {
                up[i] = (values[i] - expected[i]) * 1.01;
                lo[i] = up[i];
            } else if (!outlier[i] && values[i] < lb) {
                lo[i] = (expected[i] - values[i]) * 1.01;
                up[i] = lo[i];
            }
        }
        return new double[][]{up, lo};
    }

    /** The engine's v1 severity of an anomaly: its departure relative to the expected value (0.3 near 0), at most 1. */
    static double severity(double value, double expected) {
        double base = Math.abs(expected) <= 1e-8 ? 0.3 : Math.abs(expected);
        return Math.min(Math.abs(value - expected) / base, 1.0);
    }
}
