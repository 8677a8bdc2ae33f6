package io.wattline.forecasting;

import io.wattline.analytics.forecast.CheapestSchedule;
import io.wattline.analytics.kpi.TouSchedule;
import io.wattline.domain.DomainException;
import io.wattline.domain.Machine;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.CatalogStore;
import io.wattline.store.TelemetryStore;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The cheapest schedule of a machine's day ({@code POST /api/v1/forecast/optimal-schedule}): the hours that meet a
 * production target at the least cost under the factory's tariff, priced with the forecast power and the production
 * rate and habits learnt from the machine's last {@value #HISTORY_DAYS} days, solved exactly by {@link CheapestSchedule}.
 * For a machine that records no production (a boiler, an air handler) the goal can be a number of operating hours
 * instead: the cheapest hours to run that many, an hour counting as run where its mean power was above the middle of
 * the machine's usual range ({@link #running}).
 */
public final class SchedulePlanner {
    /**
     * The power an hour run in full is priced at. Its usual running power, unless the forecast lies above that by more
     * than the forecast's typical error (a cold morning's heating): then the forecast. A forecast below the running
     * power (an hour the machine usually runs only in part, a shift's first or last) would price an hour of full
     * production at part of its energy, and every such hour was chosen first; one within its typical error above it
     * says nothing either (a usual hour's 67.3 kW against 66.9 moved a flat tariff's shift to the night "to save"
     * 0.72 EUR). Priced at the forecast less its error, an hour forecast well above (135.6 kW against 112.4) was
     * billed 117.8 kW, and the demand charge it would set a third of what it would be.
     */
    static double operatingPower(double forecastKw, double runningKw, double typicalError) {
        return forecastKw > runningKw + typicalError ? forecastKw : runningKw;
    }

    /** What the schedule learns the machine's habits and production rate from. */
    static final int HISTORY_DAYS = 28;

    private final ForecastService forecasts;
    private final CatalogStore catalog;
    private final TelemetryStore telemetry;

    SchedulePlanner(ForecastService forecasts, CatalogStore catalog, TelemetryStore telemetry) {
        this.forecasts = forecasts;
        this.catalog = catalog;
        this.telemetry = telemetry;
    }

    /**
     * One hour of the day as scheduled. {@code localTime} is the wall clock ("01:00"), {@code utcOffset} the offset in
     * force ("-07:00"): on the day the clocks go back 01:00 comes twice, and only the offset tells the two apart.
     */
    public record ScheduledHour(Instant start, int localHour, String localTime, String utcOffset, boolean operate,
                                Double expectedPower, double rate, String band, String reason) {}

    public record Schedule(LocalDate date, ZoneId zone, String currency, String modelType, List<ScheduledHour> hours,
                           double unitsPerHour, int hoursNeeded, double estimatedCost, double estimatedEnergy,
                           double demandCharge, double usualCost, List<Integer> usualHours, double costSavings,
                           double monthPeakKw, boolean byHours) {}

    /**
     * What the history says about the machine's operation: production and power per operating hour, its habits, the
     * month's billed peak so far (a 15-minute mean, kW) and how far an hour's highest quarter lies above its mean.
     */
    record Habits(double unitsPerHour, double operatingKw, double[] usualShare, double monthPeakKw, double quarterRatio) {}

    /** @param allowedHours the local hours (0-23) the machine may run (staffed shifts, no night work), or null for all */
    public Schedule schedule(UUID machineId, LocalDate date, double target, int maxRuntime, java.util.Set<Integer> allowedHours) {
        return schedule(machineId, date, target, maxRuntime, false, allowedHours);
    }

    /** The cheapest {@code hours} operating hours of the day, for a machine with or without production. */
    public Schedule scheduleHours(UUID machineId, LocalDate date, int hours, int maxRuntime, java.util.Set<Integer> allowedHours) {
        return schedule(machineId, date, hours, maxRuntime, true, allowedHours);
    }

    private Schedule schedule(UUID machineId, LocalDate date, double target, int maxRuntime, boolean byHours,
                              java.util.Set<Integer> allowedHours) {
        Machine m = forecasts.machine(machineId);
        ZoneId zone = forecasts.zone(m);
        TouSchedule tou = TouSchedule.of(catalog.tariffs(m.factoryId()), zone);
        if (tou == null) throw new DomainException.InvalidInput("The machine's factory has no tariff: a schedule cannot be priced");
        LocalHours grid = forecasts.hours(m);
        Instant now = forecasts.now(), current = grid.hourOf(now);
        // the forecast's hours up to the day's end, counted as the forecast counts them (on Lord Howe Island's October
        // change day, 23.5 hours long, 24 local hours: in steps of 3,600 seconds 23, and the day's last hour was priced
        // without its forecast)
        int horizon = ForecastService.hoursUntilEndOf(date, grid, current);
        List<Instant> starts = dayHours(grid, date);
        Habits habits = habits(m, zone, now, date, byHours);
        ForecastService.HourlyForecast f = forecasts.forecast(m, null, horizon, 0.95);
        List<CheapestSchedule.Hour> hours = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        double rmse = f.version().metadata(ForecastMetadata.class).rmse();
        double typicalError = Double.isFinite(rmse) ? rmse : 0;
        List<TouSchedule.Rate> rates = new ArrayList<>();
        for (Instant h : starts) {
            int i = f.start().isAfter(h) ? -1 : grid.hoursBetween(f.start(), h);
            double forecastKw = i >= 0 && i < f.forecast().steps() ? f.forecast().mean()[i] : habits.operatingKw();
            double kw = operatingPower(forecastKw, habits.operatingKw(), typicalError);
            // an hour already begun cannot be run in full; one outside the allowed hours is not run either
            boolean past = h.isBefore(now);
            if (!past && allowed(allowedHours, h.atZone(zone).getHour())) open.add(hours.size());
            // priced as the KPIs bill it, by quarter hour: a window that begins on the half hour prices half the hour
            TouSchedule.Rate rate = tou.hourFrom(h);
            rates.add(rate);
            // the demand it would set is its highest quarter hour, as the bill measures it, not its mean
            hours.add(new CheapestSchedule.Hour(kw, 1, rate.rate(), kw * habits.quarterRatio()));
        }
        List<CheapestSchedule.Hour> openHours = open.stream().map(hours::get).toList();
        double charge = tou.tariffOn(date.withDayOfMonth(1)).demandChargePerKw(); // the month's rate, as the KPIs bill it
        // the usual hours: those the machine ran most often at that local hour; among equally cheap plans the most usual
        List<Integer> ranking = new ArrayList<>();
        for (int i = 0; i < openHours.size(); i++) ranking.add(i);
        ranking.sort(Comparator.comparingDouble((Integer i) -> -habits.usualShare()[starts.get(open.get(i)).atZone(zone).getHour()])
                .thenComparing(i -> i));
        int[] rank = new int[openHours.size()];
        for (int r = 0; r < ranking.size(); r++) rank[ranking.get(r)] = r;
        CheapestSchedule.Plan plan;
        try {
            plan = CheapestSchedule.solve(openHours, target, habits.unitsPerHour(), maxRuntime, charge, habits.monthPeakKw(), rank);
        } catch (CheapestSchedule.Infeasible e) {
            String within = allowedHours == null ? "" : " within allowed_hours";
            if (byHours) throw new DomainException.InvalidInput(String.format(Locale.ROOT,
                    "Operating hours not reachable: %d hours asked, %d schedulable hours%s on %s (max_runtime_hours %d)",
                    (int) target, Math.min(openHours.size(), maxRuntime), within, date, maxRuntime));
            throw new DomainException.InvalidInput(String.format(Locale.ROOT,
                    "Production target not reachable: at most %.1f units on %s (%.2f units per operating hour learned from"
                            + " the last %d days, %d schedulable hours%s, max_runtime_hours %d); %d hours would be needed",
                    // rounded down: a target at a rounded-up figure would be refused too
                    Math.floor(e.reachable * 10) / 10, date, habits.unitsPerHour(), HISTORY_DAYS, openHours.size(), within,
                    maxRuntime, e.hoursNeeded));
        }
        // running the same number of hours as the machine usually does
        CheapestSchedule.Plan usual = CheapestSchedule.usual(openHours, ranking, plan.hoursRun(), charge, habits.monthPeakKw());
        double maxChosenRate = 0, capKw = 0;
        for (int i = 0; i < openHours.size(); i++) {
            if (plan.operate()[i]) {
                maxChosenRate = Math.max(maxChosenRate, openHours.get(i).rate());
                capKw = Math.max(capKw, openHours.get(i).demandKw());
            }
        }
        List<ScheduledHour> out = new ArrayList<>();
        String cur = tou.currency();
        for (int k = 0, j = 0; k < starts.size(); k++) {
            Instant h = starts.get(k);
            CheapestSchedule.Hour hour = hours.get(k);
            var local = h.atZone(zone);
            String offset = local.getOffset().getId().replace("Z", "+00:00");
            boolean past = j >= open.size() || open.get(j) != k;
            boolean operate = !past && plan.operate()[j];
            String reason;
            if (past && !h.isBefore(now) && !allowed(allowedHours, local.getHour())) reason = "Outside the allowed hours";
            else if (past) reason = h.isBefore(current) ? "Already past" : "Already begun: an hour in progress cannot be run in full";
            else if (operate) reason = String.format(Locale.ROOT, "Among the cheapest hours: %s rate %.4f %s/kWh",
                    rates.get(k).band(), hour.rate(), cur);
            else if (hour.rate() > maxChosenRate && plan.hoursRun() > 0) reason = String.format(Locale.ROOT,
                    "High tariff period: %s rate %.4f %s/kWh", rates.get(k).band(), hour.rate(), cur);
            else if (charge > 0 && hour.demandKw() > capKw && hour.demandKw() > habits.monthPeakKw()) reason = capKw > habits.monthPeakKw()
                    ? String.format(Locale.ROOT, "Would raise the plan's peak demand (%.1f kW in 15 minutes over the %.1f kW"
                            + " of the hours run; the month's so far %.1f kW)", hour.demandKw(), capKw, habits.monthPeakKw())
                    : String.format(Locale.ROOT, "Would raise the month's peak demand (%.1f kW in 15 minutes over %.1f kW)",
                            hour.demandKw(), habits.monthPeakKw());
            else reason = "Not needed: the target is met by other hours at the same or a lower cost";
            if (!past) j++;
            out.add(new ScheduledHour(h, local.getHour(), local.toLocalTime().toString(), offset, operate,
                    operate ? hour.powerKw() : null, hour.rate(),
                    rates.get(k).band(), reason));
        }
        List<Integer> usualHours = new ArrayList<>();
        for (int i = 0; i < plan.hoursRun() && i < ranking.size(); i++) {
            usualHours.add(starts.get(open.get(ranking.get(i))).atZone(zone).getHour());
        }
        usualHours.sort(Integer::compare);
        return new Schedule(date, zone, cur, f.modelType(), out, habits.unitsPerHour(),
                (int) CheapestSchedule.hoursNeeded(target, habits.unitsPerHour()), plan.cost(), plan.energyKwh(), plan.demandCharge(),
                usual.cost(), usualHours, usual.cost() - plan.cost(), habits.monthPeakKw(), byHours);
    }

    /**
     * The starts of a local day's hours, as the forecast has them ({@link LocalHours}): 24, or 23 and 25 where the clock
     * moves by an hour. Where it moves by half an hour (Lord Howe Island) one is 30 or 90 minutes long and the hours
     * after it still start on the hour (in steps of 3,600 seconds from midnight they started at half past).
     */
    static List<Instant> dayHours(LocalHours grid, LocalDate date) {
        Instant start = date.atStartOfDay(grid.zone()).toInstant(), end = date.plusDays(1).atStartOfDay(grid.zone()).toInstant();
        long[] starts = grid.starts(start, grid.hoursBetween(start, end));
        List<Instant> out = new ArrayList<>(starts.length - 1);
        for (int i = 0; i < starts.length - 1; i++) out.add(Instant.ofEpochSecond(starts[i]));
        return out;
    }

    private static boolean allowed(java.util.Set<Integer> allowedHours, int localHour) {
        return allowedHours == null || allowedHours.contains(localHour);
    }

    /**
     * The last {@value #HISTORY_DAYS} days before the current hour: units per hour with production, mean power
     * in those hours, the share of days the machine produced at each local hour, the highest 15-minute mean power of
     * the target day's month so far (the demand the day must not raise for free; for a month not begun, of the last 28
     * days), and the machine's usual ratio of a day's highest quarter hour to its highest hour. By hours: one unit each hour it ran. An hour it ran is one with production
     * where the machine records production, whichever way the plan is asked for (by hours, a press's running power and
     * usual hours differed from its plan by production, 91.7 against 89.2 kW), else one above the middle of its usual
     * power range ({@link #running}).
     */
    Habits habits(Machine m, ZoneId zone, Instant now, LocalDate date, boolean byHours) {
        LocalHours grid = new LocalHours(zone);
        Instant current = grid.hourOf(now);
        Instant from = current.minus(Duration.ofDays(HISTORY_DAYS));
        List<Rollup> hist = grid.rollups(telemetry, m.id(), from, current);
        boolean counts = hist.stream().anyMatch(r -> r.production() > 0);
        // a target in units without units to learn from learns nothing: refused below
        java.util.function.Predicate<Rollup> ran = counts ? r -> r.production() > 0 : byHours ? running(hist) : r -> false;
        long units = 0;
        int producing = 0, metered = 0;
        double opKw = 0;
        double[] produced = new double[24], seen = new double[24];
        for (Rollup r : hist) {
            int hour = r.bucket().atZone(zone).getHour();
            if (r.samples() > 0) seen[hour]++;
            if (ran.test(r)) {
                units += byHours ? 1 : r.production();
                producing++;
                // the running power and the usual hours from the hours that were metered (an hour with production but
                // no reading would pull the power down, and its share past the hours seen)
                if (r.samples() > 0) {
                    produced[hour]++;
                    opKw += r.powerAvg();
                    metered++;
                }
            }
        }
        if (producing == 0) {
            throw new DomainException.InvalidInput(byHours ? "No readings in the last " + HISTORY_DAYS
                    + " days: the machine's running power cannot be learned" : "No production recorded in the last "
                    + HISTORY_DAYS + " days: the machine's production per operating hour cannot be learned (for a machine"
                    + " without production, ask for constraints.operating_hours instead of production_target)");
        }
        double[] share = new double[24];
        for (int h = 0; h < 24; h++) share[h] = seen[h] == 0 ? 0 : produced[h] / seen[h];
        if (metered == 0) {
            throw new DomainException.InvalidInput("No readings in the hours the machine ran in the last " + HISTORY_DAYS
                    + " days: its running power cannot be learned");
        }
        double operatingKw = opKw / metered;
        // the billed peak is the highest 15-minute mean (as the KPIs' peak_demand): the month's so far, or for a month
        // not begun what the machine's usual days make it (the last 28 days' highest), not 0: with 0, every day of the
        // month's start was billed the whole month's demand charge. An hourly mean here understated the month's peak
        // (92.2 against a billed 95.2 kW) and so overstated what the usual hours would add to it.
        // The finished quarters of the hour in progress count too: a shift's first hour is often the day's peak, and
        // left out it understated the month's (95.2 against the KPIs' 97.4 kW) and so overstated the plan's charge
        Instant monthStart = date.withDayOfMonth(1).atStartOfDay(zone).toInstant();
        boolean monthBegun = monthStart.isBefore(current);
        List<Rollup> quarters = ForecastService.finishedQuarters(telemetry, m.id(), monthBegun && monthStart.isBefore(from) ? monthStart : from, now);
        Instant peakFrom = monthBegun ? monthStart : from;
        double monthPeak = quarters.stream().filter(q -> !q.bucket().isBefore(peakFrom))
                .mapToDouble(Rollup::powerAvg).max().orElse(0);
        Double ratio = ForecastService.quarterPeakRatio(quarters.stream()
                .filter(q -> !q.bucket().isBefore(from) && q.bucket().isBefore(current)).toList(), hist, zone);
        return new Habits((double) units / producing, operatingKw, share, monthPeak, ratio == null ? 1 : ratio);
    }

    /**
     * Whether an hour of this history is one the machine ran: metered, with a mean power above the middle of its usual
     * range (between the 10th and 90th percentiles of its metered hours); every metered hour where that range is narrow
     * (under a tenth of the 90th percentile: a load that never idles).
     */
    static java.util.function.Predicate<Rollup> running(List<Rollup> hist) {
        double[] kw = hist.stream().filter(r -> r.samples() > 0).mapToDouble(Rollup::powerAvg).sorted().toArray();
        if (kw.length == 0) return r -> false;
        double p10 = kw[(int) Math.floor(0.1 * (kw.length - 1))], p90 = kw[(int) Math.ceil(0.9 * (kw.length - 1))];
        if (p90 - p10 < 0.1 * p90) return r -> r.samples() > 0;
        double cut = (p10 + p90) / 2;
        return r -> r.samples() > 0 && r.powerAvg() > cut;
    }
}
