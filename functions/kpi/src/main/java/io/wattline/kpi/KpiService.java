package io.wattline.kpi;

import io.wattline.analytics.kpi.CoincidentPeak;
import io.wattline.analytics.kpi.Comparison;
import io.wattline.analytics.kpi.DailyKpiSnapshot;
import io.wattline.analytics.kpi.Heatmap;
import io.wattline.analytics.kpi.KpiResult;
import io.wattline.analytics.kpi.KpiTotals;
import io.wattline.analytics.kpi.Kpis;
import io.wattline.analytics.kpi.MonthlyPeaks;
import io.wattline.analytics.kpi.PeriodReader;
import io.wattline.analytics.kpi.RangePlan;
import io.wattline.analytics.kpi.Sankey;
import io.wattline.analytics.kpi.TouSchedule;
import io.wattline.domain.CarbonFactor;
import io.wattline.domain.Department;
import io.wattline.domain.DomainException;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.CatalogStore;
import io.wattline.kpi.store.KpiSnapshotStore;
import io.wattline.store.TelemetryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The KPI context's application service: resolves machines, factories, tariffs and carbon factors
 * from the catalogue, reads periods through {@link PeriodReader} (day snapshots, 15-minute roll-ups,
 * raw edges) and runs the daily snapshot job. No AWS or HTTP type appears here, only ports; what is
 * missing is a {@link DomainException.NotFound}, which the router answers as a 404.
 */
public final class KpiService {
    private static final Logger LOG = LoggerFactory.getLogger(KpiService.class);
    public static final String FACTORY_NOT_FOUND = "Factory not found";
    /** The job recomputes the previous local day and this many days before it (late meter data). */
    public static final int JOB_LOOKBACK_DAYS = 2;

    private final CatalogStore catalog;
    private final TelemetryStore telemetry;
    private final KpiSnapshotStore snapshots;
    /** The anomaly function's log: the heatmaps' anomaly flags, and the stretches a stuck meter did not measure. */
    private final io.wattline.store.AnomalyLog anomalies;
    /** Where days whose roll-ups the job repaired are noted for anomaly detection to judge again. */
    private final io.wattline.store.LateTelemetry lateTelemetry;
    private final Supplier<Instant> clock;

    public KpiService(CatalogStore catalog, TelemetryStore telemetry, KpiSnapshotStore snapshots,
                      io.wattline.store.AnomalyLog anomalies, Supplier<Instant> clock) {
        this(catalog, telemetry, snapshots, anomalies, io.wattline.store.LateTelemetry.NONE, clock);
    }

    public KpiService(CatalogStore catalog, TelemetryStore telemetry, KpiSnapshotStore snapshots,
                      io.wattline.store.AnomalyLog anomalies, io.wattline.store.LateTelemetry lateTelemetry,
                      Supplier<Instant> clock) {
        this.catalog = catalog;
        this.telemetry = telemetry;
        this.snapshots = snapshots;
        this.anomalies = anomalies;
        this.lateTelemetry = lateTelemetry;
        this.clock = clock;
    }

    /**
     * When each machine's stored anomalies of {@code [from, to)} began (the heatmaps' flags): one read of the log for
     * every machine of a heatmap, not one each.
     */
    private Map<UUID, List<Instant>> anomalyTimes(Instant from, Instant to) {
        Map<UUID, List<Instant>> out = new HashMap<>();
        for (io.wattline.store.AnomalyLog.Entry e : anomalies.detectedBetween(from, to)) {
            out.computeIfAbsent(e.machineId(), k -> new ArrayList<>()).add(e.detectedAt());
        }
        return out;
    }

    /** A stretch of a machine's period its meter did not measure: a stuck meter's run, as the anomaly function stored it. */
    public record Unmeasured(Instant start, Instant end) {}

    /**
     * The stuck-meter runs of the machine that reach into {@code [from, to)}, cut to it: the energy of those hours is a
     * repeated reading, not a measurement, and the KPIs computed over them say so rather than pass it off as measured.
     */
    public List<Unmeasured> unmeasured(UUID machine, Instant from, Instant to) {
        try {
            // a run is stored at its start: look back as far as a run is traced for runs reaching into the period
            return anomalies.detectedBetween(from.minus(io.wattline.store.AnomalyLog.LONGEST_STUCK_RUN), to).stream()
                    .filter(e -> e.machineId().equals(machine) && "stuck_meter".equals(e.type()) && e.windowEnd().isAfter(from))
                    .map(e -> new Unmeasured(e.detectedAt().isBefore(from) ? from : e.detectedAt(),
                            e.windowEnd().isAfter(to) ? to : e.windowEnd()))
                    .toList();
        } catch (RuntimeException e) {
            // the warning is an addition to the KPIs: without the log they are answered as before, and the log says why
            LOG.warn("stuck-meter stretches of {} not read: {}", machine, e.toString());
            return List.of();
        }
    }

    public Instant now() {
        return clock.get();
    }

    /** A machine with everything its KPIs depend on. */
    public record Context(Machine machine, Factory factory, ZoneId zone, TouSchedule tou, String currency,
                          CarbonFactor carbon) {}

    public Machine machine(UUID id) {
        return catalog.machine(id).orElseThrow(() -> DomainException.NotFound.machine());
    }

    public Context context(UUID machineId) {
        return context(machine(machineId));
    }

    public Context context(Machine m) {
        Factory f = catalog.factory(m.factoryId()).orElse(null);
        ZoneId zone = zoneOf(f);
        TouSchedule tou = f == null ? null : TouSchedule.of(catalog.tariffs(f.id()), zone);
        String currency = tou != null ? tou.currency() : f == null ? null : f.currency();
        CarbonFactor carbon = f == null || f.carbonRegion() == null ? null
                : catalog.carbonFactor(f.carbonRegion()).orElse(new CarbonFactor(f.carbonRegion(), CarbonFactor.DEFAULT_KG_PER_KWH));
        return new Context(m, f, zone, tou, currency, carbon);
    }

    static ZoneId zoneOf(Factory f) {
        if (f == null) return ZoneOffset.UTC;
        if (f.timezone() != null && f.knownZone().isEmpty()) {
            LOG.warn("factory {} has an unknown time zone '{}'; using UTC", f.id(), f.timezone());
        }
        return f.zone();
    }

    // ------------------------------------------------------------------ KPIs

    /** The KPIs of {@code [from, to)}; not found ({@value DomainException.NotFound#NO_DATA}) when the period holds no data. */
    public KpiResult kpis(Context c, Instant from, Instant to) {
        KpiResult r = kpisOrEmpty(c, from, to);
        if (r == null) throw DomainException.NotFound.noData();
        return r;
    }

    /** The KPIs of {@code [from, to)}, or null when the period holds no reading and no production. */
    public KpiResult kpisOrEmpty(Context c, Instant from, Instant to) {
        Instant now = now();
        MachineSource source = source(c.machine().id());
        PeriodReader.Read read = PeriodReader.read(c.machine().id(), from, to, c.zone(), c.tou(), source, now);
        // a read that finds nothing answers 404 and writes nothing (a ten-year range would otherwise store
        // thousands of empty days for every curious or hostile caller)
        if (!read.totals().hasData()) return null;
        storeSettled(source, read.recomputed(), now);
        // an hour in progress with energy and no production count yet (counts posted at its end) is left out per unit
        Instant hour = io.wattline.domain.HourInProgress.at(now);
        Kpis.PerUnitBasis basis = Kpis.PerUnitBasis.of(read.totals());
        Instant[] inside = io.wattline.domain.HourInProgress.within(now, from, to); // that hour's part of the period only
        if (from.isBefore(hour) && inside != null && read.totals().production() > 0) {
            KpiTotals inProgress = PeriodReader.read(c.machine().id(), inside[0], inside[1], c.zone(), c.tou(), source, now).totals();
            basis = Kpis.PerUnitBasis.settled(read.totals(), inProgress, hour);
        }
        return Kpis.compute(from, to, now, read.totals(), read.peaks(), c.tou(), c.currency(), c.carbon(), basis);
    }

    /**
     * Stores recomputed days that are over (the job rewrites the last few days anyway), each only if no late data
     * reached its day since the source read it (the day's mark).
     */
    private void storeSettled(MachineSource source, List<DailyKpiSnapshot> recomputed, Instant now) {
        List<DailyKpiSnapshot> settled = recomputed.stream().filter(s -> !s.end().isAfter(now)).toList();
        if (settled.isEmpty()) return;
        try {
            // not a day a write marked and did not finish (a crash): its roll-ups may be behind its points, and a snapshot
            // of them outlived the repair that put them right (a backfill killed half way read 1,377 kWh for good, 1,440
            // stored); the repair forgets the day's snapshot, and a read after it stores the right one
            Instant first = settled.stream().map(DailyKpiSnapshot::start).min(Instant::compareTo).orElseThrow();
            Instant last = settled.stream().map(DailyKpiSnapshot::end).max(Instant::compareTo).orElseThrow();
            java.util.Set<Instant> marked = telemetry.markedDays(source.machine, first, last);
            if (!marked.isEmpty()) {
                settled = settled.stream().filter(s -> marked.stream().noneMatch(d -> d.isBefore(s.end())
                        && d.plus(java.time.Duration.ofDays(1)).isAfter(s.start()))).toList();
                if (settled.isEmpty()) return;
            }
            snapshots.putAll(source.machine, settled, source.marks);
        } catch (RuntimeException e) {
            LOG.warn("could not store {} recomputed KPI snapshots: {}", settled.size(), e.toString());
        }
    }

    MachineSource source(UUID machine) {
        return new MachineSource(machine);
    }

    /** One read's view of a machine's stores; it keeps the marks of the snapshot days it read, to store days against. */
    final class MachineSource implements PeriodReader.Source {
        final UUID machine;
        final Map<LocalDate, String> marks = new java.util.concurrent.ConcurrentHashMap<>();

        MachineSource(UUID machine) {
            this.machine = machine;
        }

        @Override
        public List<DailyKpiSnapshot> snapshots(LocalDate first, LocalDate last) {
            KpiSnapshotStore.Range range = snapshots.read(machine, first, last);
            marks.putAll(range.marks());
            return range.snapshots();
        }

        @Override
        public List<Rollup> quarters(Instant from, Instant to) {
            return telemetry.rollups(machine, Resolution.MIN15, from, to);
        }

        @Override
        public List<Reading> readings(Instant from, Instant to) {
            return telemetry.readings(machine, from, to);
        }

        @Override
        public List<ProductionCount> production(Instant from, Instant to) {
            return telemetry.production(machine, from, to);
        }
    }

    // ------------------------------------------------------------------ comparison

    /** Every machine of the catalogue, in service or not (a plant's metered totals count what each metered). */
    public List<Machine> machines() {
        return catalog.machines();
    }

    public List<Machine> activeMachines() {
        return catalog.machines().stream().filter(Machine::active)
                .sorted(Comparator.comparing(Machine::name).thenComparing(Machine::id)).toList();
    }

    public Map<UUID, Factory> factories() {
        Map<UUID, Factory> out = new LinkedHashMap<>();
        catalog.factories().stream().sorted(Comparator.comparing(Factory::name).thenComparing(Factory::id))
                .forEach(f -> out.put(f.id(), f));
        return out;
    }

    public Factory factory(UUID id) {
        return catalog.factory(id).orElseThrow(() -> new DomainException.NotFound(FACTORY_NOT_FOUND));
    }

    public Map<UUID, Department> departments() {
        Map<UUID, Department> out = new HashMap<>();
        for (Department d : catalog.departments()) out.put(d.id(), d);
        return out;
    }

    /**
     * Machines compared over local dates {@code first..last} of their own factories. Where those dates have not all
     * ended, each machine's KPIs say the hours gone by ({@link KpiResult#hoursSoFar}): "this week" asked in the morning in
     * Los Angeles has 5 hours of Monday there and 14 in Munich.
     */
    public Comparison.Result compare(List<UUID> ids, LocalDate first, LocalDate last, List<Comparison.Metric> metrics) {
        List<Context> contexts = ids.stream().distinct().map(this::context).toList();
        List<Comparison.Entry> entries = new ArrayList<>();
        boolean any = false;
        for (Context c : contexts) {
            Instant from = RangePlan.dayStart(first, c.zone()), to = RangePlan.dayStart(last.plusDays(1), c.zone());
            KpiResult k = kpisOrEmpty(c, from, to);
            if (k == null) k = Kpis.compute(from, to, now(), KpiTotals.EMPTY, new MonthlyPeaks(c.zone()), c.tou(), c.currency(), c.carbon());
            else any = true;
            entries.add(new Comparison.Entry(c.machine().id(), c.machine().name(), c.machine().type(), c.currency(), k));
        }
        if (!any) throw DomainException.NotFound.noData();
        return Comparison.rank(entries, metrics);
    }

    /** The longest comparison whose factories' coincident peaks are read: every quarter hour, 96 items a machine-day. */
    public static final int MAX_COINCIDENT_DAYS = 92;

    /**
     * One factory's coincident peak over the local dates compared, of its machines among those compared.
     *
     * @param machines            the machines compared that are the factory's
     * @param machinesInFactory   the factory's machines in service
     * @param peak                the coincident peak ({@link CoincidentPeak}); null with a {@code reason}
     * @param demandCharge        the demand charge on it, by the machines' rule ({@link Kpis#demandMonths}); null
     *                            without a tariff or a peak
     * @param sumOfMachineCharges the compared machines' own demand charges added up, as the comparison shows them; null
     *                            without a tariff or when none of them has one (no readings)
     */
    public record FactoryPeak(Factory factory, ZoneId zone, List<UUID> machines, int machinesInFactory,
                              CoincidentPeak.Result peak, Double demandCharge, Double sumOfMachineCharges, String currency,
                              String reason) {}

    /**
     * The coincident peak of each factory of the machines {@code compared} over its local dates {@code first..last}: the
     * machines' demand charges added up overstate the factory's bill, which is on its one meter's peak.
     */
    public List<FactoryPeak> coincidentPeaks(Comparison.Result compared, LocalDate first, LocalDate last) {
        Map<UUID, List<Context>> byFactory = new LinkedHashMap<>();
        Map<UUID, KpiResult> kpis = new HashMap<>();
        for (Comparison.Ranked r : compared.machines()) {
            Context c = context(r.entry().machineId());
            kpis.put(c.machine().id(), r.entry().kpis());
            if (c.factory() != null) byFactory.computeIfAbsent(c.factory().id(), k -> new ArrayList<>()).add(c);
        }
        Instant now = now();
        List<FactoryPeak> out = new ArrayList<>();
        byFactory.forEach((id, contexts) -> {
            Context any = contexts.getFirst();
            List<UUID> ids = contexts.stream().map(c -> c.machine().id()).toList();
            int inFactory = (int) catalog.machines().stream().filter(m -> m.active() && m.factoryId().equals(id)).count();
            boolean priced = any.tou() != null;
            // none of the machines has a charge (no readings): no data, not 0.00
            List<Double> charges = priced ? ids.stream().map(kpis::get).map(k -> k.cost().demandCharge())
                    .filter(java.util.Objects::nonNull).toList() : List.of();
            Double machineCharges = charges.isEmpty() ? null : charges.stream().mapToDouble(Double::doubleValue).sum();
            if (java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1 > MAX_COINCIDENT_DAYS) {
                out.add(new FactoryPeak(any.factory(), any.zone(), ids, inFactory, null, null, machineCharges, any.currency(),
                        "Over " + MAX_COINCIDENT_DAYS + " days: the coincident peak is read from every quarter hour of each"
                                + " machine; ask for " + MAX_COINCIDENT_DAYS + " days or fewer"));
                return;
            }
            Instant from = RangePlan.dayStart(first, any.zone()), to = RangePlan.dayStart(last.plusDays(1), any.zone());
            CoincidentPeak.Result peak = CoincidentPeak.of(ids.stream()
                    .map(m -> telemetry.rollups(m, Resolution.MIN15, from, to)).toList(), from, to, now, any.zone());
            String reason = peak.valueKw() != null ? null
                    : ids.stream().map(kpis::get).allMatch(k -> k.totals().samples() == 0) ? Kpis.NO_READINGS : Kpis.NO_DEMAND_INTERVAL;
            Double charge = priced && peak.valueKw() != null ? Kpis.demandMonths(from, to, now, peak.months(), any.tou())
                    .stream().mapToDouble(MonthlyPeaks.Month::charge).sum() : null;
            out.add(new FactoryPeak(any.factory(), any.zone(), ids, inFactory, peak, charge, machineCharges, any.currency(), reason));
        });
        return out;
    }

    // ------------------------------------------------------------------ Sankey

    /** A day's Sankey, and the machines shown in it that had no reading that day (their flows are 0 for want of data). */
    public record SankeyDay(Sankey.Diagram diagram, List<String> withoutReadings) {}

    public SankeyDay sankey(List<Factory> shown, LocalDate date) {
        Map<UUID, Department> departments = departments();
        List<Sankey.MachineEnergy> flows = new ArrayList<>();
        List<String> withoutReadings = new ArrayList<>();
        boolean any = false;
        for (Factory f : shown) {
            // every machine of the factory that metered the day: one taken out of service (inactive) still drew what
            // its meter sent, and left out it made the factory's total less than was metered; an inactive one without
            // readings is not shown
            for (Machine m : catalog.machines()) {
                if (!m.factoryId().equals(f.id())) continue;
                Context c = context(m);
                KpiTotals day = dayTotals(c, date, date).getOrDefault(date, KpiTotals.EMPTY);
                if (!m.active() && day.samples() == 0) continue;
                any |= day.samples() > 0;
                if (day.samples() == 0) withoutReadings.add(m.name());
                Department d = m.departmentId() == null ? null : departments.get(m.departmentId());
                flows.add(new Sankey.MachineEnergy(m.id(), m.name(), f.id(), d == null ? null : d.name(), day.energyKwh()));
            }
        }
        if (!any) throw DomainException.NotFound.noData();
        return new SankeyDay(Sankey.build(shown.stream().map(f -> new Sankey.Factory(f.id(), f.name())).toList(), flows),
                List.copyOf(withoutReadings));
    }

    private Map<LocalDate, KpiTotals> dayTotals(Context c, LocalDate first, LocalDate last) {
        List<DailyKpiSnapshot> recomputed = new ArrayList<>();
        Instant now = now();
        MachineSource source = source(c.machine().id());
        Map<LocalDate, KpiTotals> days = PeriodReader.days(c.machine().id(), first, last, c.zone(), c.tou(),
                source, now, recomputed);
        storeSettled(source, recomputed, now);
        return days;
    }

    // ------------------------------------------------------------------ heatmaps

    /** An hourly heatmap and the zone of its days and hours. */
    public record HourlyHeatmap(ZoneId zone, List<Heatmap.HourCell> cells) {}

    /**
     * The machines' hourly energy by the local hours of their factory's zone; machines of factories in different zones
     * by UTC hours: summing Los Angeles's hour 8 with Munich's hour 8, nine real hours apart, made a profile of no moment.
     */
    public HourlyHeatmap hourly(List<Machine> machines, LocalDate first, LocalDate last) {
        ZoneId zone = commonZone(machines).orElse(ZoneId.of("UTC"));
        Instant from = RangePlan.dayStart(first, zone), to = RangePlan.dayStart(last.plusDays(1), zone);
        Resolution res = Heatmap.hourBucketsFit(zone, from, to) ? Resolution.HOUR : Resolution.MIN15;
        Map<UUID, List<Instant>> flagged = anomalyTimes(from, to);
        List<Heatmap.Series> series = new ArrayList<>();
        boolean any = false;
        for (Machine m : machines) {
            List<Rollup> buckets = res == Resolution.HOUR
                    ? hourBuckets(m.id(), from, to)
                    : telemetry.rollups(m.id(), res, from, to);
            any |= buckets.stream().anyMatch(b -> b.samples() > 0);
            series.add(new Heatmap.Series(zone, buckets, flagged.getOrDefault(m.id(), List.of())));
        }
        if (!any) throw DomainException.NotFound.noData();
        return new HourlyHeatmap(zone, Heatmap.hourly(first, last, series));
    }

    /** The one zone the machines' factories share; empty where they are in more than one. */
    public Optional<ZoneId> commonZone(List<Machine> machines) {
        java.util.Set<ZoneId> zones = new java.util.HashSet<>();
        machines.stream().map(Machine::factoryId).distinct()
                .forEach(f -> zones.add(zoneOf(catalog.factory(f).orElse(null))));
        return zones.size() == 1 ? Optional.of(zones.iterator().next()) : Optional.empty();
    }

    /**
     * Hour roll-ups of {@code [from, to)}; a local day bound that is not on a UTC hour (never, for
     * whole-hour zones) would have been routed to quarters by the caller.
     */
    private List<Rollup> hourBuckets(UUID machine, Instant from, Instant to) {
        return telemetry.rollups(machine, Resolution.HOUR, from, to);
    }

    public List<Heatmap.DayCell> daily(List<Machine> machines, LocalDate first, LocalDate last) {
        List<Heatmap.DailySeries> series = new ArrayList<>();
        boolean any = false;
        // the log read once, over every zone's days (a local day starts at most 14 hours either side of the UTC one)
        Map<UUID, List<Instant>> flagged = anomalyTimes(RangePlan.dayStart(first, ZoneOffset.UTC).minus(Duration.ofHours(14)),
                RangePlan.dayStart(last.plusDays(1), ZoneOffset.UTC).plus(Duration.ofHours(14)));
        for (Machine m : machines) {
            Context c = context(m);
            Map<LocalDate, KpiTotals> days = dayTotals(c, first, last);
            any |= days.values().stream().anyMatch(t -> t.samples() > 0);
            Instant from = RangePlan.dayStart(first, c.zone()), to = RangePlan.dayStart(last.plusDays(1), c.zone());
            List<Instant> own = flagged.getOrDefault(m.id(), List.of()).stream()
                    .filter(t -> !t.isBefore(from) && t.isBefore(to)).toList();
            series.add(new Heatmap.DailySeries(c.zone(), days, own));
        }
        if (!any) throw DomainException.NotFound.noData();
        return Heatmap.daily(first, last, series);
    }

    // ------------------------------------------------------------------ the daily job

    /**
     * After the roll-ups of a UTC day were repaired: the local days it overlaps lose their snapshots (the next read or run
     * computes them from the repaired roll-ups), and a day young enough to be late data ({@link
     * io.wattline.store.LateTelemetry#MAX_AGE}; older is history, which judged would fill the active anomalies with the
     * past) is noted for anomaly detection to judge again.
     */
    private void derivedFromRepairedDay(UUID machine, ZoneId zone, Instant utcDay) {
        java.util.Set<LocalDate> local = new java.util.TreeSet<>();
        for (LocalDate d = utcDay.atZone(zone).toLocalDate(); !d.isAfter(utcDay.plus(java.time.Duration.ofDays(1)).minusMillis(1)
                .atZone(zone).toLocalDate()); d = d.plusDays(1)) {
            local.add(d);
        }
        snapshots.forget(machine, local);
        if (utcDay.plus(java.time.Duration.ofDays(1)).isAfter(now().minus(io.wattline.store.LateTelemetry.MAX_AGE))) {
            lateTelemetry.note(machine, List.of(LocalDate.ofInstant(utcDay, java.time.ZoneOffset.UTC)));
        }
    }

    /** What one run of {@code kpi_calculate} did. */
    public record JobOutcome(int machines, int snapshots, int repairedHours, List<String> failures) {}

    /**
     * Stores each active machine's snapshot of its previous local day (relative to {@code time}) and of
     * the {@value #JOB_LOOKBACK_DAYS} days before it, recomputed from 15-minute roll-ups. Writing a day again
     * replaces it, so re-running the job (or a retried invocation) is harmless. A machine that fails does
     * not stop the others. First it repairs the roll-ups of those days that are behind their points (a batch
     * whose writer stopped between the points and their roll-ups), so no snapshot is computed from them.
     */
    public JobOutcome snapshotJob(Instant time) {
        int machines = 0, written = 0, repaired = 0;
        List<String> failures = new ArrayList<>();

        for (Machine m : activeMachines()) {
            try {
                Context c = context(m);
                LocalDate last = time.atZone(c.zone()).toLocalDate().minusDays(1);
                LocalDate first = last.minusDays(JOB_LOOKBACK_DAYS);
                Instant from = RangePlan.dayStart(first, c.zone()), to = RangePlan.dayStart(last.plusDays(1), c.zone());
                // older days a write marked and did not finish (a backfill that stopped half way), then the job's own;
                // what was derived from their lagging roll-ups goes with them: the days' snapshots, and their anomaly
                // judgement (the writer that stopped never noted them for detection)
                repaired += telemetry.repairMarkedDays(m.id(), now().minus(TelemetryStore.LONGEST_WRITE),
                        day -> derivedFromRepairedDay(m.id(), c.zone(), day));
                repaired += telemetry.repairRollups(m.id(), from, to);
                // the days' marks before their roll-ups are read: a day that late data reaches meanwhile is not stored
                Map<LocalDate, String> marks = snapshots.read(m.id(), first, last).marks();
                List<Rollup> quarters = telemetry.rollups(m.id(), Resolution.MIN15, from, to);
                List<DailyKpiSnapshot> out = new ArrayList<>();
                for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                    if (!RangePlan.dayOnQuarters(d, c.zone())) continue;
                    out.add(DailyKpiSnapshot.compute(m.id(), d, c.zone(), quarters, c.tou(), now()));
                }
                written += snapshots.putAll(m.id(), out, marks);
                machines++;
            } catch (RuntimeException e) {
                LOG.error("kpi snapshot of machine {} failed", m.id(), e);
                failures.add(m.id() + ": " + e.getClass().getSimpleName());
            }
        }
        return new JobOutcome(machines, written, repaired, List.copyOf(failures));
    }
}
