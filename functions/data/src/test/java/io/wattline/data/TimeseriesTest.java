package io.wattline.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wattline.data.Timeseries.Metric;
import io.wattline.data.Views.DataPoint;
import io.wattline.domain.Rollup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Production is attributed at hourly resolution: sub-hour buckets get their share of their hour's units. */
class TimeseriesTest {
    static final Instant H = Instant.parse("2025-10-14T10:00:00Z");
    static final Map<Instant, Long> HOURLY = Map.of(H, 300L);
    static final Duration QUARTER = Duration.ofMinutes(15), MINUTE = Duration.ofMinutes(1);

    static Instant at(int minutes) {
        return H.plus(Duration.ofMinutes(minutes));
    }

    static Rollup bucket(Instant at, double kwh, long unitsStampedInside) {
        return new Rollup(at, kwh, kwh * 60, kwh * 60, 15, unitsStampedInside, 0);
    }

    @Test
    void aQuarterGetsAQuarterOfItsHoursUnitsAndAMinuteASixtieth() {
        for (int q = 0; q < 4; q++) assertEquals(75, Timeseries.units(at(15 * q), QUARTER, H, at(60), HOURLY), 1e-12);
        assertEquals(5, Timeseries.units(at(37), MINUTE, H, at(60), HOURLY), 1e-12);
    }

    @Test
    void aBucketCutByTheRangeGetsThePartOfTheHourItCovers() {
        assertEquals(40, Timeseries.units(H, QUARTER, at(7), at(60), HOURLY), 1e-12); // 8 of 60 minutes
        assertEquals(25, Timeseries.units(at(45), QUARTER, H, at(50), HOURLY), 1e-12);
    }

    @Test
    void aBucketWhoseHourHasNoProductionHasNoSec() {
        assertEquals(0, Timeseries.units(at(60), QUARTER, H, at(120), HOURLY));
        List<DataPoint> sec = Timeseries.points(List.of(bucket(at(60), 10, 0)), Metric.SEC,
                r -> Timeseries.units(r.bucket(), QUARTER, H, at(120), HOURLY));
        assertEquals(List.of(), sec);
    }

    /** The whole hour's count is stamped in the first quarter; the four quarters still average to the hour's SEC. */
    @Test
    void theQuartersSecAverageToTheHours() {
        double[] kwh = {10, 11, 9.5, 10.5};
        List<Rollup> quarters = List.of(bucket(at(0), kwh[0], 300), bucket(at(15), kwh[1], 0), bucket(at(30), kwh[2], 0),
                bucket(at(45), kwh[3], 0));
        List<DataPoint> sec = Timeseries.points(quarters, Metric.SEC,
                r -> Timeseries.units(r.bucket(), QUARTER, H, at(60), HOURLY));
        assertEquals(4, sec.size());
        double hourSec = (kwh[0] + kwh[1] + kwh[2] + kwh[3]) / 300;
        double sum = 0;
        for (int q = 0; q < 4; q++) {
            assertEquals(kwh[q] / 75, sec.get(q).value(), 1e-6);
            sum += sec.get(q).value();
        }
        assertEquals(hourSec, sum / 4, 1e-6);
    }

    @Test
    void bucketsOfAnHourOrMoreDivideByTheCountsTheyHold() {
        Rollup hour = bucket(H, 41, 300);
        assertEquals(List.of(new DataPoint(H, Timeseries.round6(41.0 / 300), "kWh/unit")),
                Timeseries.points(List.of(hour), Metric.SEC));
        assertEquals(List.of(new DataPoint(H, 41.0, "kWh")), Timeseries.points(List.of(hour), Metric.ENERGY));
    }

    @Test
    void aHugeReadingIsAnsweredAsStoredNotCutByTheRounding() {
        // ingestion accepts up to 1e15; rounding to six decimals through a long stopped at 9.223372036854775E12
        Rollup hour = bucket(H, 1e13, 300);
        assertEquals(List.of(new DataPoint(H, 1e13, "kWh")), Timeseries.points(List.of(hour), Metric.ENERGY));
    }
}
