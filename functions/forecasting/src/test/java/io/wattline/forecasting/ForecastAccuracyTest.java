package io.wattline.forecasting;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ForecastAccuracyTest {
    static ForecastMetadata metadata(Double rSquared, double coverage) {
        return new ForecastMetadata("prophet", "prophet additive", 672, 168, 16.44, 23.722, coverage,
                Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-29T00:00:00Z"), rSquared, 120.0, 3.0, null, null, null);
    }

    static ForecastMetadata scored(double mape, Double wape, Integer mapeHours) {
        return new ForecastMetadata("arima", "arima", 672, 168, mape, 10, 0.95, Instant.parse("2026-10-01T00:00:00Z"),
                Instant.parse("2026-10-29T00:00:00Z"), 0.5, 120.0, 3.0, null, wape, mapeHours);
    }

    /**
     * The default model is the one with the lower held-out MAPE where MAPE counted nearly every hour of both, else the
     * one that missed less of the energy (WAPE): a pump that stood still for 80 of the 168 held-out hours, forecast
     * running, scored a MAPE of 2.2 % on the others.
     */
    @Test
    void theDefaultIsChosenByMapeWhereItCountedTheHoursElseByWape() {
        assertEquals(true, ForecastMetadata.compare(scored(2.2, 48.0, 88), scored(5.0, 6.0, 168)) > 0, "MAPE left 80 hours out");
        assertEquals(true, ForecastMetadata.compare(scored(4.0, 9.0, 168), scored(5.0, 6.0, 160)) < 0, "MAPE counted both");
        assertEquals(true, ForecastMetadata.compare(scored(4.0, null, null), scored(5.0, 1.0, 100)) < 0,
                "a model trained before WAPE was kept: by MAPE");
        assertEquals(true, ForecastMetadata.compare(scored(Double.NaN, null, null), scored(50.0, null, null)) > 0);
    }

    /** A served forecast whose model did poorly on its held-out hours says so (R² −1.12, coverage 52 % in a hunt). */
    @Test
    void aPoorModelsForecastCarriesAWarning() {
        ForecastViews.Accuracy poor = ForecastViews.Accuracy.of(metadata(-1.12, 0.524), true);
        assertEquals("This model forecast its last 168 training hours poorly (R² -1.12 on its held-out hours (no better than"
                + " their mean); its 95 % interval held 52 % of them): treat the figures with caution, retrain it, or ask"
                + " without model_type for the default that did better", poor.warning());
        assertEquals(-1.12, poor.rSquared());
        // asked without model_type, it already is the default that did better: no advice to ask that way
        assertEquals("This model forecast its last 168 training hours poorly (R² -1.12 on its held-out hours (no better than"
                + " their mean); its 95 % interval held 52 % of them): treat the figures with caution, retrain it on more or"
                + " more recent history (no other trained model did better on those hours)",
                ForecastViews.Accuracy.of(metadata(-1.12, 0.524), false).warning());
        assertNull(ForecastViews.Accuracy.of(metadata(0.81, 0.95), false).warning());
        assertNull(ForecastViews.Accuracy.of(metadata(null, 0.9), true).warning(), "unknown R² (older models) warns of nothing");
    }

    /** An hour is priced at the running power, unless the forecast lies above it by more than its error: then at it. */
    @Test
    void anHourIsPricedAtTheRunningPowerOrAForecastWellAboveIt() {
        assertEquals(112.4, SchedulePlanner.operatingPower(135.6 - 30, 112.4, 17), 1e-12, "within its error: noise");
        assertEquals(135.6, SchedulePlanner.operatingPower(135.6, 112.4, 17), 1e-12, "well above: the forecast, not 118.6");
        assertEquals(66.9, SchedulePlanner.operatingPower(40, 66.9, 5), 1e-12, "below: an hour run in part");
    }
}
