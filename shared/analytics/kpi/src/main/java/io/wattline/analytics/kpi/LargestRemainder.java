package io.wattline.analytics.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Hamilton's largest-remainder rounding: rounds non-negative shares to a number of decimals so that
 * they add up to exactly a given total (e.g. percentages to 100.00, or child values to their parent's
 * rounded value). Each share is its exact value rounded down or up by one unit; the units left over go
 * to the largest remainders, ties to the earlier share.
 */
public final class LargestRemainder {
    private LargestRemainder() {}

    /**
     * @param exact    the exact shares (non-negative)
     * @param total    the sum the rounded shares must have, already on {@code decimals}
     * @param decimals decimals of the result
     */
    public static double[] round(double[] exact, double total, int decimals) {
        int n = exact.length;
        double[] out = new double[n];
        if (n == 0) return out;
        double scale = Math.pow(10, decimals);
        long target = Math.round(total * scale);
        long[] units = new long[n];
        double[] rem = new double[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            double v = Math.max(0, exact[i]) * scale;
            units[i] = (long) Math.floor(v + 1e-9); // a share that is a whole number of units stays put
            rem[i] = v - units[i];
            sum += units[i];
        }
        long left = target - sum;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        if (left > 0) {
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -rem[i]).thenComparingInt(i -> i));
            for (int k = 0; left > 0; k = (k + 1) % n, left--) units[order[k]]++;
        } else if (left < 0) {
            // only when the target is below the sum of floors (a parent rounded down): take from the smallest remainders
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> rem[i]).thenComparingInt(i -> -i));
            for (int k = 0; left < 0; k = (k + 1) % n) {
                if (units[order[k]] > 0) {
                    units[order[k]]--;
                    left++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] = BigDecimal.valueOf(units[i]).movePointLeft(decimals).setScale(decimals, RoundingMode.UNNECESSARY).doubleValue();
        }
        return out;
    }

    /** Percentages of {@code parts} in their sum, to {@code decimals}, adding up to 100 (all 0 when the sum is 0). */
    public static double[] percentages(double[] parts, int decimals) {
        double sum = 0;
        for (double p : parts) sum += Math.max(0, p);
        if (sum <= 0) return new double[parts.length];
        double[] shares = new double[parts.length];
        for (int i = 0; i < parts.length; i++) shares[i] = Math.max(0, parts[i]) / sum * 100.0;
        return round(shares, 100.0, decimals);
    }

    /** Rounds a value half-up to {@code decimals} (the wire precision of a total). */
    public static double roundHalfUp(double v, int decimals) {
        if (!Double.isFinite(v)) return v;
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
