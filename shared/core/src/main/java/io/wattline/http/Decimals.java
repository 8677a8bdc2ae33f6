package io.wattline.http;

/**
 * Numbers rounded to the decimals an answer shows them with, per point of a series (fast: no BigDecimal per value).
 * Totals and shares that must add up as written are rounded in decimal by {@code LargestRemainder} instead.
 */
public final class Decimals {
    private static final double[] POWERS = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    private Decimals() {}

    /**
     * {@code v} rounded to {@code places} decimals as {@code Math.round} rounds (halves toward positive infinity, on
     * the binary value); a non-finite value as it is, and a value too large to hold a fraction at that place (its
     * scaled magnitude 2⁵² or more) unchanged, where {@code Math.round} would stop at {@code Long.MAX_VALUE} (10¹³ kWh
     * answered as 9.22·10¹²).
     */
    public static double round(double v, int places) {
        double f = places >= 0 && places < POWERS.length ? POWERS[places] : Math.pow(10, places), scaled = v * f;
        if (!Double.isFinite(scaled) || Math.abs(scaled) >= 0x1p52) return v;
        return Math.round(scaled) / f;
    }
}
