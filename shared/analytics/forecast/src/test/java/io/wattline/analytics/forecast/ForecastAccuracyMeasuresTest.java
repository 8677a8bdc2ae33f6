package io.wattline.analytics.forecast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ForecastAccuracyMeasuresTest {
    /**
     * A machine that stood still half the held-out hours while forecast running: MAPE leaves those hours out (their
     * percentage error is unbounded) and reads 5 %; WAPE counts them, the share of the energy missed.
     */
    @Test
    void wapeCountsTheHoursMapeLeavesOut() {
        double[] actual = {40, 40, 0, 0}, forecast = {38, 42, 40, 40};
        Accuracy a = Accuracy.of(actual, new Forecast(forecast, forecast, forecast, 0.95));
        assertEquals(5.0, a.mape(), 1e-12);
        assertEquals(2, a.mapePoints());
        assertEquals(100 * (2 + 2 + 40 + 40) / 80.0, a.wape(), 1e-12);
        assertEquals(4, a.points());
    }
}
