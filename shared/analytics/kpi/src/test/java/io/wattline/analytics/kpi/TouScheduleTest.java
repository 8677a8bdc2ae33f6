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

    /**
     * A holiday is billed as a Sunday: a weekday peak window does not apply on it (Thanksgiving, 2026-11-26, a Thursday),
     * and a snapshot priced before the day was made a holiday is priced again (its fingerprint changes; no other day's).
     */
    @Test
    void aHolidayIsBilledAsASunday() {
        Tariff.Window weekdays = new Tariff.Window("peak", EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0), LocalTime.of(21, 0), 0.25);
        Tariff plain = new Tariff(FACTORY, "USD", 0.10, List.of(weekdays), 15, null);
        Tariff withHoliday = new Tariff(FACTORY, "USD", 0.10, List.of(weekdays), 15, null, java.util.Set.of(LocalDate.of(2026, 11, 26)));
        TouSchedule before = new TouSchedule(List.of(plain), LA), after = new TouSchedule(List.of(withHoliday), LA);
        Instant thanksgivingNoon = LocalDate.of(2026, 11, 26).atTime(12, 0).atZone(LA).toInstant();
        assertEquals(0.25, before.rateAt(thanksgivingNoon));
        assertEquals(new TouSchedule.Rate(TouSchedule.BASE_BAND, 0.10), after.at(thanksgivingNoon));
        assertEquals(0.25, after.rateAt(thanksgivingNoon.plusSeconds(86_400)), "the day after is a working Friday");
        assertNotEquals(before.fingerprint(LocalDate.of(2026, 11, 26)), after.fingerprint(LocalDate.of(2026, 11, 26)));
        assertEquals(before.fingerprint(LocalDate.of(2026, 11, 27)), after.fingerprint(LocalDate.of(2026, 11, 27)));
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
