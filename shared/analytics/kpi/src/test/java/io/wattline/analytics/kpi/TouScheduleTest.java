package io.wattline.analytics.kpi;

import io.wattline.domain.Tariff;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TouScheduleTest {
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final UUID FACTORY = UUID.randomUUID();

    static Tariff tariff(double base, double peak, LocalDate from) {
        return new Tariff(FACTORY, "USD", base, List.of(new Tariff.Window("peak", EnumSet.allOf(DayOfWeek.class),
                LocalTime.of(16, 0), LocalTime.of(21, 0), peak)), 10, from);
    }

    @Test
    void aTariffTakesEffectAtLocalMidnightOfItsDay() {
        // listed out of order: the schedule orders them
        TouSchedule tou = new TouSchedule(List.of(tariff(0.12, 0.30, LocalDate.of(2026, 3, 1)), tariff(0.10, 0.25, null)), LA);
        // 2026-03-01 00:00 in Los Angeles is 08:00 UTC
        assertEquals(0.10, tou.rateAt(Instant.parse("2026-03-01T07:59:59Z")));
        assertEquals(0.12, tou.rateAt(Instant.parse("2026-03-01T08:00:00Z")));
        assertEquals(0.25, tou.rateAt(Instant.parse("2026-03-01T00:00:00Z")), "16:00 local on February 28th");
        assertEquals(0.30, tou.rateAt(Instant.parse("2026-03-02T01:00:00Z")), "17:00 local on March 1st");
        assertEquals("peak", tou.bandAt(Instant.parse("2026-03-02T01:00:00Z")));
        // a day's fingerprint is its own tariff's: adding a version leaves earlier days' snapshots standing
        TouSchedule before = new TouSchedule(tariff(0.10, 0.25, null), LA);
        assertEquals(before.fingerprint(LocalDate.of(2026, 2, 28)), tou.fingerprint(LocalDate.of(2026, 2, 28)));
        assertNotEquals(before.fingerprint(LocalDate.of(2026, 3, 1)), tou.fingerprint(LocalDate.of(2026, 3, 1)));
    }

    @Test
    void theEarliestTariffAlsoPricesTheDaysBeforeIt() {
        TouSchedule tou = new TouSchedule(List.of(tariff(0.12, 0.30, LocalDate.of(2026, 3, 1)), tariff(0.15, 0.40, LocalDate.of(2026, 6, 1))), LA);
        assertEquals(0.12, tou.rateAt(Instant.parse("2025-01-01T12:00:00Z")));
        assertEquals(0.12, tou.tariffOn(LocalDate.of(2026, 5, 31)).baseRate());
        assertEquals(0.15, tou.tariffOn(LocalDate.of(2026, 6, 1)).baseRate());
        assertNull(TouSchedule.of(List.of(), LA));
    }
}
