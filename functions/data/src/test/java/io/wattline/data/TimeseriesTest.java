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

    /** A local day sums its parts, 25 hours on the day Los Angeles leaves summer time, labelled by its local midnight. */
    @Test
    void localDaysSumTheirHoursAcrossAClockChange() {
        java.time.ZoneId la = java.time.ZoneId.of("America/Los_Angeles");
        Instant first = Instant.parse("2026-10-31T07:00:00Z"); // Saturday 00:00 in Los Angeles (-07:00)
        List<Rollup> hours = new java.util.ArrayList<>();
        for (int h = 0; h < 24 + 25 + 24; h++) hours.add(bucket(first.plus(Duration.ofHours(h)), 1, 10));
        List<Timeseries.Day> days = Timeseries.byLocalDay(hours, r -> r.production() / 2.0, la);
        assertEquals(List.of(first, Instant.parse("2026-11-01T07:00:00Z"), Instant.parse("2026-11-02T08:00:00Z")),
                days.stream().map(d -> d.rollup().bucket()).toList());
        assertEquals(List.of(24.0, 25.0, 24.0), days.stream().map(d -> d.rollup().energyKwh()).toList());
        assertEquals(List.of(120.0, 125.0, 120.0), days.stream().map(Timeseries.Day::units).toList());
        assertEquals(0.2, Metric.SEC.value(days.get(1).rollup(), days.get(1).units()), 1e-12, "the day's energy over its units");
    }

    @Test
    void aZoneOffsetByHalfAnHourIsSummedFromQuarters() {
        Instant a = Instant.parse("2026-01-01T00:00:00Z"), b = Instant.parse("2026-12-31T00:00:00Z");
        assertEquals(io.wattline.domain.Interval.MIN15, Timeseries.part(java.time.ZoneId.of("Asia/Kolkata"), a, b));
        assertEquals(io.wattline.domain.Interval.HOUR1, Timeseries.part(java.time.ZoneId.of("Europe/Berlin"), a, b));
        // Lord Howe Island moves its clocks by half an hour: +10:30 in winter, +11:00 in summer
        java.time.ZoneId lordHowe = java.time.ZoneId.of("Australia/Lord_Howe");
        assertEquals(io.wattline.domain.Interval.MIN15, Timeseries.part(lordHowe, Instant.parse("2026-01-01T00:00:00Z"), b));
        assertEquals(io.wattline.domain.Interval.HOUR1, Timeseries.part(lordHowe, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-05T00:00:00Z")), "summer time only: +11:00, whole hours");
        assertEquals(false, Timeseries.localDays(io.wattline.domain.Interval.DAY1, java.time.ZoneId.of("UTC")));
        assertEquals(false, Timeseries.localDays(io.wattline.domain.Interval.HOUR1, java.time.ZoneId.of("Europe/Berlin")));
    }
}
