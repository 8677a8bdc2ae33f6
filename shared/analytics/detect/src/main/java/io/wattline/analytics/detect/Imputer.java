package io.wattline.analytics.detect;

import java.time.Instant;
import java.util.List;

/**
 * Puts a series on its granularity's grid and fills the missing grid points ({@link ImputeMode}).
 * Timestamps are assumed valid (sorted, unique, on the grid): the detection API checks that first.
 */
public final class Imputer {
    /**
     * The longest grid that is filled (twice Azure's 8,640-point limit, as in Azure's engine); a series
     * whose grid is longer is detected as given, its points taken as consecutive.
     */
    public static final int MAX_FILLED = 17280;

    private Imputer() {}

    /**
     * @param values  the series on the grid, missing points filled (or the input values when nothing is filled)
     * @param inputAt for each input point, its position in {@code values}
     * @param imputed which grid positions were filled rather than observed
     */
    public record Filled(double[] values, int[] inputAt, boolean[] imputed) {
        public int missing() {
            int m = 0;
            for (boolean b : imputed) if (b) m++;
            return m;
        }
    }

    /**
     * More than this share of the grid missing, Azure's engine refused a seasonal series and detected one without a
     * period asked as having no season ({@link #mostlyMissing}).
     */
    public static final double MOSTLY_MISSING = 0.5;

    /**
     * The points of the grid from the series' first point to its last (however long; filled or not); 0 without a grid.
     */
    public static long gridPoints(List<TimePoint> series, Granularity granularity, int interval) {
        int n = series.size();
        if (granularity == Granularity.NONE || n == 0 || series.get(0).timestamp() == null) return 0;
        long last = granularity.gridIndex(series.get(0).timestamp(), series.get(n - 1).timestamp(), interval, Long.MAX_VALUE / 2);
        return last < 0 ? 0 : last + 1;
    }

    /**
     * The share of the grid's points, from the series' first to its last, that the series lacks (whatever is filled
     * later, and however long the grid); 0 without a grid.
     */
    public static double missingShare(List<TimePoint> series, Granularity granularity, int interval) {
        long grid = gridPoints(series, granularity, interval);
        return grid == 0 ? 0 : 1 - series.size() / (double) grid;
    }

    /** Whether more than {@value #MOSTLY_MISSING} of the series' grid is missing. */
    public static boolean mostlyMissing(List<TimePoint> series, Granularity granularity, int interval) {
        return missingShare(series, granularity, interval) > MOSTLY_MISSING;
    }

    public static Filled fill(List<TimePoint> series, DetectOptions o) {
        int n = series.size();
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) raw[i] = series.get(i).value();
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) identity[i] = i;
        if (o.granularity() == Granularity.NONE || o.imputeMode() == ImputeMode.NOT_FILL || n == 0
                || series.get(0).timestamp() == null) {
            return new Filled(raw, identity, new boolean[n]);
        }
        Instant origin = series.get(0).timestamp();
        int[] at = new int[n];
        for (int i = 0; i < n; i++) {
            long k = o.granularity().gridIndex(origin, series.get(i).timestamp(), o.customInterval(), MAX_FILLED);
            if (k < 0) throw new IllegalArgumentException("timestamp " + i + " is off the grid");
            if (k >= MAX_FILLED) return new Filled(raw, identity, new boolean[n]);
            at[i] = (int) k;
        }
        int len = at[n - 1] + 1;
        if (len == n) return new Filled(raw, identity, new boolean[n]);
        double[] v = new double[len];
        boolean[] imputed = new boolean[len];
        java.util.Arrays.fill(imputed, true);
        for (int i = 0; i < n; i++) {
            v[at[i]] = raw[i];
            imputed[at[i]] = false;
        }
        for (int i = 0; i + 1 < n; i++) {
            int a = at[i], b = at[i + 1];
            for (int k = a + 1; k < b; k++) {
                v[k] = switch (o.imputeMode()) {
                    case PREVIOUS -> raw[i];
                    case FIXED -> o.imputeFixedValue();
                    case ZERO -> 0;
                    default -> raw[i] + (raw[i + 1] - raw[i]) * (k - a) / (double) (b - a);
                };
            }
        }
        return new Filled(v, at, imputed);
    }

    /**
     * The filled values with the gap just before the last point, where a line was drawn to it (imputeMode linear or
     * auto), held at the last value observed before the gap instead: the point being judged must not be its own
     * history. A line ending at it made a spike after a gap its own expectation (59 points near 10, 100 minutes
     * missing, then 30: expected 30.0, margins 0, no anomaly; with the gap held, expected 10.1 and flagged). The other
     * modes fill without the next point and are kept. Returns the filled values themselves when nothing changes.
     */
    public static double[] historyBeforeLast(Filled f, DetectOptions o) {
        double[] v = f.values();
        int last = v.length - 1;
        boolean drawnToLast = o.imputeMode() == ImputeMode.AUTO || o.imputeMode() == ImputeMode.LINEAR;
        if (last < 1 || !f.imputed()[last - 1] || !drawnToLast) return v;
        int observed = last - 1;
        while (observed > 0 && f.imputed()[observed]) observed--;
        double[] out = v.clone();
        java.util.Arrays.fill(out, observed + 1, last, v[observed]);
        return out;
    }

    /** Same-phase weights of the cycles 1, 2 and 3 away, as Azure's engine's weighted fill. */
    private static final double[] CYCLE_WEIGHTS = {0.6, 0.3, 0.1};

    /**
     * Refills the gaps longer than 6 points or a quarter period (Azure's engine's "big gaps") with the
     * weighted mean of the same phase one to three cycles before and after, where observed; shorter gaps
     * keep their straight line. Returns {@code x} itself when there is no such gap. The points {@code spikes} marks are
     * left out of the means (see {@link #spikes}): Azure's engine fills a gap from them too, but then decomposes with
     * its outliers taken out first, the filled points among them; our decomposition takes its seasonal profile from the phases' medians,
     * which with a few cycles a spike copied into a gap moves: a spike of 500 over values near 2, copied with weight
     * 0.6 into a 33-day gap three cycles later, made half of a phase of four cycles and pulled its expected value to
     * 100, flagging the phase's two normal points.
     */
    static double[] seasonalGaps(double[] x, boolean[] imputed, int period, boolean[] spikes) {
        int n = x.length;
        double[] out = null;
        for (int[] gap : longGaps(imputed, period)) {
            if (out == null) out = x.clone();
            for (int k = gap[0]; k < gap[1]; k++) {
                double sum = 0, w = 0;
                for (int c = 1; c <= CYCLE_WEIGHTS.length; c++) {
                    for (int at : new int[]{k - c * period, k + c * period}) {
                        if (at >= 0 && at < n && !imputed[at] && !spikes[at]) {
                            sum += CYCLE_WEIGHTS[c - 1] * x[at];
                            w += CYCLE_WEIGHTS[c - 1];
                        }
                    }
                }
                if (w > 0) out[k] = sum / w;
            }
        }
        return out == null ? x : out;
    }

    /** Whether a gap of {@code length} points is one of Azure's engine's "big gaps": over 6 points or a quarter period. */
    static boolean longGap(int length, int period) {
        return length > 6 || length > period / 4.0;
    }

    /** Each run of imputed points that is a long gap ({@link #longGap}), as {@code [from, to)}. */
    private static java.util.List<int[]> longGaps(boolean[] imputed, int period) {
        java.util.List<int[]> gaps = new java.util.ArrayList<>();
        int n = imputed.length;
        for (int i = 0; i < n; ) {
            if (!imputed[i]) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && imputed[end]) end++;
            if (longGap(end - i, period)) gaps.add(new int[]{i, end});
            i = end;
        }
        return gaps;
    }

    /**
     * Redraws the straight line of imputeMode linear through each long gap ({@link #longGap}) beside a point
     * {@code spikes} marks: between the nearest observed points on either side that it does not mark (the one side's
     * value held when the other has none). A line drawn from the spike carried it into every filled point: 33 points
     * falling from a spike of 500 to a cycle around 20 moved the trend and the phases' profile, and the detector flagged
     * normal points beside the gap. Shorter gaps keep their line, as {@link #seasonalGaps} keeps them for auto. Returns
     * {@code x} itself when no gap is redrawn.
     */
    static double[] linearGaps(double[] x, boolean[] imputed, int period, boolean[] spikes) {
        int n = x.length;
        double[] out = null;
        for (int[] gap : longGaps(imputed, period)) {
            int i = gap[0], end = gap[1];
            if (!((i > 0 && spikes[i - 1]) || (end < n && spikes[end]))) continue; // beside no spike: its line stands
            int a = i - 1, b = end;
            while (a >= 0 && (imputed[a] || spikes[a])) a--;
            while (b < n && (imputed[b] || spikes[b])) b++;
            if (a < 0 && b >= n) continue;
            if (out == null) out = x.clone();
            for (int k = i; k < end; k++) {
                out[k] = a < 0 ? x[b] : b >= n ? x[a] : x[a] + (x[b] - x[a]) * (k - a) / (double) (b - a);
            }
        }
        return out == null ? x : out;
    }

    /**
     * The observed points that Azure's engine takes out as outliers before its seasonal decomposition: 3 standard
     * deviations or more from the mean of the series less its trend, unless their phase of the cycle holds them in
     * more than half of its cycles (then they are the pattern, not spikes).
     */
    static boolean[] spikes(double[] x, boolean[] imputed, double[] trend, int period) {
        int n = x.length;
        boolean[] out = new boolean[n];
        if (period < 2) return out;
        double sum = 0, sum2 = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (imputed[i]) continue;
            double d = x[i] - trend[i];
            sum += d;
            sum2 += d * d;
            c++;
        }
        if (c < 2) return out;
        double mean = sum / c, sd = Math.sqrt(Math.max(0, sum2 / c - mean * mean));
        if (!(sd > 0)) return out;
        int[] perPhase = new int[period];
        for (int i = 0; i < n; i++) {
            if (!imputed[i] && Math.abs(x[i] - trend[i] - mean) >= 3 * sd) {
                out[i] = true;
                perPhase[i % period]++;
            }
        }
        int cycles = c / period;
        for (int i = 0; i < n; i++) if (out[i] && perPhase[i % period] > cycles / 2) out[i] = false;
        return out;
    }
}
