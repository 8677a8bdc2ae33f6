package io.wattline.analytics.kpi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every KPI of one machine over one period, unrounded. A value that cannot be computed is null and
 * carries a reason (never a division by zero).
 */
public record KpiResult(Instant start, Instant end, double hours, Totals totals, Sec sec, Peak peak,
                        LoadFactor loadFactor, Cost cost, Carbon carbon, Double hoursSoFar) {

    /**
     * @param energyKwh  Σ the readings' energy (null without readings: no data is not 0 kWh, as the comparison and the
     *                   404 of a period without data say)
     * @param avgPowerKw mean of the readings' power (null without readings)
     * @param samples    readings in the period
     */
    public record Totals(Double energyKwh, Double avgPowerKw, long productionUnits, long badUnits, long samples) {}

    /** Specific energy consumption, kWh per good unit. */
    /** {@code note}: what the value counts where that is not the whole period ({@link Kpis.PerUnitBasis}). */
    public record Sec(Double value, String reason, String note) {
        public Sec(Double value, String reason) {
            this(value, reason, null);
        }
    }

    /**
     * The highest 15-minute mean power, the start of its 15 minutes, and the factory's zone to say it in; {@code reason}:
     * why there is no peak (null with one).
     */
    public record Peak(Double valueKw, Instant at, java.time.ZoneId zone, String reason) {
        /** When the peak began on the factory's clock (ISO local date-time, to the second), or null without one. */
        public String localTimestamp() {
            return at == null ? null : java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                    java.time.LocalDateTime.ofInstant(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), zone));
        }
    }

    /** Mean power ÷ peak demand. */
    public record LoadFactor(Double ratio, Double percent, String reason) {}

    /**
     * @param energyCost       Σ energy × time-of-use rate (the energy charge)
     * @param bands            the energy charge per tariff band
     * @param demandChargePerKw the demand rate of the period's last month (as far as it has run; 0 when the tariff has none)
     * @param demandCharge     Σ over the period's local months of demand rate × the month's peak × the share of the
     *                         month the period covers, on its own line
     * @param demandMonths     those months' parts (empty without a tariff or readings)
     * @param totalCost        energy charge + demand charge
     * @param costPerUnit      energy charge ÷ good units
     * @param reason           why a value is null (no tariff, no readings, no production): words for the reader
     * @param priced           whether the factory has a tariff to price with: the fact the views decide on, not the
     *                         reason's wording (a rate of 0 with a tariff is a tariff without demand charge, not none)
     */
    public record Cost(String currency, Double energyCost, Map<String, KpiTotals.Band> bands, double demandChargePerKw,
                       Double demandCharge, List<MonthlyPeaks.Month> demandMonths, Double totalCost,
                       Double costPerUnit, String reason, boolean priced) {}

    /** Emissions: energy × the region's factor (null without readings), and per good unit. */
    public record Carbon(String region, double factorKgPerKwh, Double kgCo2, Double perUnit) {}
}
