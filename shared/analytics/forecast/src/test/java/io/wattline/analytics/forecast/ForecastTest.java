package io.wattline.analytics.forecast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ForecastTest {
    private final Forecast f = new Forecast(new double[]{10, 20}, new double[]{9, 18}, new double[]{11, 22}, 0.95);

    @Test
    void heldBetweenAFloorAndACeilingEveryValueAndBound() {
        Forecast capped = f.atMost(19);
        assertArrayEquals(new double[]{10, 19}, capped.mean());
        assertArrayEquals(new double[]{9, 18}, capped.lower());
        assertArrayEquals(new double[]{11, 19}, capped.upper());
        Forecast floored = f.atLeast(9.5);
        assertArrayEquals(new double[]{9.5, 18}, floored.lower());
        assertArrayEquals(new double[]{10, 20}, floored.mean());
    }

    @Test
    void aConfidenceAHairUnderOneGivesTheWidestIntervalADoubleHolds() {
        // 0.5 + 0.9999999999999999 / 2 rounds to 1.0, where the quantile is infinite: the API answered 500
        double z = Normal.twoSided(0.9999999999999999);
        org.junit.jupiter.api.Assertions.assertTrue(Double.isFinite(z) && z > 8, "z " + z);
        org.junit.jupiter.api.Assertions.assertEquals(1.959964, Normal.twoSided(0.95), 1e-6);
        Decomposition.Model flat = new Decomposition.Model(Decomposition.Mode.ADDITIVE, "UTC", 0, 1, new double[0],
                new double[]{10, 0}, new double[0], 1, 100);
        Forecast wide = flat.forecast(new long[1], 0.9999999999999999);
        org.junit.jupiter.api.Assertions.assertEquals(10 + z, wide.upper()[0], 1e-9);
    }
}
