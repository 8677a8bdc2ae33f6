package io.wattline.analytics.kpi;

import io.wattline.domain.CarbonFactor;
import io.wattline.domain.Rollup;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * The KPI formulas of {@code spec/enms.md} applied to a period's {@link KpiTotals}.
 *
 * <ul>
 *   <li><b>SEC</b> = energy ÷ good units; null with a reason without production or without readings.</li>
 *   <li><b>Peak demand</b> = the highest mean power of a UTC-aligned 15-minute bucket (the demand
 *       interval of utility billing) that has ended and that the period cuts by at most a minute
 *       ({@link PeriodReader#demandInterval}): a bucket cut by more, or still filling, counts toward the totals only
 *       (as a meter bills demand); ties go to the earliest bucket.</li>
 *   <li><b>Average power</b> = mean of the readings' power (sample mean, so gaps in the meter data are
 *       not counted as zero load); <b>load factor</b> = average ÷ peak, always in [0, 1] for
 *       non-negative power.</li>
 *   <li><b>Energy cost</b> = Σ over 15-minute buckets of energy × the rate in force at the bucket's
 *       start in the factory's local time; the <b>demand charge</b>, billed monthly on the month's peak, = Σ over
 *       the period's local calendar months of demand rate × the month's peak within the period × the share of the
 *       month the period covers ({@link MonthlyPeaks}), reported on its own line; cost per unit = energy cost ÷
 *       good units.</li>
 *   <li><b>Carbon</b> = energy × the region's factor (default {@value CarbonFactor#DEFAULT_KG_PER_KWH}).</li>
 * </ul>
 * A reading belongs to the bucket holding its timestamp, as in the stored roll-ups.
 */
public final class Kpis {
    public static final String NO_PRODUCTION = "No production recorded in this period";
    public static final String NO_READINGS = "No energy readings in this period";
    /** Readings, but in no 15-minute interval of the period that has ended (cut by at most a minute): no demand to bill yet. */
    public static final String NO_DEMAND_INTERVAL = "No whole 15-minute interval of this period has ended: no peak demand yet";
    /** Beside a cost or carbon figure that stands: what is missing is its per-unit figure only (a voice read it as the cost's). */
    public static final String NO_PRODUCTION_PER_UNIT = NO_PRODUCTION + ": no figure per unit";
    public static final String NO_TARIFF = "No tariff configured for this factory";
    public static final String ZERO_PEAK = "Peak demand is zero";

    private Kpis() {}

    /**
     * Sums edge buckets, 15-minute roll-ups and day snapshots' totals into the period's totals.
     * Buckets are priced with {@code tou} (nullable when the factory has no tariff).
     */
    public static KpiTotals assemble(List<Rollup> buckets, List<KpiTotals> days, TouSchedule tou) {
        KpiTotals.Accumulator acc = new KpiTotals.Accumulator();
        for (Rollup b : buckets) acc.add(b, tou);
        for (KpiTotals d : days) acc.add(d);
        return acc.totals();
    }

    /**
     * The KPIs of {@code [start, end)}.
     *
     * @param peaks    the period's peak in each local month (for the demand charge)
     * @param tou      the factory's tariff in its zone, or null when it has none
     * @param currency the currency to name when there is no tariff (the factory's)
     * @param carbon   the region's factor, or null for the default
     */
    public static KpiResult compute(Instant start, Instant end, KpiTotals t, MonthlyPeaks peaks, TouSchedule tou, String currency,
                                    CarbonFactor carbon) {
        return compute(start, end, end, t, peaks, tou, currency, carbon);
    }

    /**
     * The KPIs of {@code [start, end)} as of {@code now}: the demand charge bills the share of each month the period
     * has covered so far, not the hours still to come (the rest of this month asked about today billed the whole
     * month's charge beside the energy of the days so far).
     */
    public static KpiResult compute(Instant start, Instant end, Instant now, KpiTotals t, MonthlyPeaks peaks, TouSchedule tou,
                                    String currency, CarbonFactor carbon) {
        return compute(start, end, now, t, peaks, tou, currency, carbon, PerUnitBasis.of(t));
    }

    /**
     * What the per-unit figures (SEC, cost and CO2 per unit) divide: the period's energy, energy cost and good units, or,
     * for a period that runs into an hour whose energy is metered but whose production count has not arrived (counts
     * posted at each hour's end), those of its hours before that one ({@code through}): "today's" SEC read 1.56
     * kWh/unit through each hour against 1.37 for the hours settled, and fell when the count landed.
     */
    public record PerUnitBasis(double energyKwh, double energyCost, long units, Instant through) {
        public static PerUnitBasis of(KpiTotals t) {
            return new PerUnitBasis(t.energyKwh(), t.energyCost(), t.production(), null);
        }

        /** The period's totals without the hour in progress ({@code hour}, starting at {@code through}) where it has energy and no units. */
        public static PerUnitBasis settled(KpiTotals period, KpiTotals hour, Instant through) {
            if (!io.wattline.domain.HourInProgress.awaitsItsCount(hour.energyKwh(), hour.production())) return of(period);
            return new PerUnitBasis(period.energyKwh() - hour.energyKwh(), period.energyCost() - hour.energyCost(),
                    period.production(), through);
        }
    }

    /** How far a period's demand charge bills: its end, or now for a period that has not ended. */
    private static Instant billedEnd(Instant start, Instant end, Instant now) {
        return end.isAfter(now) ? (now.isAfter(start) ? now : start) : end;
    }

    /**
     * The demand charge's months of {@code [start, end)} as of {@code now}: each local month's peak in {@code peaks}
     * billed at the rate in force on the month's first day (a tariff changed mid-month bills from the next), for the
     * share of the month the period has covered. One definition for a machine's charge and a factory's coincident one.
     */
    public static List<MonthlyPeaks.Month> demandMonths(Instant start, Instant end, Instant now, MonthlyPeaks peaks, TouSchedule tou) {
        return peaks.charges(start, billedEnd(start, end, now), m -> tou.tariffOn(m.atDay(1)).demandChargePerKw());
    }

    public static KpiResult compute(Instant start, Instant end, Instant now, KpiTotals t, MonthlyPeaks peaks, TouSchedule tou,
                                    String currency, CarbonFactor carbon, PerUnitBasis basis) {
        double hours = Duration.between(start, end).toNanos() / 3.6e12;
        boolean metered = t.samples() > 0;
        Double avg = metered ? t.avgPowerKw() : null;
        long units = basis.units();
        String through = basis.through() == null ? null : io.wattline.domain.HourInProgress.note(basis.through());

        KpiResult.Sec sec;
        if (!metered) sec = new KpiResult.Sec(null, NO_READINGS);
        else if (units <= 0) sec = new KpiResult.Sec(null, NO_PRODUCTION);
        else sec = new KpiResult.Sec(basis.energyKwh() / units, null, through);

        boolean peaked = metered && t.peakAt() != null; // a whole 15-minute interval that has ended, with readings
        KpiResult.Peak peak = peaked ? new KpiResult.Peak(t.peakKw(), t.peakAt(), peaks.zone(), null)
                : new KpiResult.Peak(null, null, peaks.zone(), metered ? NO_DEMAND_INTERVAL : NO_READINGS);

        KpiResult.LoadFactor lf;
        if (!metered) lf = new KpiResult.LoadFactor(null, null, NO_READINGS);
        else if (!peaked) lf = new KpiResult.LoadFactor(null, null, NO_DEMAND_INTERVAL);
        else if (t.peakKw() <= 0) lf = new KpiResult.LoadFactor(null, null, ZERO_PEAK);
        else {
            double ratio = avg / t.peakKw();
            lf = new KpiResult.LoadFactor(ratio, ratio * 100.0, null);
        }

        KpiResult.Cost cost;
        if (tou == null) {
            cost = new KpiResult.Cost(currency, null, java.util.Map.of(), 0, null, List.of(), null, null, NO_TARIFF, false);
        } else {
            Instant billedEnd = billedEnd(start, end, now);
            List<MonthlyPeaks.Month> months = metered ? demandMonths(start, end, now, peaks, tou) : List.of();
            // the rate shown: the period's last month's (billed so far), whether or not it has readings
            Instant last = billedEnd.isAfter(start) ? billedEnd.minusNanos(1) : start;
            double rate = tou.tariffOn(YearMonth.from(last.atZone(tou.zone())).atDay(1)).demandChargePerKw();
            double demand = months.stream().mapToDouble(MonthlyPeaks.Month::charge).sum();
            // per unit only where both were counted: units without readings are not units that cost nothing
            Double perUnit = metered && units > 0 ? basis.energyCost() / units : null;
            // without readings nothing was metered to price: no data, not 0.00 (production alone read as a free day)
            cost = metered ? new KpiResult.Cost(tou.currency(), t.energyCost(), t.bands(), rate, demand, months,
                    t.energyCost() + demand, perUnit, units > 0 ? null : NO_PRODUCTION_PER_UNIT, true)
                    : new KpiResult.Cost(tou.currency(), null, java.util.Map.of(), rate, null, List.of(), null, null, NO_READINGS, true);
        }

        String region = carbon == null ? null : carbon.region();
        double factor = carbon == null ? CarbonFactor.DEFAULT_KG_PER_KWH : carbon.kgCo2PerKwh();
        Double kg = metered ? t.energyKwh() * factor : null;
        KpiResult.Carbon co2 = new KpiResult.Carbon(region, factor, kg, metered && units > 0 ? basis.energyKwh() * factor / units : null);

        KpiResult.Totals totals = new KpiResult.Totals(metered ? t.energyKwh() : null, avg, t.production(), t.bad(), t.samples());
        // a period that runs into the future: the hours of it gone by ("today" at 04:45 is 4.75 hours, not 24)
        Double soFar = end.isAfter(now) ? Math.max(0, Duration.between(start, now).toNanos() / 3.6e12) : null;
        return new KpiResult(start, end, hours, totals, sec, peak, lf, cost, co2, soFar);
    }
}
