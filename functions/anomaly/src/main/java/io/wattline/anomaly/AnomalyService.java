package io.wattline.anomaly;

import io.wattline.analytics.baseline.AnomalyRules;
import io.wattline.analytics.baseline.BaselineFit;
import io.wattline.analytics.baseline.BaselineModel;
import io.wattline.analytics.baseline.BaselineTrainer;
import io.wattline.anomaly.store.Anomaly;
import io.wattline.anomaly.store.AnomalyStore;
import io.wattline.jobs.JobRuns;
import io.wattline.domain.DomainException;
import io.wattline.domain.Machine;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.http.Json;
import io.wattline.store.AnomalyLog;
import io.wattline.store.CatalogStore;
import io.wattline.store.LateTelemetry;
import io.wattline.store.ModelRegistry;
import io.wattline.store.TelemetryStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Baselines and anomalies of machines: training (a new registry version each time, made active), prediction,
 * deviation from the active baseline, detection of anomalies over a window (stored idempotently), their
 * listing and resolution, and the two scheduled jobs. Speaks the domain: throws {@link DomainException}.
 */
public final class AnomalyService {
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyService.class);
    public static final String MODEL_TYPE = "baseline";
    /** Days a baseline is trained on when the request names no period, and by the weekly job. */
    public static final int TRAINING_DAYS = 30;
    /** Context before a detection window: drift compares the last day with the one before it. */
    static final Duration DRIFT_CONTEXT = Duration.ofHours(2L * AnomalyRules.DRIFT_HOURS);
    /**
     * Readings before a window in which a stuck run may have started (its start names the anomaly); a run already
     * stuck there is traced further back ({@link #stuckContext}).
     */
    static final Duration STUCK_CONTEXT = Duration.ofHours(12);

    private final CatalogStore catalog;
    private final TelemetryStore telemetry;
    private final ModelRegistry registry;
    private final AnomalyStore anomalies;
    private final LateTelemetry late;
    private final Supplier<Instant> clock;

    public AnomalyService(CatalogStore catalog, TelemetryStore telemetry, ModelRegistry registry, AnomalyStore anomalies,
                          Supplier<Instant> clock) {
        this(catalog, telemetry, registry, anomalies, LateTelemetry.NONE, clock);
    }

    /** {@code late}: the machine-days the data function noted as written after the hourly detection passed them. */
    public AnomalyService(CatalogStore catalog, TelemetryStore telemetry, ModelRegistry registry, AnomalyStore anomalies,
                          LateTelemetry late, Supplier<Instant> clock) {
        this.catalog = catalog;
        this.telemetry = telemetry;
        this.registry = registry;
        this.anomalies = anomalies;
        this.late = late;
        this.clock = clock;
    }

    public Instant now() {
        return clock.get();
    }

    public Machine machine(UUID id) {
        return catalog.machine(id).orElseThrow(() -> DomainException.NotFound.machine());
    }

    public List<Machine> activeMachines() {
        return catalog.machines().stream().filter(Machine::active).toList();
    }

    // ------------------------------------------------------------------ baselines

    /** A stored version with its metadata. */
    public record Version(ModelRegistry.ModelVersion version, BaselineMeta meta, boolean active) {}

    public List<Version> models(UUID machineId) {
        machine(machineId);
        String scope = machineId.toString();
        ModelRegistry.Kept kept = registry.kept(MODEL_TYPE, scope);
        return kept.versions().stream().map(v -> new Version(v, v.metadata(BaselineMeta.class), kept.isActive(v))).toList();
    }

    /** A model by its id, among the versions of every machine. */
    public Version model(String modelId) {
        for (Machine m : catalog.machines()) {
            String scope = m.id().toString();
            ModelRegistry.Kept kept = registry.kept(MODEL_TYPE, scope);
            for (ModelRegistry.ModelVersion v : kept.versions()) {
                BaselineMeta meta = v.metadata(BaselineMeta.class);
                if (meta.id().equals(modelId)) return new Version(v, meta, kept.isActive(v));
            }
        }
        throw new DomainException.NotFound("Model not found");
    }

    /** The active baseline of a machine and its artefact: what predicting needs (never a retraining). */
    public record Active(Version version, BaselineModel model) {}

    public Optional<Active> active(UUID machineId) {
        return registry.active(MODEL_TYPE, machineId.toString()).map(v -> new Active(
                new Version(v, v.metadata(BaselineMeta.class), true),
                readModel(registry.artefact(v))));
    }

    static BaselineModel readModel(byte[] artefact) {
        try {
            return Json.SNAKE.readValue(artefact, BaselineModel.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable baseline artefact", e);
        }
    }

    public Active requireActive(UUID machineId) {
        return requireActive(machine(machineId));
    }

    private Active requireActive(Machine m) {
        return active(m.id()).orElseThrow(() -> DomainException.NotFound.notTrained());
    }

    /** Whether the machine counts units (the default drivers depend on it). */
    boolean producing(Machine m, Instant from, Instant to) {
        return telemetry.rollups(m.id(), Resolution.DAY, Resolution.DAY.bucketOf(from), to).stream()
                .anyMatch(r -> r.production() > 0);
    }

    /**
     * Trains a new baseline version of the machine on {@code [from, to)} and makes it active, but a model on the
     * machine's own power ({@link #judges}) never replaces one that can judge energy: it is kept as a version, which
     * {@link #activate} makes active on request.
     *
     * @param drivers canonical driver names, or empty for the machine's defaults
     */
    public Version train(UUID machineId, Instant from, Instant to, List<String> drivers, BaselineModel.Granularity g) {
        Machine m = machine(machineId);
        List<String> used = drivers.isEmpty() ? Drivers.defaults(producing(m, from, to)) : drivers;
        Resolution res = Drivers.resolution(g);
        Map<String, Double> balance = Drivers.balancePoints(catalog, telemetry, m, used, res, from, to);
        // an incident's hours are not the machine's habit: a baseline fitted with them (and its error measured on them:
        // an air leak in the held-out tail tripled Compressor-1's RMSE) flags less and calls healthy days drift
        Drivers.Samples all = Drivers.load(catalog, telemetry, m, used, res, from, to, balance);
        Drivers.Samples s = all.without(incidents().incidentHours(m.id(), from, to), res);
        if (s.size() < BaselineTrainer.MIN_SAMPLES) {
            int incidents = all.size() - s.size();
            throw new DomainException.InvalidInput("Not enough data to train a baseline: " + s.size() + " samples in "
                    + "this period, at least " + BaselineTrainer.MIN_SAMPLES + " needed" + s.whyFew(res)
                    + (incidents == 0 ? "" : " (" + incidents + " more were left out: the machine's stored incidents)"));
        }
        // a default driver that never varies (no cooling in a cold month) is left out, not an error
        if (drivers.isEmpty()) s = s.varying();
        used = s.drivers();
        if (used.isEmpty()) {
            throw new DomainException.InvalidInput("None of the default drivers varies in this period; name drivers to train on");
        }
        BaselineFit fit = fit(s, g, balance);
        if (drivers.isEmpty()) {
            // a default degree driver that adds nothing (EnPI: p ≥ 0.2, e.g. a cooling base the weather barely reaches)
            // is left out and the model fitted again without it
            List<String> weak = fit.enpi().insignificantDrivers().stream()
                    .filter(d -> d.equals(Drivers.HEATING) || d.equals(Drivers.COOLING)).toList();
            if (!weak.isEmpty() && weak.size() < used.size()) {
                s = s.only(used.stream().filter(d -> !weak.contains(d)).toList());
                fit = fit(s, g, balance);
            }
        }
        BaselineMeta meta = BaselineMeta.of(m.id(), fit, from, to, m.name(), java.util.Arrays.stream(s.energy()).max().orElse(0));
        byte[] artefact = Json.write(Json.SNAKE, fit.model()).getBytes(StandardCharsets.UTF_8);
        String scope = m.id().toString();
        boolean judging = judges(meta);
        ModelRegistry.ModelVersion v = registry.register(MODEL_TYPE, scope, artefact, meta,
                current -> judging || current.map(a -> !judges(a.metadata(BaselineMeta.class))).orElse(true));
        return new Version(v, meta, v.version() == registry.activeVersion(MODEL_TYPE, scope));
    }

    /**
     * Whether a baseline can judge the machine's energy: one with {@code power_kw} among its drivers explains the energy
     * by definition (energy = mean power × hours), so against it no hour is ever above or below its expectation
     * (the seed's own example names it; a client that trained one switched anomaly detection off).
     */
    static boolean judges(BaselineMeta meta) {
        return !meta.drivers().contains(Drivers.POWER);
    }

    /** Makes a kept version of a machine's baseline the active one (a rollback, or a power_kw model on purpose). */
    public Version activate(String modelId) {
        Version v = model(modelId);
        ModelRegistry.ModelVersion active = registry.activate(MODEL_TYPE, v.version().scope(), v.version().version());
        return new Version(active, v.meta(), true);
    }

    /** The stored anomalies as the other functions read them ({@link AnomalyLog}). */
    private AnomalyLog incidents() {
        return (from, to) -> anomalies.detectedBetween(from, to).stream().map(a -> new AnomalyLog.Entry(a.id(), a.machineId(),
                a.detectedAt(), a.windowEnd(), a.anomalyType(), a.severity(), a.status())).toList();
    }

    private static BaselineFit fit(Drivers.Samples s, BaselineModel.Granularity g, Map<String, Double> balance) {
        Map<String, Double> used = new LinkedHashMap<>(balance);
        used.keySet().retainAll(s.drivers());
        try {
            return BaselineTrainer.fit(s.drivers(), s.x(), s.energy(), g, used);
        } catch (IllegalArgumentException e) {
            throw new DomainException.InvalidInput(e.getMessage());
        }
    }

    /**
     * Expected energy of one bucket from the active baseline; {@code note} says why the answer is not the model's
     * own figure (null when it is).
     */
    public record Prediction(Active model, double expected, double lower, double upper, String note) {}

    /** z of a two-sided 95 % interval: the prediction's band from the held-out RMSE and the formula's variance. */
    static final double Z95 = 1.959964;

    /**
     * The active baseline's expected energy for one bucket with these driver values (canonical names). Every driver
     * of the model must be given (heating and cooling degrees may come as the outdoor temperature), and every value
     * given must be one a bucket of the model can have ({@link Drivers#range}); otherwise {@link InvalidInputs} names
     * each one. A linear model extrapolates: at inputs far from those it learned on it can go below zero, and no
     * machine gives energy back, so the answer is then 0 with a note saying so (and the band is cut at 0 likewise).
     * {@code givenAs} holds the name the caller gave a driver under where it was not the canonical one (an alias, or
     * another casing): the messages name the driver as the caller did.
     */
    public Prediction predict(UUID machineId, Map<String, Double> inputs, Map<String, String> givenAs) {
        Machine m = machine(machineId);
        Active a = requireActive(m);
        BaselineModel model = a.model();
        Resolution res = Drivers.resolution(model.granularity());
        List<InputProblem> problems = new ArrayList<>();
        inputs.forEach((driver, v) -> {
            Drivers.Range r = Drivers.range(driver, res, model.balancePointsC());
            // named as the caller named it (an alias too), as the error's loc names it
            String name = givenAs.getOrDefault(driver, driver);
            String allowed = ": " + name + " is " + r.meaning() + ", from " + Drivers.fmt(r.min()) + " to " + Drivers.fmt(r.max());
            if (v < r.min()) {
                problems.add(new InputProblem(driver, "greater_than_equal",
                        "Input should be greater than or equal to " + Drivers.fmt(r.min()) + allowed));
            } else if (v > r.max()) {
                problems.add(new InputProblem(driver, "less_than_equal",
                        "Input should be less than or equal to " + Drivers.fmt(r.max()) + allowed));
            }
        });
        double[] x = new double[model.drivers().size()];
        Double outdoor = inputs.get(Drivers.OUTDOOR);
        for (int j = 0; j < x.length; j++) {
            String driver = model.drivers().get(j);
            Double v = inputs.get(driver);
            // heating and cooling degrees may be given as the outdoor temperature: counted from the model's bases
            Double counted = outdoor == null ? null : Drivers.fromOutdoor(driver, outdoor, model.balancePointsC());
            if (v != null && counted != null && Math.abs(v - counted) > 0.05) {
                // both, and they disagree: one would be dropped unseen (30 °C beside 5 heating degrees answered as 10 °C)
                String name = givenAs.getOrDefault(driver, driver);
                problems.add(new InputProblem(driver, "value_error", "Value error, " + name + " " + Drivers.fmt(v)
                        + " disagrees with outdoor_temperature_c " + Drivers.fmt(outdoor) + ", which gives "
                        + Drivers.fmt(counted) + " from the model's balance point: give one of the two"));
            }
            if (v == null) v = counted;
            if (v == null) problems.add(new InputProblem(driver, "missing", "Field required: the active baseline uses " + driver));
            else x[j] = v;
        }
        if (!problems.isEmpty()) throw new InvalidInputs(problems);
        // a bucket's error as the held-out tail showed it, and the formula's own uncertainty at these inputs, which grows
        // beyond the conditions the model learned from
        double rmse = a.version().meta().heldOut().rmse(), formula = model.meanVariance(x);
        double y = model.predict(x), band = Z95 * Math.sqrt(rmse * rmse + (Double.isNaN(formula) ? 0 : formula));
        double ceiling = ceiling(m, a.version().meta(), res);
        String note = y < 0 ? String.format(java.util.Locale.ROOT, "The baseline's linear formula gives %.3f kWh "
                + "for these inputs: energy cannot be negative, so 0 is answered. The inputs lie outside the conditions "
                + "the model learned from, where its formula does not hold", y)
                : y > ceiling ? String.format(java.util.Locale.ROOT, "The baseline's linear formula gives %.3f kWh for these"
                + " inputs, more than the machine can draw in a bucket (its rated power over the bucket, or the most it drew"
                + " in one while the model learned, %.3f kWh): that is answered. The inputs lie outside the conditions the"
                + " model learned from, where its formula does not hold", y, ceiling)
                : null;
        return new Prediction(a, clamp(y, ceiling), clamp(y - band, ceiling), clamp(y + band, ceiling), note);
    }

    /**
     * The active baseline's expectation of each sample, as predict answers it: between nothing and what the machine
     * can draw ({@link #ceiling}); the deviation route and detection judge against the same figure.
     */
    private static double[] expectations(Machine m, Active a, Drivers.Samples s, Resolution res) {
        double ceiling = ceiling(m, a.version().meta(), res);
        double[] expected = new double[s.size()];
        for (int i = 0; i < s.size(); i++) expected[i] = clamp(a.model().predict(s.x()[i]), ceiling);
        return expected;
    }

    private static double clamp(double v, double ceiling) {
        return Math.min(Math.max(0, v), ceiling);
    }

    /**
     * The most energy a bucket of the machine can hold: its rated power over the bucket's hours, or the most a bucket
     * held while the model learned if that was more (a machine drawing above its nameplate); unbounded without a rated
     * power. A linear formula extrapolates without one: an HVAC rated at 150 kW was predicted 312 kWh an hour at 70 °C.
     */
    static double ceiling(Machine m, BaselineMeta meta, Resolution res) {
        if (!(m.ratedPowerKw() > 0)) return Double.POSITIVE_INFINITY;
        return Math.max(m.ratedPowerKw() * res.length().toMinutes() / 60.0, meta.highestEnergyKwh() == null ? 0 : meta.highestEnergyKwh());
    }

    /** One input of a prediction that cannot be taken: the driver (canonical name), pydantic's error type and why. */
    public record InputProblem(String driver, String type, String message) {}

    /** Inputs of a prediction that are missing or out of range (answered as a 422 naming each one). */
    public static final class InvalidInputs extends RuntimeException {
        final List<InputProblem> problems;

        InvalidInputs(List<InputProblem> problems) {
            super("invalid inputs " + problems, null, false, false);
            this.problems = List.copyOf(problems);
        }
    }

    public record DeviationReport(Active model, List<AnomalyRules.Deviation> points) {}

    /**
     * {@link #compare}, for a caller who asked for the period: a period without a single bucket to compare is not
     * found ({@value DomainException.NotFound#NO_DATA}), as the original EnMS answered a range without data, rather
     * than an empty comparison a caller would read as a machine on its baseline.
     */
    public DeviationReport deviation(UUID machineId, Instant from, Instant to) {
        DeviationReport r = compare(machineId, from, to);
        if (r.points().isEmpty()) throw DomainException.NotFound.noData();
        return r;
    }

    /**
     * The active baseline's expectation beside each whole bucket of {@code [from, to)} ({@link Drivers#wholeUntil}) that
     * the meter covered and that has every driver's value; empty when there is none. A bucket that holds an hour of a
     * stuck meter (every reading one non-zero value) is no anomaly of energy here, as in detection: its energy was not
     * measured (a stuck conveyor's hours were listed as drops of 92 % beside its stuck-meter anomaly).
     */
    public DeviationReport compare(UUID machineId, Instant from, Instant to) {
        Machine m = machine(machineId);
        Active a = requireActive(m);
        Resolution res = Drivers.resolution(a.model().granularity());
        Instant until = Drivers.wholeUntil(res, to, now());
        Drivers.Samples s = Drivers.load(catalog, telemetry, m, a.model().drivers(), res, from,
                until.isAfter(from) ? until : from, a.model().balancePointsC());
        double[] expected = expectations(m, a, s, res);
        List<AnomalyRules.Deviation> points = AnomalyRules.deviations(s.time(), s.energy(), expected,
                a.version().meta().heldOut().rmse());
        if (points.stream().anyMatch(AnomalyRules.Deviation::isAnomaly)) {
            points = AnomalyRules.exceptStuck(points, res.length(), stuckHours(m, from, until));
        }
        return new DeviationReport(a, points);
    }

    /** The hours of {@code [from, to)} of a stuck meter ({@link AnomalyRules#stuckHour}). */
    private Set<Instant> stuckHours(Machine m, Instant from, Instant to) {
        Set<Instant> out = new HashSet<>();
        if (!to.isAfter(from)) return out;
        for (Rollup h : telemetry.rollups(m.id(), Resolution.HOUR, Resolution.HOUR.bucketOf(from), to)) {
            if (AnomalyRules.stuckHour(h.samples(), h.powerMax(), h.powerSum())) out.add(h.bucket());
        }
        return out;
    }

    // ------------------------------------------------------------------ anomalies

    /**
     * The anomalies of a machine in a window, stored (once) and as stored; {@code created} counts the new ones,
     * {@code withdrawn} the stored ones judged again and no longer found ({@link #withdrawStale}).
     */
    public record Detection(Machine machine, Instant from, Instant to, String method, List<Anomaly> anomalies, int created,
                            int withdrawn) {}

    public Detection detect(UUID machineId, Instant from, Instant to) {
        return detect(machineId, from, to, false);
    }

    /**
     * As {@link #detect(UUID, Instant, Instant)}; {@code requireData}: a window without a reading is not found
     * ({@value DomainException.NotFound#NO_DATA}: a future window, or one before the meter was installed), rather than
     * "no anomalies", which a caller would read as a clean period. The hourly job passes over such windows.
     */
    public Detection detect(UUID machineId, Instant from, Instant to, boolean requireData) {
        Machine m = machine(machineId);
        List<Reading> readings = stuckContext(m, from, to);
        Instant[] t = new Instant[readings.size()];
        double[] kw = new double[readings.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = readings.get(i).timestamp();
            kw[i] = readings.get(i).powerKw();
        }
        if (requireData && (t.length == 0 || t[t.length - 1].isBefore(from))) {
            throw DomainException.NotFound.noData();
        }
        // a power_kw baseline sees no energy anomaly (judges): the seasonal rule judges instead, as without a baseline
        Optional<Active> active = active(machineId).filter(a -> judges(a.version().meta()));
        AnomalyRules.Judged energy = active.isPresent() ? baselineFindings(m, active.get(), from, to) : seasonalFindings(m, from, to);
        String judge = active.map(AnomalyService::judgeOf).orElse(SEASONAL_JUDGE);
        List<AnomalyRules.Finding> findings = new ArrayList<>(energy.findings());
        List<AnomalyRules.Finding> stuck = AnomalyRules.stuckMeter(t, kw, from, to);
        // an hour of a stuck run is the stuck meter's anomaly: its energy was not measured, so a drop or spike the
        // repeated value makes there is not reported beside it (a demo conveyor stuck for six hours showed both)
        findings.removeIf(f -> AnomalyLog.HOURLY_FINDINGS.contains(f.type()) && stuck.stream()
                .anyMatch(s -> f.start().isBefore(s.end()) && s.start().isBefore(f.end())));
        findings.addAll(stuck);

        Map<String, Anomaly> found = new LinkedHashMap<>();
        for (AnomalyRules.Finding f : findings) {
            Anomaly a = anomaly(m, f, f.type().equals("stuck_meter") ? READINGS_JUDGE : judge);
            found.putIfAbsent(a.id(), a);
        }
        List<Anomaly> out = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        // the machine's stored anomalies from a day (the longest bucket) before the window: the same incident stored
        // at another granularity, and what this run may withdraw; read once
        List<Anomaly> near = anomalies.detectedBetween(from.minus(Duration.ofDays(1)), to).stream()
                .filter(b -> b.machineId().equals(m.id())).toList();
        int created = 0;
        for (Anomaly a : found.values()) {
            if (AnomalyLog.HOURLY_FINDINGS.contains(a.anomalyType())) {
                List<Anomaly> same = near.stream().filter(b -> overlaps(a, b)).toList();
                if (!same.isEmpty()) { // the same incident, stored at another baseline's granularity (one or more buckets)
                    for (Anomaly b : same) if (answered.add(b.id())) out.add(b);
                    continue;
                }
            }
            if (!answered.add(a.id())) continue;
            if (anomalies.insert(a)) {
                created++;
                out.add(a);
                continue;
            }
            Anomaly stored = anomalies.get(a.id()).orElse(a); // as stored: an earlier run's, perhaps resolved since
            // the same start seen reaching further (a meter still stuck): its length and severity as they are now
            if (a.detectedAt().equals(stored.detectedAt()) && a.windowEnd().isAfter(stored.windowEnd())) {
                stored = anomalies.extend(a).orElse(stored);
            }
            out.add(stored);
        }
        int withdrawn = withdrawStale(m, near, from, to, judge, energy, findings, answered);
        return new Detection(m, from, to, active.isPresent() ? "baseline" : "seasonal", out, created, withdrawn);
    }

    /** What judged an anomaly ({@link Anomaly#judgedBy}): the seasonal rule, a stuck meter's readings, a baseline version. */
    static final String SEASONAL_JUDGE = "seasonal", READINGS_JUDGE = "readings";

    /** A baseline version and its granularity: the same judge sees the same data the same way. */
    private static String judgeOf(Active a) {
        return "baseline " + a.version().version().version() + " " + a.model().granularity().label();
    }

    /**
     * Removes the machine's stored unresolved anomalies that the same judge looked at again in this run and no longer
     * found: the data under them changed since (production counts that came in late, corrected readings), and left
     * listed they stayed active, kept their hours out of forecast training and marked the heatmap (a backfill's 76
     * false spikes stayed after its counts came in). A spike or drop is judged again when the same baseline version
     * and granularity (or the seasonal rule) judged its bucket, unless a drift this run found covers it (drift takes
     * its hours); a stuck meter when its run reaches into the window ({@link AnomalyRules#stuckReaches}). Drift, whose
     * verdict depends on the context a window loads, another judge's findings and resolved anomalies (a person's
     * record) stay. {@code found}: the ids this run answered with.
     */
    private int withdrawStale(Machine m, List<Anomaly> stored, Instant from, Instant to, String judge,
                              AnomalyRules.Judged energy, List<AnomalyRules.Finding> findings, Set<String> found) {
        int withdrawn = 0;
        // stored from a day before the window: a stuck run that began earlier stays
        for (Anomaly a : stored) {
            if (!Anomaly.UNRESOLVED.equals(a.status()) || found.contains(a.id())) continue;
            boolean judgedAgain = switch (a.anomalyType()) {
                case "energy_spike", "energy_drop" -> judge.equals(a.judgedBy()) && energy.covers(a.detectedAt())
                        && findings.stream().noneMatch(f -> f.type().equals("drift")
                        && f.start().isBefore(a.windowEnd()) && a.detectedAt().isBefore(f.end()));
                case "stuck_meter" -> READINGS_JUDGE.equals(a.judgedBy()) && AnomalyRules.stuckReaches(a.detectedAt(), a.windowEnd(), from, to);
                default -> false;
            };
            if (judgedAgain && anomalies.withdraw(a)) {
                LOG.info("withdrew {} of {} at {}: not found again in the data as it is now", a.anomalyType(), m.name(), a.detectedAt());
                withdrawn++;
            }
        }
        return withdrawn;
    }

    /**
     * A stored energy anomaly of the same machine and type over part of the same time, under another id: the bucket it
     * was named by was another granularity's (an hourly baseline's 17:00-18:00 against a 15-minute one's 17:15). The
     * same incident, so it is not stored twice in two units.
     */
    private static boolean overlaps(Anomaly a, Anomaly stored) {
        return !stored.id().equals(a.id()) && stored.anomalyType().equals(a.anomalyType())
                && stored.detectedAt().isBefore(a.windowEnd()) && a.detectedAt().isBefore(stored.windowEnd());
    }

    /**
     * A machine's readings from {@link #STUCK_CONTEXT} before the window to its end, and, when the meter was already
     * stuck at the first of them and still is in the window, the readings where that run began: a stuck run is named
     * by its start, and a run longer than the context traced from wherever the context began got a new name (a new
     * anomaly) every hour. The hourly roll-ups find the run's start without reading its raw points: an hour whose
     * every reading is the stuck value is inside the run; the latest hour before it that is not holds the start, or
     * its end. Traced back at most {@link #STUCK_TRACE}.
     */
    private List<Reading> stuckContext(Machine m, Instant from, Instant to) {
        Instant start = Resolution.HOUR.bucketOf(from.minus(STUCK_CONTEXT));
        List<Reading> readings = telemetry.readings(m.id(), start, to);
        if (readings.isEmpty() || readings.get(0).powerKw() == 0) return readings;
        double stuck = readings.get(0).powerKw();
        for (Reading r : readings) {
            if (r.powerKw() != stuck) return readings; // the run at the context's start ends before the window
            if (!r.timestamp().isBefore(from)) break;
        }
        if (readings.get(readings.size() - 1).timestamp().isBefore(from)) return readings; // nothing in the window
        List<Rollup> hours = telemetry.rollups(m.id(), Resolution.HOUR, start.minus(STUCK_TRACE), start);
        Instant firstStuck = null, before = null;
        for (int i = hours.size() - 1; i >= 0; i--) {
            Rollup h = hours.get(i);
            if (h.samples() == 0) continue;
            if (!allAt(h, stuck)) {
                before = h.bucket();
                break;
            }
            firstStuck = h.bucket();
        }
        if (firstStuck == null && before == null) return readings; // the meter's first readings: the run starts here
        // the hour that ends the earlier run and the run's first whole hour: the readings between are all the stuck value
        Instant a = before != null ? before : firstStuck;
        Instant b = firstStuck != null ? firstStuck.plus(Resolution.HOUR.length()) : start;
        List<Reading> traced = new ArrayList<>(telemetry.readings(m.id(), a, b));
        traced.addAll(readings);
        return traced;
    }

    /** How far back a stuck run is traced to its start (beyond, its name moves with each run that sees it). */
    static final Duration STUCK_TRACE = AnomalyLog.LONGEST_STUCK_RUN;

    /** Whether every reading of an hour is this one non-zero value. */
    private static boolean allAt(Rollup h, double value) {
        return AnomalyRules.allAt(h.samples(), h.powerMax(), h.powerSum(), value);
    }

    private AnomalyRules.Judged baselineFindings(Machine m, Active a, Instant from, Instant to) {
        BaselineModel model = a.model();
        Resolution res = Drivers.resolution(model.granularity());
        Drivers.Samples s = Drivers.load(catalog, telemetry, m, model.drivers(), res, res.bucketOf(from.minus(DRIFT_CONTEXT)), to,
                model.balancePointsC());
        double[] expected = expectations(m, a, s, res);
        // buckets whose production count has not come in yet are judged by a later run, not as spikes now
        Instant judgedUntil = Drivers.judgedUntil(catalog, telemetry, m, model.drivers(), res, to, now());
        return new AnomalyRules.Judged(AnomalyRules.energyFindings(s.time(), s.energy(), expected,
                a.version().meta().heldOut().rmse(), res.length(), from, judgedUntil),
                AnomalyRules.within(s.time(), from, judgedUntil), res.length());
    }

    /**
     * Without a baseline: each hour's energy against the range the same hour took over the days before it
     * ({@link AnomalyRules#seasonalFindings}), from the hourly roll-ups of {@link AnomalyRules#SEASONAL_DAYS} days
     * before the window on. An hour the meter covered only in part (the data starts or stops in it) is no measurement
     * of the hour.
     */
    private AnomalyRules.Judged seasonalFindings(Machine m, Instant from, Instant to) {
        // the hourly job's three windows each judge an hour again: its verdict must not depend on where they start
        Instant first = Resolution.HOUR.bucketOf(from.minus(Duration.ofDays(AnomalyRules.SEASONAL_FETCH_DAYS)));
        List<Rollup> fetched = telemetry.rollups(m.id(), Resolution.HOUR, first, to);
        boolean[] covered = AnomalyRules.covered(fetched.stream().mapToLong(Rollup::samples).toArray());
        int n = fetched.isEmpty() ? 0 : (int) Duration.between(first, fetched.get(fetched.size() - 1).bucket()).toHours() + 1;
        double[] energy = new double[n];
        Arrays.fill(energy, Double.NaN);
        for (int i = 0; i < fetched.size(); i++) {
            if (covered[i]) energy[(int) Duration.between(first, fetched.get(i).bucket()).toHours()] = fetched.get(i).energyKwh();
        }
        // an hour still running (or cut by the end asked for) is judged by a later run, not as a drop now
        return AnomalyRules.seasonalFindings(first, energy, from, Drivers.wholeUntil(Resolution.HOUR, to, now()));
    }

    private static Anomaly anomaly(Machine m, AnomalyRules.Finding f, String judgedBy) {
        // drift is one anomaly per machine and UTC day, whichever hour saw it; the rest are named by their start
        String span = f.type().equals("drift")
                ? LocalDate.ofInstant(f.end().minusMillis(1), ZoneOffset.UTC).toString() : f.start().toString();
        Instant at = f.type().equals("drift") ? f.end() : f.start();
        return new Anomaly(Anomaly.idOf(m.id(), f.type(), span), m.id(), m.name(), at, f.end(), f.severity(), f.type(),
                f.description(), round(f.actual()), round(f.expected()), round(f.deviation()),
                round(f.deviationPercent()), Anomaly.UNRESOLVED, null, null, judgedBy);
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? io.wattline.http.Decimals.round(v, 3) : null;
    }

    public List<Anomaly> recent(Instant from, Instant to) {
        return anomalies.detectedBetween(from, to);
    }

    public List<Anomaly> unresolved() {
        return anomalies.unresolved();
    }

    public Anomaly resolve(String id, String notes) {
        return anomalies.resolve(id, now().truncatedTo(ChronoUnit.MILLIS), notes)
                .orElseThrow(() -> new DomainException.NotFound("Anomaly not found"));
    }

    /** The incidents these anomalies belong to, their neighbours of the same machine and type read around them. */
    Incidents incidents(List<Anomaly> shown) {
        if (shown.isEmpty()) return new Incidents(List.of(), now());
        Instant from = shown.stream().map(Anomaly::detectedAt).min(Instant::compareTo).orElseThrow().minus(Incidents.REACH);
        Instant to = shown.stream().map(Anomaly::windowEnd).max(Instant::compareTo).orElseThrow().plus(Incidents.REACH);
        return new Incidents(anomalies.detectedBetween(from, to), now());
    }

    /**
     * Resolves an anomaly and, with {@code wholeIncident}, every other unresolved anomaly of its incident (an air leak
     * fixed once is resolved once, not hour by hour); the anomalies resolved, the asked one first.
     */
    public List<Anomaly> resolve(String id, String notes, boolean wholeIncident) {
        Anomaly first = resolve(id, notes);
        List<Anomaly> out = new ArrayList<>(List.of(first));
        if (!wholeIncident) return out;
        for (String other : incidents(List.of(first)).of(first).members()) {
            if (other.equals(first.id())) continue;
            anomalies.get(other).filter(a -> Anomaly.UNRESOLVED.equals(a.status()))
                    .flatMap(a -> anomalies.resolve(a.id(), first.resolvedAt(), notes)).ifPresent(out::add);
        }
        return out;
    }

    // ------------------------------------------------------------------ jobs

    /**
     * What a job did for each machine; {@code failures} name the machines (and why) it could not do; {@code withdrawn}
     * counts anomalies the data no longer shows, {@code lateDays} machine-days judged again because telemetry came in
     * after the runs that looked at them; {@code unchanged} the machines the retraining left as they were, already trained
     * on its window (counted in {@code done}, not in {@code trained}).
     */
    public record JobOutcome(int machines, int done, int anomalies, List<String> skipped, List<String> failures,
                             List<Version> trained, int unchanged, int withdrawn, int lateDays) {}

    /** Hours the {@code anomaly_detect} job looks back: an hour whose production count came in late is judged by a later run. */
    static final int DETECT_JOB_HOURS = 3;

    /** Late machine-days judged per run at most, and the run's time for them: the rest wait for the next run. */
    static final int LATE_DAYS_PER_RUN = 48;
    static final Duration LATE_DAYS_BUDGET = Duration.ofSeconds(60);

    /**
     * {@code anomaly_detect}: the last {@link #DETECT_JOB_HOURS} whole hours before the scheduled time, for every active
     * machine (detection is idempotent, so an hour seen twice is stored once), then the UTC days the data function
     * noted as written late ({@link LateTelemetry}), whole, up to the same hour: a gateway's buffer sent after an outage,
     * a backfill, corrected readings or late production counts, which no 3-hour window reaches any more: at most
     * {@link #LATE_DAYS_PER_RUN}, and none started after {@link #LATE_DAYS_BUDGET} (the function's timeout is 600 s). A
     * day is marked judged after its detection; written again meanwhile it stays noted, and one whose detection fails
     * is tried by {@value LateTelemetry#ATTEMPTS} runs, then dropped with its failure reported.
     */
    public JobOutcome detectJob(Instant scheduled) {
        long deadline = System.nanoTime() + LATE_DAYS_BUDGET.toNanos(); // from the run's start: the timeout is the run's
        Instant end = scheduled.truncatedTo(ChronoUnit.HOURS), start = end.minus(Duration.ofHours(DETECT_JOB_HOURS));
        List<Machine> machines = activeMachines();
        int done = 0, found = 0, withdrawn = 0;
        List<String> failures = new ArrayList<>();
        for (Machine m : machines) {
            try {
                Detection d = detect(m.id(), start, end);
                found += d.created();
                withdrawn += d.withdrawn();
                done++;
            } catch (RuntimeException e) {
                failures.add(m.name() + ": " + JobRuns.reason(e));
            }
        }
        int lateDays = 0;
        Set<UUID> active = new HashSet<>();
        machines.forEach(m -> active.add(m.id()));
        List<LateTelemetry.Pending> pending = System.nanoTime() > deadline ? List.of() : late.pending(LATE_DAYS_PER_RUN);
        for (LateTelemetry.Pending p : pending) {
            if (System.nanoTime() > deadline) break;
            Instant dayStart = p.day().atStartOfDay(ZoneOffset.UTC).toInstant(), dayOver = dayStart.plus(Duration.ofDays(1));
            Instant dayEnd = dayOver.isBefore(end) ? dayOver : end;
            boolean judging = active.contains(p.machineId()); // a machine no longer active (or removed) has nothing to judge
            try {
                if (judging && dayStart.isBefore(dayEnd)) {
                    Detection d = detect(p.machineId(), dayStart, dayEnd);
                    found += d.created();
                    withdrawn += d.withdrawn();
                }
            } catch (RuntimeException e) {
                boolean dropped = false;
                try {
                    dropped = late.failed(p);
                } catch (RuntimeException f) {
                    e.addSuppressed(f);
                }
                failures.add(p.machineId() + " " + p.day() + " (written late" + (dropped ? ", not tried again" : "") + "): " + JobRuns.reason(e));
                continue;
            }
            // a day the run's hour has not passed stays noted: its later hours are judged again by the next run
            if (judging && dayEnd.isBefore(dayOver)) continue;
            try {
                late.judged(p);
                lateDays++;
            } catch (RuntimeException e) {
                failures.add(p.machineId() + " " + p.day() + " (written late): judged, but not marked so: " + e.getMessage());
            }
        }
        return new JobOutcome(machines.size(), done, found, List.of(), failures, List.of(), 0, withdrawn, lateDays);
    }

    /**
     * A new baseline of the machine on the {@link #TRAINING_DAYS} days before {@code at}, with the drivers and
     * granularity of its active baseline (its defaults if it has none).
     */
    public Version retrain(UUID machineId, Instant at) {
        Instant end = retrainedUntil(at), start = end.minus(Duration.ofDays(TRAINING_DAYS));
        Optional<Active> current = active(machineId);
        List<String> drivers = current.map(a -> a.model().drivers()).orElse(List.of());
        BaselineModel.Granularity g = current.map(a -> a.model().granularity()).orElse(BaselineModel.Granularity.HOURLY);
        return train(machineId, start, end, drivers, g);
    }

    /** The end of the window a retraining at {@code at} trains on: the hour it runs in begins it. */
    static Instant retrainedUntil(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    /**
     * How a machine's weekly retraining runs: directly, or under the model-performance API's training lock
     * ({@link ModelPerformance#lockedRetraining}). It throws what the training threw, or {@link DomainException.Conflict}
     * for a machine left to a training already under way.
     */
    public interface Retraining {
        Retraining DIRECT = (machine, train) -> train.get();

        Version run(Machine machine, java.util.function.Supplier<Version> train);
    }

    /**
     * {@code baseline_retrain}: {@link #retrain} of each active machine as {@code retraining} runs it; a machine with too
     * little data, or left to a training under way, is skipped, not failed. The outcome lists the versions trained.
     * A machine whose model was trained on this run's window already counts as done without training again: Lambda's
     * retry of a run that timed out part way (the same scheduled event, so the same window) goes on where it stopped. It
     * is reported {@code unchanged}, not trained: a second run within the hour said it had trained every machine.
     */
    public JobOutcome retrainJob(Instant scheduled, Retraining retraining) {
        List<Machine> machines = activeMachines();
        List<Version> trained = new ArrayList<>();
        List<String> skipped = new ArrayList<>(), failures = new ArrayList<>();
        int unchanged = 0;
        Instant windowEnd = retrainedUntil(scheduled);
        for (Machine m : machines) {
            try {
                if (registry.active(MODEL_TYPE, m.id().toString()).map(v -> v.metadata(BaselineMeta.class).trainEnd())
                        .filter(windowEnd::equals).isPresent()) {
                    unchanged++; // by the attempt of this run that stopped, or an earlier run within the hour
                    continue;
                }
                trained.add(retraining.run(m, () -> retrain(m.id(), scheduled)));
            } catch (DomainException.InvalidInput | DomainException.Conflict e) {
                skipped.add(m.name() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                failures.add(m.name() + ": " + JobRuns.reason(e));
            }
        }
        return new JobOutcome(machines.size(), unchanged + trained.size(), 0, skipped, failures, trained, unchanged, 0, 0);
    }
}
