package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GranularityTest {

    static Optional<Granularity.Grid> grid(Granularity g, int interval) {
        return Optional.of(new Granularity.Grid(g, interval));
    }

    @Test
    void aStepIsCountedInTheLongestUnitItIsAWholeNumberOf() {
        assertEquals(grid(Granularity.MINUTELY, 5), Granularity.ofStep(Duration.ofMinutes(5)));
        assertEquals(grid(Granularity.HOURLY, 1), Granularity.ofStep(Duration.ofHours(1)));
        assertEquals(grid(Granularity.MINUTELY, 90), Granularity.ofStep(Duration.ofMinutes(90)));
        assertEquals(grid(Granularity.DAILY, 1), Granularity.ofStep(Duration.ofDays(1)));
        assertEquals(grid(Granularity.WEEKLY, 1), Granularity.ofStep(Duration.ofDays(7)));
        assertEquals(grid(Granularity.WEEKLY, 2), Granularity.ofStep(Duration.ofDays(14)));
        assertEquals(grid(Granularity.SECONDLY, 90), Granularity.ofStep(Duration.ofSeconds(90)));
        assertEquals(grid(Granularity.MICROSECOND, 1500), Granularity.ofStep(Duration.ofMillis(1500)));
        // the steps between consecutive months (28 days is four weeks) and years
        assertEquals(grid(Granularity.MONTHLY, 1), Granularity.ofStep(Duration.ofDays(31)));
        assertEquals(grid(Granularity.MONTHLY, 1), Granularity.ofStep(Duration.ofDays(30)));
        assertEquals(grid(Granularity.WEEKLY, 4), Granularity.ofStep(Duration.ofDays(28)));
        assertEquals(grid(Granularity.YEARLY, 1), Granularity.ofStep(Duration.ofDays(365)));
        // no grid: under a millisecond, or not a whole number of them
        assertEquals(Optional.empty(), Granularity.ofStep(Duration.ofNanos(1_500_000)));
        assertEquals(Optional.empty(), Granularity.ofStep(Duration.ofNanos(500)));
        assertEquals(Optional.empty(), Granularity.ofStep(Duration.ZERO));
    }

    @Test
    void theMedianStepIgnoresAFewMissingOrLatePoints() {
        List<TimePoint> s = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 100; i++) {
            if (i >= 40 && i < 50) continue; // fifty minutes missing
            s.add(new TimePoint(t0.plusSeconds(300L * i + (i == 70 ? 17 : 0)), i)); // one point 17 s late
        }
        assertEquals(Optional.of(Duration.ofMinutes(5)), Granularity.medianStep(s));
        assertEquals(Optional.empty(), Granularity.medianStep(List.of(TimePoint.of(1), TimePoint.of(2))));
        assertEquals(Optional.empty(), Granularity.medianStep(s.subList(0, 1)));
    }
}
