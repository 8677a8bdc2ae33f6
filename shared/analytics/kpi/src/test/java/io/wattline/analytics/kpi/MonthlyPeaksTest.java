package io.wattline.analytics.kpi;

import io.wattline.domain.Rollup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MonthlyPeaksTest {
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    static Instant la(String local) {
        return LocalDateTime.parse(local).atZone(LA).toInstant();
    }

    static KpiTotals quarter(String local, double kw) {
        return KpiTotals.ofBucket(new Rollup(la(local), kw / 4, kw, kw, 1, 0, 0), null);
    }

    @Test
    void aWholeMonthPaysItsChargeOnceAndAFewDaysTheirShare() {
        MonthlyPeaks p = new MonthlyPeaks(LA).add(quarter("2026-04-03T10:00", 80)).add(quarter("2026-04-20T10:00", 100));
        List<MonthlyPeaks.Month> whole = p.charges(la("2026-04-01T00:00"), la("2026-05-01T00:00"), month -> 15);
        assertEquals(List.of(new MonthlyPeaks.Month(YearMonth.of(2026, 4), 100, 1.0, 15, 1500)), whole);
        // three of April's thirty days: a tenth of the month's charge, not all of it
        assertEquals(150, p.charges(la("2026-04-10T00:00"), la("2026-04-13T00:00"), month -> 15).get(0).charge(), 1e-9);
    }

    @Test
    void monthsAreCutInLocalTimeAndADaylightSavingMonthHasItsOwnLength() {
        // 23:30 local on March 31 is April 1 in UTC: it belongs to March here
        MonthlyPeaks p = new MonthlyPeaks(LA).add(quarter("2026-03-31T23:30", 50)).add(quarter("2026-04-01T00:15", 40));
        List<MonthlyPeaks.Month> m = p.charges(la("2026-03-31T00:00"), la("2026-04-02T00:00"), month -> 10);
        assertEquals(List.of(YearMonth.of(2026, 3), YearMonth.of(2026, 4)), m.stream().map(MonthlyPeaks.Month::month).toList());
        // March 2026 in Los Angeles has 743 hours (the clocks go forward on the 8th), April 720
        assertEquals(24.0 / 743, m.get(0).shareOfMonth(), 1e-12);
        assertEquals(10 * 50 * 24.0 / 743, m.get(0).charge(), 1e-9);
        assertEquals(10 * 40 * 24.0 / 720, m.get(1).charge(), 1e-9);
    }

    @Test
    void aYearPaysTwelveMonthlyCharges() {
        MonthlyPeaks p = new MonthlyPeaks(LA);
        for (int month = 1; month <= 12; month++) p.add(quarter(String.format("2025-%02d-15T12:00", month), 100));
        double total = p.charges(la("2025-01-01T00:00"), la("2026-01-01T00:00"), month -> 15).stream()
                .mapToDouble(MonthlyPeaks.Month::charge).sum();
        assertEquals(12 * 1500, total, 1e-6);
    }
}
