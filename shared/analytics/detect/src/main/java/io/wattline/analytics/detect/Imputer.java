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
}
