package io.wattline.analytics.kpi;

import io.wattline.domain.Rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * One machine's KPI totals for one local day of its factory, written by the daily {@code kpi_calculate}
 * job (and by KPI reads for settled days that had none). Writing the same day again replaces it, so the
 * job is idempotent. The KPIs themselves (SEC, load factor, carbon, demand charge) are derived at read
 * time from the totals, so a period of many days is the {@link KpiTotals#plus sum} of its snapshots.
 *
 * @param zone              the factory time zone the day was cut in
 * @param start             the day's first instant (local midnight)
 * @param end               the next day's first instant (23, 24 or 25 hours later)
 * @param tariffFingerprint {@link TouSchedule#fingerprint} of the tariff that priced the day's energy, or
 *                          {@link TouSchedule#noTariffFingerprint}
 * @param computedAt        when the snapshot was computed
 */
public record DailyKpiSnapshot(UUID machineId, LocalDate date, String zone, Instant start, Instant end,
                               KpiTotals totals, String tariffFingerprint, Instant computedAt) {

    /** Computes a day from its 15-minute roll-ups (those starting in the day; others are ignored). */
    public static DailyKpiSnapshot compute(UUID machineId, LocalDate date, ZoneId zone, List<Rollup> quarters,
                                           TouSchedule tou, Instant now) {
        RangePlan.Span day = RangePlan.daySpan(date, zone);
        KpiTotals.Accumulator acc = new KpiTotals.Accumulator();
        for (Rollup q : quarters) {
            if (!q.bucket().isBefore(day.from()) && q.bucket().isBefore(day.to())) acc.add(q, tou);
        }
        return new DailyKpiSnapshot(machineId, date, zone.getId(), day.from(), day.to(), acc.totals(),
                fingerprint(tou, zone, date), now);
    }

    private static String fingerprint(TouSchedule tou, ZoneId zone, LocalDate date) {
        return tou == null ? TouSchedule.noTariffFingerprint(zone) : tou.fingerprint(date);
    }

    /** Whether this snapshot can stand for its day under the factory's current zone and tariffs. */
    public boolean usableWith(ZoneId zone, TouSchedule tou) {
        return this.zone.equals(zone.getId()) && tariffFingerprint.equals(fingerprint(tou, zone, date))
                && start.equals(RangePlan.dayStart(date, zone));
    }
}
