package io.wattline.kpi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.wattline.analytics.kpi.Comparison;
import io.wattline.analytics.kpi.Heatmap;
import io.wattline.analytics.kpi.KpiResult;
import io.wattline.analytics.kpi.KpiTotals;
import io.wattline.analytics.kpi.Kpis;
import io.wattline.analytics.kpi.LargestRemainder;
import io.wattline.analytics.kpi.MonthlyPeaks;
import io.wattline.analytics.kpi.Sankey;
import io.wattline.domain.Department;
import io.wattline.domain.DomainException;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON bodies of the KPI context, field for field as the original EnMS named them (snake_case on
 * the wire), plus additive fields (a {@code reason} beside a null value, the demand charge, tariff
 * bands). Values are rounded on the wire only: kWh, kW, kg and ratios to 4 decimals, percentages and
 * money to 2, per-unit money to 4. The mapper writes nulls; a {@code reason} (or a {@code note}) is
 * left out when there is nothing to explain, so those components are {@code NON_NULL}. Dates are
 * written as ISO strings ({@code 2025-10-14}): the mapper formats instants only.
 */
final class KpiViews {
    private KpiViews() {}

    static Double r(Double v, int decimals) {
        if (v == null || !Double.isFinite(v)) return null;
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    static final String SEC_UNIT = "kWh/unit";
    static final String SEC_DESCRIPTION = "Specific Energy Consumption";
    static final String PEAK_UNIT = "kW";
    static final String PEAK_DESCRIPTION = "Maximum Power Demand";
    /** Peak demand is the highest mean power over a 15-minute demand interval. */
    static final int PEAK_INTERVAL_MINUTES = 15;
    static final String LOAD_FACTOR_UNIT = "ratio";
    static final String LOAD_FACTOR_DESCRIPTION = "Average/Peak Power Ratio";
    static final String COST_DESCRIPTION = "Total Energy Cost (Time-of-Use Tariff)";
    static final String DEMAND_CHARGE_DESCRIPTION =
            "Demand Charge (rate x each local month's peak 15-minute demand, in proportion to the share of the month the period covers)";
    static final String CARBON_UNIT = "kg CO2";
    static final String CARBON_DESCRIPTION = "Total Carbon Emissions";

    /**
     * The period asked for and its length in hours; {@code hours_so_far} (an extension): for a period that has not
     * ended, its hours gone by (the figures cover those).
     */
    record TimePeriod(Instant start, Instant end, Double hours, @JsonInclude(JsonInclude.Include.NON_NULL) Double hoursSoFar) {
        static TimePeriod of(KpiResult k) {
            return new TimePeriod(k.start(), k.end(), r(k.hours(), 4), k.hoursSoFar() == null ? null : r(k.hoursSoFar(), 4));
        }
    }

    // ------------------------------------------------------------------ the KPI blocks
    // Each KPI has two shapes, as in the original EnMS: inside /kpi/all with a description, and on its
    // own route with the totals it was computed from instead.

    record Sec(Double value, String unit, String description, @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
               @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
        static Sec of(KpiResult k) {
            return new Sec(r(k.sec().value(), 4), SEC_UNIT, SEC_DESCRIPTION, k.sec().reason(), k.sec().note());
        }
    }

    /** {@code note}: where SEC counts fewer hours than {@code total_energy} (the hour in progress without its count). */
    record SecDetail(Double value, String unit, Double totalEnergy, long totalProduction,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
        static SecDetail of(KpiResult k) {
            return new SecDetail(r(k.sec().value(), 4), SEC_UNIT, r(k.totals().energyKwh(), 4),
                    k.totals().productionUnits(), k.sec().reason(), k.sec().note());
        }
    }

    /** {@code timestamp} UTC, as the seed has it; {@code local_timestamp} the same moment on the factory's clock, in {@code timezone}. */
    record Peak(Double value, String unit, String description, Instant timestamp, String localTimestamp, String timezone,
                int intervalMinutes, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
        static Peak of(KpiResult k) {
            return new Peak(r(k.peak().valueKw(), 4), PEAK_UNIT, PEAK_DESCRIPTION, k.peak().at(), k.peak().localTimestamp(),
                    k.peak().zone().getId(), PEAK_INTERVAL_MINUTES, k.peak().reason());
        }
    }

    record PeakDetail(Double value, String unit, Instant timestamp, String localTimestamp, String timezone, Double avgPower,
                      int intervalMinutes, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
        static PeakDetail of(KpiResult k) {
            return new PeakDetail(r(k.peak().valueKw(), 4), PEAK_UNIT, k.peak().at(), k.peak().localTimestamp(),
                    k.peak().zone().getId(), r(k.totals().avgPowerKw(), 4), PEAK_INTERVAL_MINUTES, k.peak().reason());
        }
    }

    record LoadFactor(Double value, Double percent, String unit, String description,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
        static LoadFactor of(KpiResult k) {
            KpiResult.LoadFactor l = k.loadFactor();
            return new LoadFactor(r(l.ratio(), 4), r(l.percent(), 2), LOAD_FACTOR_UNIT, LOAD_FACTOR_DESCRIPTION, l.reason());
        }
    }

    record LoadFactorDetail(Double value, Double percent, String unit, String description, Double avgPower,
                            Double peakDemand, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
        static LoadFactorDetail of(KpiResult k) {
            KpiResult.LoadFactor l = k.loadFactor();
            return new LoadFactorDetail(r(l.ratio(), 4), r(l.percent(), 2), LOAD_FACTOR_UNIT, LOAD_FACTOR_DESCRIPTION,
                    r(k.totals().avgPowerKw(), 4), r(k.peak().valueKw(), 4), l.reason());
        }
    }

    /** {@code unit} is the tariff's currency, as in the original EnMS. */
    record EnergyCost(Double value, Double costPerUnit, String unit, String description, List<BandCost> breakdown,
                      Double demandCharge, Double totalCost, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
        static EnergyCost of(KpiResult k) {
            KpiResult.Cost c = k.cost();
            return new EnergyCost(r(c.energyCost(), 2), r(c.costPerUnit(), 4), c.currency(), COST_DESCRIPTION,
                    BandCost.of(c), r(c.demandCharge(), 2), shownTotal(c), c.reason());
        }
    }

    record EnergyCostDetail(Double value, Double costPerUnit, String unit, String description, Double totalEnergy,
                            List<BandCost> breakdown, Double demandCharge, Double totalCost,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
        static EnergyCostDetail of(KpiResult k) {
            KpiResult.Cost c = k.cost();
            return new EnergyCostDetail(r(c.energyCost(), 2), r(c.costPerUnit(), 4), c.currency(), COST_DESCRIPTION,
                    r(k.totals().energyKwh(), 4), BandCost.of(c), r(c.demandCharge(), 2), shownTotal(c), c.reason());
        }
    }

    /**
     * The total cost as the sum of its two lines as shown (energy and demand charge, each to the cent), so that a
     * client adding them gets it (each rounded on its own, they missed it by a cent in a quarter of periods).
     */
    static Double shownTotal(KpiResult.Cost c) {
        if (c.totalCost() == null) return null;
        Double energy = r(c.energyCost(), 2), demand = r(c.demandCharge(), 2);
        return r((energy == null ? 0 : energy) + (demand == null ? 0 : demand), 2);
    }

    /**
     * The energy charge of one tariff band; {@code rate} is the band's mean rate (null without energy). The bands'
     * costs, to the cent, add up to the energy charge as shown (largest remainders).
     */
    record BandCost(String band, Double energyKwh, Double rate, Double cost) {
        static List<BandCost> of(KpiResult.Cost c) {
            List<Map.Entry<String, KpiTotals.Band>> bands = List.copyOf(c.bands().entrySet());
            double[] exact = bands.stream().mapToDouble(e -> Math.max(0, e.getValue().cost())).toArray();
            Double charge = r(c.energyCost(), 2);
            double[] cents = charge == null ? null : LargestRemainder.round(exact, charge, 2);
            List<BandCost> out = new java.util.ArrayList<>();
            for (int i = 0; i < bands.size(); i++) {
                KpiTotals.Band b = bands.get(i).getValue();
                out.add(new BandCost(bands.get(i).getKey(), r(b.energyKwh(), 4),
                        b.energyKwh() == 0 ? null : r(b.cost() / b.energyKwh(), 4), cents == null ? r(b.cost(), 2) : cents[i]));
            }
            return out;
        }
    }

    /**
     * The demand charge on its own line; without a tariff the rate is null and the reason says why
     * (the cost's reason, which then is always "no tariff"). The rate is the period's last month's (each month's is
     * in {@code months}: a tariff's rate changes from the first month it is in force on the 1st).
     */
    record DemandCharge(Double value, Double ratePerKw, Double peakDemandKw, String unit, String description,
                        List<DemandMonth> months, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
        static DemandCharge of(KpiResult k) {
            KpiResult.Cost c = k.cost();
            return new DemandCharge(r(c.demandCharge(), 2), c.priced() ? c.demandChargePerKw() : null, r(k.peak().valueKw(), 4),
                    c.currency(), DEMAND_CHARGE_DESCRIPTION, DemandMonth.of(c), c.demandCharge() == null ? c.reason() : null);
        }
    }

    /**
     * One local calendar month's part of the demand charge: its peak within the period, the share of the month the
     * period covers, the rate in force on the month's first day, and the charge (to the cent, adding up to the demand
     * charge as shown: largest remainders).
     */
    record DemandMonth(String month, Double peakDemandKw, Double shareOfMonth, double ratePerKw, Double value) {
        static List<DemandMonth> of(KpiResult.Cost c) {
            List<MonthlyPeaks.Month> months = c.demandMonths();
            Double total = r(c.demandCharge(), 2);
            double[] exact = months.stream().mapToDouble(MonthlyPeaks.Month::charge).toArray();
            double[] cents = total == null ? null : LargestRemainder.round(exact, total, 2);
            List<DemandMonth> out = new java.util.ArrayList<>();
            for (int i = 0; i < months.size(); i++) {
                MonthlyPeaks.Month m = months.get(i);
                out.add(new DemandMonth(m.month().toString(), r(m.peakKw(), 4), r(m.shareOfMonth(), 4), m.ratePerKw(),
                        cents == null ? r(m.charge(), 2) : cents[i]));
            }
            return out;
        }
    }

    /** {@code region} is null when the factory names none (the default factor applies). */
    record Carbon(Double value, Double co2PerUnit, String unit, String description, double factorKgPerKwh, String region,
                  @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
        static Carbon of(KpiResult k) {
            KpiResult.Carbon c = k.carbon();
            return new Carbon(r(c.kgCo2(), 4), r(c.perUnit(), 4), CARBON_UNIT, CARBON_DESCRIPTION, c.factorKgPerKwh(),
                    c.region(), perUnitReason(k));
        }
    }

    /** Why a per-unit figure is null: no readings to divide, or no units to divide by. */
    static String perUnitReason(KpiResult k) {
        if (k.carbon().perUnit() != null) return null;
        return k.totals().samples() == 0 ? Kpis.NO_READINGS : Kpis.NO_PRODUCTION_PER_UNIT;
    }

    record CarbonDetail(Double value, Double co2PerUnit, String unit, String description, double factorKgPerKwh,
                        String region, Double totalEnergy, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
        static CarbonDetail of(KpiResult k) {
            KpiResult.Carbon c = k.carbon();
            return new CarbonDetail(r(c.kgCo2(), 4), r(c.perUnit(), 4), CARBON_UNIT, CARBON_DESCRIPTION, c.factorKgPerKwh(),
                    c.region(), r(k.totals().energyKwh(), 4), perUnitReason(k));
        }
    }

    record Totals(Double totalEnergyKwh, Double avgPowerKw, long totalProductionUnits, Double totalCost, long readings) {
        static Totals of(KpiResult k) {
            return new Totals(r(k.totals().energyKwh(), 4), r(k.totals().avgPowerKw(), 4), k.totals().productionUnits(),
                    shownTotal(k.cost()), k.totals().samples());
        }
    }

    // ------------------------------------------------------------------ the KPI routes

    /** {@code carbonIntensity}: the original EnMS's name for the emissions block. */
    record AllKpis(Sec sec, Peak peakDemand, LoadFactor loadFactor, EnergyCost energyCost, DemandCharge demandCharge,
                   Carbon carbonIntensity) {}

    /** {@code GET /api/v1/kpi/all}. */
    /**
     * {@code dataQuality} (an extension): the stretches of the period the machine's meter did not measure (a stuck
     * meter's run, as anomaly detection stored it), each with a sentence; absent where there are none.
     */
    record AllKpisReport(UUID machineId, String machineName, String machineType, TimePeriod timePeriod, AllKpis kpis,
                         Totals totals, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DataWarning> dataQuality) {
        static AllKpisReport of(Machine m, KpiResult k, List<KpiService.Unmeasured> unmeasured) {
            return new AllKpisReport(m.id(), m.name(), m.type(), TimePeriod.of(k),
                    new AllKpis(Sec.of(k), Peak.of(k), LoadFactor.of(k), EnergyCost.of(k), DemandCharge.of(k), Carbon.of(k)),
                    Totals.of(k), DataWarning.of(unmeasured, k));
        }
    }

    /**
     * A stretch of a period that was not measured, and what it means for the figures: {@code data_quality} (an
     * extension) of every KPI route, absent where there is none, so that a figure read alone (kpi/sec's SEC) says it too.
     */
    record DataWarning(String type, Instant start, Instant end, double hours, String message) {
        static List<DataWarning> of(List<KpiService.Unmeasured> unmeasured, KpiResult k) {
            return unmeasured.stream().map(u -> of(u, k.peak().zone())).toList();
        }

        /** The sentence names the stretch on the factory's clock first (read aloud, a UTC time was another hour). */
        static DataWarning of(KpiService.Unmeasured u, java.time.ZoneId zone) {
            double hours = r(java.time.Duration.between(u.start(), u.end()).toMinutes() / 60.0, 2);
            java.time.ZonedDateTime from = u.start().atZone(zone), to = u.end().atZone(zone);
            java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
                    time = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
            String local = from.format(day) + " to " + (to.toLocalDate().equals(from.toLocalDate()) ? to.format(time) : to.format(day));
            return new DataWarning("stuck_meter", u.start(), u.end(), hours, "The meter repeated one reading from " + local
                    + " local time (" + zone.getId() + "; " + u.start() + " to " + u.end() + ", " + hours + " hours): the"
                    + " energy, power, cost, carbon and SEC of those hours are that repeated reading, not measured values");
        }
    }

    /** {@code GET /api/v1/kpi/sec}. */
    record SecReport(UUID machineId, String machineName, TimePeriod timePeriod, SecDetail sec,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DataWarning> dataQuality) {
        static SecReport of(Machine m, KpiResult k, List<KpiService.Unmeasured> unmeasured) {
            return new SecReport(m.id(), m.name(), TimePeriod.of(k), SecDetail.of(k), DataWarning.of(unmeasured, k));
        }
    }

    /** {@code GET /api/v1/kpi/peak-demand}. */
    record PeakDemandReport(UUID machineId, String machineName, TimePeriod timePeriod, PeakDetail peakDemand,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DataWarning> dataQuality) {
        static PeakDemandReport of(Machine m, KpiResult k, List<KpiService.Unmeasured> unmeasured) {
            return new PeakDemandReport(m.id(), m.name(), TimePeriod.of(k), PeakDetail.of(k), DataWarning.of(unmeasured, k));
        }
    }

    /** {@code GET /api/v1/kpi/load-factor}. */
    record LoadFactorReport(UUID machineId, String machineName, TimePeriod timePeriod, LoadFactorDetail loadFactor,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DataWarning> dataQuality) {
        static LoadFactorReport of(Machine m, KpiResult k, List<KpiService.Unmeasured> unmeasured) {
            return new LoadFactorReport(m.id(), m.name(), TimePeriod.of(k), LoadFactorDetail.of(k), DataWarning.of(unmeasured, k));
        }
    }

    /** {@code GET /api/v1/kpi/energy-cost}: the energy charge, and the demand charge after it. */
    record EnergyCostReport(UUID machineId, String machineName, TimePeriod timePeriod, EnergyCostDetail energyCost,
                            DemandCharge demandCharge, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DataWarning> dataQuality) {
        static EnergyCostReport of(Machine m, KpiResult k, List<KpiService.Unmeasured> unmeasured) {
            return new EnergyCostReport(m.id(), m.name(), TimePeriod.of(k), EnergyCostDetail.of(k), DemandCharge.of(k),
                    DataWarning.of(unmeasured, k));
        }
    }

    /** {@code GET /api/v1/kpi/carbon}. */
    record CarbonReport(UUID machineId, String machineName, TimePeriod timePeriod, CarbonDetail carbonIntensity,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DataWarning> dataQuality) {
        static CarbonReport of(Machine m, KpiResult k, List<KpiService.Unmeasured> unmeasured) {
            return new CarbonReport(m.id(), m.name(), TimePeriod.of(k), CarbonDetail.of(k), DataWarning.of(unmeasured, k));
        }
    }

    // ------------------------------------------------------------------ comparison

    /** {@code GET /api/v1/comparison/available}: {@code location} is "factory - department". */
    record ComparableMachine(UUID id, String name, String type, String location, UUID factoryId) {
        static ComparableMachine of(Machine m, Factory f, Department d) {
            return new ComparableMachine(m.id(), m.name(), m.type(),
                    (f == null ? "Unknown factory" : f.name()) + " - " + (d == null ? Sankey.UNASSIGNED : d.name()), m.factoryId());
        }
    }

    /**
     * {@code GET /api/v1/comparison/machines}. {@code note} (an extension): where the period has not ended and the
     * machines' local days have run for different hours (factories in different zones), the totals compare unequal
     * spans, and the note says so. {@code factories} (an extension): for each factory of the machines compared, in the
     * ranking's order as {@code machines}, its coincident peak over the dates ({@link FactoryPeak}); absent where neither
     * peak (power) nor cost was asked for.
     */
    record ComparisonReport(String startDate, String endDate, List<ComparedMachine> machines, UUID bestPerformer,
                            UUID worstPerformer, Ranking ranking, List<String> currencies,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FactoryPeak> factories) {
        static ComparisonReport of(LocalDate first, LocalDate last, Comparison.Result result, List<Comparison.Metric> metrics,
                                   List<KpiService.FactoryPeak> factories) {
            // the metric the machines were ranked by is shown too, also where it was not asked for (a fallback), so
            // that each rank can be read off the values beside it
            List<Comparison.Metric> shown = new java.util.ArrayList<>(metrics);
            if (!shown.contains(result.rankedBy())) shown.add(result.rankedBy());
            return new ComparisonReport(first.toString(), last.toString(),
                    result.machines().stream().map(r -> ComparedMachine.of(r, shown)).toList(),
                    result.bestPerformer(), result.worstPerformer(), Ranking.of(result.rankedBy()),
                    List.copyOf(result.currencies()), unequalSpans(result), factories.stream().map(FactoryPeak::of).toList());
        }

        /** The note where machines' periods have run for hours that differ by more than one, else null. */
        static String unequalSpans(Comparison.Result result) {
            if (result.machines().stream().allMatch(r -> r.entry().kpis().hoursSoFar() == null)) return null;
            List<String> spans = new java.util.ArrayList<>();
            double least = Double.MAX_VALUE, most = 0;
            for (Comparison.Ranked r : result.machines()) {
                Double h = r.entry().kpis().hoursSoFar();
                double hours = h != null ? h : r.entry().kpis().hours();
                least = Math.min(least, hours);
                most = Math.max(most, hours);
                spans.add(r.entry().machineName() + " " + String.format(java.util.Locale.ROOT, "%.1f", hours));
            }
            if (most - least <= 1) return null;
            return "The period has not ended, and the machines' local days run in different time zones: hours of it so far "
                    + String.join(", ", spans) + ". Totals compare unequal spans; avg_power compares them alike";
        }
    }

    /**
     * A factory of the machines compared: {@code machines_compared} of its {@code machines_in_factory} in service, and
     * their coincident peak.
     */
    record FactoryPeak(UUID factoryId, String factoryName, String timezone, int machinesCompared, int machinesInFactory,
                       CoincidentPeakView coincidentPeak) {
        static FactoryPeak of(KpiService.FactoryPeak f) {
            return new FactoryPeak(f.factory().id(), f.factory().name(), f.zone().getId(), f.machines().size(),
                    f.machinesInFactory(), CoincidentPeakView.of(f));
        }
    }

    static final String COINCIDENT_PEAK_DESCRIPTION = "Coincident Peak Demand (the highest 15-minute mean of the machines' power added up)";

    /**
     * The factory's 15-minute peak: {@code value_kw} at {@code timestamp} (the quarter's start; {@code local_timestamp}
     * on the factory's clock), beside {@code sum_of_machine_peaks_kw}, the machines' own {@code peak_demand} added up,
     * and the demand charge on each ({@code demand_charge}, {@code sum_of_machine_demand_charges}); {@code note} says
     * how they differ, {@code reason} why a value is null.
     */
    record CoincidentPeakView(Double valueKw, Instant timestamp, String localTimestamp, Double sumOfMachinePeaksKw,
                              Double demandCharge, Double sumOfMachineDemandCharges, String currency, String unit,
                              String description, String note, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
        static CoincidentPeakView of(KpiService.FactoryPeak f) {
            io.wattline.analytics.kpi.CoincidentPeak.Result p = f.peak();
            Double value = p == null ? null : r(p.valueKw(), 4), sum = p == null ? null : r(p.sumOfMachinePeaksKw(), 4);
            Instant at = p == null ? null : p.at();
            String local = at == null ? null : new KpiResult.Peak(value, at, f.zone(), null).localTimestamp();
            return new CoincidentPeakView(value, at, local, sum, r(f.demandCharge(), 2), r(f.sumOfMachineCharges(), 2),
                    f.currency(), PEAK_UNIT, COINCIDENT_PEAK_DESCRIPTION, note(f, value, sum), f.reason());
        }

        /** How the coincident peak differs from the machines' own added up, said as it is for these figures. */
        static String note(KpiService.FactoryPeak f, Double value, Double sum) {
            String billed = "The factory's meter is billed on its machines' power added up, quarter hour by quarter hour";
            int compared = f.machines().size(), all = f.machinesInFactory();
            String out;
            if (value != null && sum != null && sum > value) {
                out = billed + ": each machine's peak_demand is its own highest quarter, at its own time, so those peaks added up ("
                        + sum + " kW against " + value + " kW) and the demand charges on them overstate the factory's";
            } else if (value != null && compared > 1) {
                out = billed + ": here the machines' own peaks fell in that one quarter hour, so their sum is the factory's peak";
            } else if (value != null) {
                out = billed + ": with one machine compared, that is its own peak";
            } else {
                out = billed + ", not on each machine's own peak";
            }
            // a voice read "the factory's peak": say whose it is where machines of the factory were left out
            return compared < all ? out + ". The peak of the machines compared only: " + compared + " of the factory's " + all
                    + " machines in service" : out;
        }
    }

    /**
     * A machine without readings in the period ranks last, with a {@code note} saying so; {@code hours_so_far} (an
     * extension) the hours of its period gone by where the period has not ended.
     */
    record ComparedMachine(UUID machineId, String machineName, ComparedMetrics metrics, int rank,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Double hoursSoFar) {
        static ComparedMachine of(Comparison.Ranked r, List<Comparison.Metric> metrics) {
            boolean metered = r.entry().kpis().totals().samples() > 0;
            Double hoursSoFar = r.entry().kpis().hoursSoFar();
            return new ComparedMachine(r.entry().machineId(), r.entry().machineName(),
                    ComparedMetrics.of(r.entry(), metrics), r.rank(), metered ? null : DomainException.NotFound.NO_DATA,
                    hoursSoFar == null ? null : r(hoursSoFar, 2));
        }
    }

    /**
     * One flat {@code metrics} object holding only the fields of the metrics asked for: each group is
     * unwrapped into it, and a group that was not asked for is null and writes nothing. Inside a group
     * that was asked for, a value that cannot be computed is written as null. The groups are in the
     * order the fields have always been written (energy, cost, average power, peak, SEC).
     */
    record ComparedMetrics(@JsonUnwrapped EnergyMetric energy, @JsonUnwrapped CostMetric cost,
                           @JsonUnwrapped AvgPowerMetric avgPower, @JsonUnwrapped PeakMetric peak,
                           @JsonUnwrapped SecMetric sec) {
        static ComparedMetrics of(Comparison.Entry e, List<Comparison.Metric> metrics) {
            KpiResult k = e.kpis();
            boolean energy = metrics.contains(Comparison.Metric.ENERGY), cost = metrics.contains(Comparison.Metric.COST);
            boolean power = metrics.contains(Comparison.Metric.POWER), sec = metrics.contains(Comparison.Metric.SEC);
            return new ComparedMetrics(
                    energy ? new EnergyMetric(r(k.totals().energyKwh(), 4)) : null,
                    cost ? new CostMetric(shownTotal(k.cost()), r(k.cost().energyCost(), 2), r(k.cost().demandCharge(), 2),
                            e.currency()) : null,
                    energy || power ? new AvgPowerMetric(r(k.totals().avgPowerKw(), 4)) : null,
                    power ? new PeakMetric(r(k.peak().valueKw(), 4), k.peak().reason()) : null,
                    sec ? new SecMetric(r(k.sec().value(), 4), k.totals().productionUnits(), k.sec().reason(), k.sec().note()) : null);
        }
    }

    record EnergyMetric(Double totalEnergy) {}

    /** {@code total_cost} is the energy charge and the demand charge, as {@code /kpi/all}'s {@code totals.total_cost}; both beside it. */
    record CostMetric(Double totalCost, Double energyCost, Double demandCharge, String currency) {}

    record AvgPowerMetric(Double avgPower) {}

    /** {@code peak_demand_reason}: why there is no peak, as {@code /kpi/all}'s {@code peak_demand.reason}. */
    record PeakMetric(Double peakDemand, @JsonInclude(JsonInclude.Include.NON_NULL) String peakDemandReason) {}

    record SecMetric(Double sec, long totalProduction, @JsonInclude(JsonInclude.Include.NON_NULL) String secReason,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String secNote) {}

    /** {@code metric} is the name of the field the machines were ranked by. */
    record Ranking(String metric, String order, String rule) {
        static Ranking of(Comparison.Metric rankedBy) {
            return new Ranking(switch (rankedBy) {
                case ENERGY -> "total_energy";
                case POWER -> "avg_power";
                case SEC -> "sec";
                case COST -> "total_cost";
            }, "ascending", Comparison.RULE);
        }
    }

    // ------------------------------------------------------------------ Sankey

    /** {@code GET /api/v1/sankey/factories}. */
    record SankeyFactory(UUID id, String name, String location) {
        static SankeyFactory of(Factory f) {
            return new SankeyFactory(f.id(), f.name(), f.location());
        }
    }

    /** {@code GET /api/v1/sankey/data}. */
    record SankeyDiagram(List<SankeyNode> nodes, List<SankeyLink> links, SankeyMetadata metadata) {
        static SankeyDiagram of(KpiService.SankeyDay day, LocalDate date) {
            Sankey.Diagram d = day.diagram();
            return new SankeyDiagram(
                    d.nodes().stream().map(n -> new SankeyNode(n.id(), n.name(), n.level())).toList(),
                    d.links().stream().map(l -> new SankeyLink(l.source(), l.target(), l.value(), l.percentage())).toList(),
                    new SankeyMetadata(date.toString(), d.totalEnergy(), d.factoryCount(), d.machineCount(), "kWh",
                            day.withoutReadings()));
        }
    }

    record SankeyNode(String id, String name, int level) {}

    record SankeyLink(String source, String target, double value, double percentage) {}

    /**
     * {@code machinesWithoutReadings} (an extension): the machines shown whose meter sent nothing that day: their
     * flows' 0 kWh is no data, not an idle day; absent when every machine reported.
     */
    record SankeyMetadata(String date, double totalEnergy, int factoryCount, int machineCount, String unit,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> machinesWithoutReadings) {}

    // ------------------------------------------------------------------ heatmaps

    /**
     * {@code GET /api/v1/heatmap/hourly} and {@code /daily}: without a machine, the plant's sum (or a factory's).
     * {@code timezone} (an extension): the zone whose days and hours the cells are, UTC for an hourly heatmap of
     * machines in factories of different zones; {@code factory} for a daily one, each machine's own local days.
     */
    record HeatmapReport(UUID machineId, String machineName, String startDate, String endDate, String unit,
                         List<? extends HeatmapCell> data, String timezone) {
        static HeatmapReport of(Machine m, LocalDate first, LocalDate last, List<? extends HeatmapCell> data, String timezone) {
            return new HeatmapReport(m == null ? null : m.id(), m == null ? "All machines" : m.name(),
                    first.toString(), last.toString(), "kWh", data, timezone);
        }
    }

    /** A cell of a heatmap; its value is null where the machine had no readings. */
    sealed interface HeatmapCell permits HourCell, DayCell {}

    record HourCell(String date, int hour, Double value, boolean anomaly) implements HeatmapCell {
        static List<HourCell> of(List<Heatmap.HourCell> cells) {
            return cells.stream().map(c -> new HourCell(c.date().toString(), c.hour(), r(c.value(), 4), c.anomaly())).toList();
        }
    }

    /** {@code dayOfWeek}: Monday = 0 … Sunday = 6, as the original EnMS (Python's weekday()) numbered them. */
    record DayCell(String date, int dayOfWeek, Double value, boolean anomaly) implements HeatmapCell {
        static List<DayCell> of(List<Heatmap.DayCell> cells) {
            return cells.stream().map(c -> new DayCell(c.date().toString(), c.dayOfWeek(), r(c.value(), 4), c.anomaly())).toList();
        }
    }

    // ------------------------------------------------------------------ the daily job

    /** What a {@code kpi_calculate} run answers (the Lambda's result for its scheduled event). */
    record JobResult(String jobId, String status, int machines, int snapshots, List<String> failures) {}
}
