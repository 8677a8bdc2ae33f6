package io.wattline.forecasting;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastAccuracyTest {
    /** A forecast's first hour two days after the history of {@link #metadata} ended. */
    static final Instant SOON = Instant.parse("2026-10-31T00:00:00Z");
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
        ForecastViews.Accuracy poor = ForecastViews.Accuracy.of(metadata(-1.12, 0.524), true, false, SOON);
        assertEquals("This model forecast its last 168 training hours poorly (R² -1.12 on its held-out hours (no better than"
                + " their mean); its 95 % interval held 52 % of them): treat the figures with caution, retrain it, or ask"
                + " without model_type for the default that did better", poor.warning());
        assertEquals(-1.12, poor.rSquared());
        // asked without model_type, it already is the default that did better: no advice to ask that way
        assertEquals("This model forecast its last 168 training hours poorly (R² -1.12 on its held-out hours (no better than"
                + " their mean); its 95 % interval held 52 % of them): treat the figures with caution, retrain it on more or"
                + " more recent history (no other trained model did better on those hours)",
                ForecastViews.Accuracy.of(metadata(-1.12, 0.524), false, false, SOON).warning());
        assertNull(ForecastViews.Accuracy.of(metadata(0.81, 0.95), false, false, SOON).warning());
        assertNull(ForecastViews.Accuracy.of(metadata(null, 0.9), true, false, SOON).warning(), "unknown R² (older models) warns of nothing");
    }

    /**
     * The default compares the models' errors only where they were tested on the same hours: an ARIMA trained on six
     * holiday days (28 idle held-out hours, MAPE 1.9 %) was chosen over a prophet tested on the last busy week (44 %)
     * and forecast the conveyor idle on a working Tuesday (32.5 kWh against 220 by the prophet and 217-254 measured).
     */
    @Test
    void modelsTestedOnDifferentHoursAreChosenByTheRecencyOfTheirData() {
        ForecastMetadata holiday = new ForecastMetadata("arima", "arima", 144, 28, 1.92, 0.1, 0.9,
                Instant.parse("2026-11-23T08:00:00Z"), Instant.parse("2026-11-29T08:00:00Z"), 0.2, 22.0, 1.2, null, 2.0, 28);
        ForecastMetadata lastMonth = new ForecastMetadata("prophet", "prophet additive", 720, 146, 44.23, 5.1, 0.93,
                Instant.parse("2026-11-07T00:00:00Z"), Instant.parse("2026-12-07T14:00:00Z"), 0.6, 22.0, 1.2, null, 30.0, 146);
        assertFalse(ForecastMetadata.comparable(holiday, lastMonth));
        assertTrue(ForecastMetadata.preferred(holiday, lastMonth) > 0, "the prophet, trained on the newer data");
        assertTrue(ForecastMetadata.preferred(lastMonth, holiday) < 0);
        // the same history (tails of 143 and 146 hours ending together): by their errors, as before
        ForecastMetadata arima = new ForecastMetadata("arima", "arima", 720, 143, 30.0, 5.0, 0.95,
                Instant.parse("2026-11-07T00:00:00Z"), Instant.parse("2026-12-07T14:00:00Z"), 0.6, 22.0, 1.2, null, 28.0, 143);
        assertTrue(ForecastMetadata.comparable(arima, lastMonth));
        assertTrue(ForecastMetadata.preferred(arima, lastMonth) < 0, "the lower MAPE on the same hours");
        // a tail a day older shares 122 of 146 hours (84 %): still comparable; two days older (67 %): not
        ForecastMetadata dayOlder = new ForecastMetadata("arima", "arima", 720, 146, 30.0, 5.0, 0.95,
                Instant.parse("2026-11-06T00:00:00Z"), Instant.parse("2026-12-06T14:00:00Z"), 0.6, 22.0, 1.2, null, 28.0, 146);
        assertTrue(ForecastMetadata.comparable(dayOlder, lastMonth));
        ForecastMetadata twoDaysOlder = new ForecastMetadata("arima", "arima", 720, 146, 30.0, 5.0, 0.95,
                Instant.parse("2026-11-05T00:00:00Z"), Instant.parse("2026-12-05T14:00:00Z"), 0.6, 22.0, 1.2, null, 28.0, 146);
        assertFalse(ForecastMetadata.comparable(twoDaysOlder, lastMonth));
        assertTrue(ForecastMetadata.preferred(twoDaysOlder, lastMonth) > 0);
        // the same history held out for 30 and 84 hours (a 420-hour history: the ARIMA's minimum fit leaves it 30): not
        // comparable, but neither model's data is newer, so by their errors, and not said to be by recency
        ForecastMetadata shortTail = new ForecastMetadata("arima", "arima", 420, 30, 50.0, 5.0, 0.95,
                Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-12-07T14:00:00Z"), 0.6, 22.0, 1.2, null, 40.0, 30);
        assertFalse(ForecastMetadata.comparable(shortTail, lastMonth));
        assertFalse(ForecastMetadata.byRecency(shortTail, lastMonth));
        assertTrue(ForecastMetadata.preferred(shortTail, lastMonth) > 0, "by MAPE: 44.23 before 50");
        // chosen so, a poor default says why it is the default
        ForecastMetadata poorHoliday = new ForecastMetadata("prophet", "prophet additive", 144, 28, 80.0, 9.0, 0.5,
                Instant.parse("2026-11-23T08:00:00Z"), Instant.parse("2026-11-29T08:00:00Z"), -0.4, 22.0, 1.2, null, 60.0, 28);
        assertEquals("This model forecast its last 28 training hours poorly (R² -0.4 on its held-out hours (no better than"
                + " their mean); its 95 % interval held 50 % of them): treat the figures with caution, retrain it on more or"
                + " more recent history (it is the default as the model trained on the more recent data)",
                ForecastViews.Accuracy.of(poorHoliday, false, true, Instant.parse("2026-11-30T00:00:00Z")).warning());
    }

    /** A model whose history ended over a week before the forecast says so, and when it ended (a hunt: 17 days, +50 %). */
    @Test
    void aModelTrainedOnOldDataSaysSo() {
        ForecastViews.Accuracy stale = ForecastViews.Accuracy.of(metadata(0.81, 0.95), false, false,
                Instant.parse("2026-11-15T09:00:00Z"));
        assertEquals(Instant.parse("2026-10-29T00:00:00Z"), stale.dataEnd());
        assertEquals("This model learnt from data up to 2026-10-29T00:00:00+00:00, 17 days before this forecast: the"
                + " machine's level may have moved since; retrain it on recent history", stale.warning());
        assertNull(ForecastViews.Accuracy.of(metadata(0.81, 0.95), false, false, Instant.parse("2026-11-05T00:00:00Z"))
                .warning(), "exactly a week: not yet");
    }

    /** An hour is priced at the running power, unless the forecast lies above it by more than its error: then at it. */
    @Test
    void anHourIsPricedAtTheRunningPowerOrAForecastWellAboveIt() {
        assertEquals(112.4, SchedulePlanner.operatingPower(135.6 - 30, 112.4, 17), 1e-12, "within its error: noise");
        assertEquals(135.6, SchedulePlanner.operatingPower(135.6, 112.4, 17), 1e-12, "well above: the forecast, not 118.6");
        assertEquals(66.9, SchedulePlanner.operatingPower(40, 66.9, 5), 1e-12, "below: an hour run in part");
    }
}
