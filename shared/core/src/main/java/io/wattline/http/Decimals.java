package io.wattline.http;

/** Numbers rounded to the decimals an answer shows them with. */
public final class Decimals {
    private static final double[] POWERS = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    private Decimals() {}

    /**
     * {@code v} rounded half up to {@code places} (0-9) decimals; a non-finite value as it is, and a value too large to
     * hold a fraction at that place (its scaled magnitude 2⁵² or more) unchanged, where {@code Math.round} would stop
     * at {@code Long.MAX_VALUE} (10¹³ kWh answered as 9.22·10¹²).
     */
    public static double round(double v, int places) {
        double f = POWERS[places], scaled = v * f;
        if (!Double.isFinite(scaled) || Math.abs(scaled) >= 0x1p52) return v;
        return Math.round(scaled) / f;
    }
}
