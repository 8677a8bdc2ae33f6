package io.wattline.forecasting;

import io.wattline.analytics.forecast.Accuracy;
import io.wattline.analytics.forecast.Arima;
import io.wattline.analytics.forecast.WallClock;
import io.wattline.analytics.forecast.Decomposition;
import io.wattline.analytics.forecast.Forecast;
import io.wattline.analytics.forecast.ProphetTraining;
import io.wattline.analytics.forecast.OutOfSample;
import io.wattline.analytics.forecast.TemperatureGuess;
import io.wattline.analytics.forecast.WeatherChoice;
import io.wattline.domain.DomainException;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.http.Json;
import io.wattline.store.AnomalyLog;
import io.wattline.store.CatalogStore;
import io.wattline.store.ModelRegistry;
import io.wattline.store.TelemetryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The forecasting context's application service: trains the two models of a machine's hourly mean power on a
 * period, keeps their versions in the {@link ModelRegistry} (types {@value #ARIMA_TYPE}, {@value #PROPHET_TYPE}, scope
 * the machine id), forecasts from the active version (a cold function loads it; it never retrains) and prices the
 * cheapest schedule of a day. No AWS or HTTP type appears here; what is missing is a {@link DomainException}.
 */
public final class ForecastService {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastService.class);
    public static final String ARIMA = "arima", PROPHET = "prophet";
    public static final String ARIMA_TYPE = "forecast_arima", PROPHET_TYPE = "forecast_prophet";
    /** The longest forecast, in hours (30 days: beyond it an hourly load forecast is the seasonal mean). */
    public static final int MAX_FORECAST_HOURS = 720;
    /** The longest training period (a year of hours). */
    public static final int MAX_TRAINING_DAYS = 366;
    /** The held-out tail of training: a week, or a fifth of a shorter history (at least a day). */
    static final int HELD_OUT_HOURS = 168, MIN_HELD_OUT_HOURS = 24;

    private final CatalogStore catalog;
    private final TelemetryStore telemetry;
    private final FactoryWeather weather;
    private final AnomalyLog anomalies;
    private final ModelRegistry registry;
    private final String bucket;
    private final Supplier<Instant> clock;
    /** Loaded artefacts by registry key and version: a warm function reads S3 once per version. */
    private final Map<String, StoredModel> loaded = new ConcurrentHashMap<>();

    public ForecastService(CatalogStore catalog, TelemetryStore telemetry, AnomalyLog anomalies, ModelRegistry registry,
                           String bucket, Supplier<Instant> clock) {
        this.catalog = catalog;
        this.telemetry = telemetry;
        this.weather = new FactoryWeather(telemetry);
        this.anomalies = anomalies;
        this.registry = registry;
        this.bucket = bucket;
        this.clock = clock;
    }

    public Instant now() {
        return clock.get();
    }

    public Machine machine(UUID id) {
        return catalog.machine(id).orElseThrow(() -> DomainException.NotFound.machine());
    }

    public ZoneId zone(Machine m) {
        return catalog.factory(m.factoryId()).map(Factory::zone).orElse(ZoneOffset.UTC);
    }

    /** The hours the machine's forecasts are made of: its factory's local hours ({@link LocalHours}). */
    LocalHours hours(Machine m) {
        return new LocalHours(zone(m));
    }

    static String registryType(String modelType) {
        return ARIMA.equals(modelType) ? ARIMA_TYPE : PROPHET_TYPE;
    }

    /** The S3 location of a version's artefact: what responses report as a model's path. */
    public String path(ModelRegistry.ModelVersion v) {
        return "s3://" + bucket + "/" + v.artifactKey();
    }

    // ------------------------------------------------------------------ training

    /** What the request asks of an ARIMA: p, d, q and optionally the seasonal part (period 0 = none). */
    public record ArimaRequest(int p, int d, int q, Integer seasonalPeriod, int seasonalP, Integer seasonalD, int seasonalQ) {}

    public record Trained(ModelRegistry.ModelVersion version, ForecastMetadata metadata) {}

    public Trained trainArima(UUID machineId, Instant from, Instant to, ArimaRequest ask) {
        Machine m = machine(machineId);
        HourlySeries s = history(m, from, to);
        ZoneId zone = zone(m);
        // fitted on the factory's wall clock, so that a week's lag is the same local hour across a clock change
        WallClock clock = WallClock.from(zone, s.first()); // history() is never empty
        double[] kw = WallClock.filled(clock.of(s.epochSeconds(), s.kw()));
        int n = kw.length;
        Arima.Order order = arimaOrder(ask, n);
        int heldOut = heldOut(n, order.minimumHistory());
        double[] train = Arrays.copyOf(kw, n - heldOut), tail = Arrays.copyOfRange(kw, n - heldOut, n);
        long[] t = clock.epochSeconds(0, n);
        Accuracy accuracy = Accuracy.of(tail, Arima.fit(train, order, Arrays.copyOf(t, n - heldOut), zone)
                .forecast(Arrays.copyOfRange(t, n - heldOut, n), zone, 0.95).atLeast(Forecast.floorOf(train)));
        Arima.Model model = Arima.fit(kw, order, t, zone);
        refuseDivergence(order, model.forecast(MAX_FORECAST_HOURS, 0.95), kw);
        StoredModel stored = new StoredModel(ARIMA, model, null, s.end()).onWallClock(clock.at(n));
        return register(m, stored, ForecastMetadata.of(ARIMA, order.label(), s.observed(), heldOut, accuracy, s.first(), s.end(),
                s.peak(), s.lowest(), TrainingSettings.arima(ask, historyHours(hours(m), from, to))));
    }

    /**
     * The hours of history a training period asks for: from its start to its end or the current hour, whichever is
     * earlier (the whole hours {@link #history} reads). A retraining reads as many hours up to its own current hour.
     */
    long historyHours(LocalHours grid, Instant from, Instant to) {
        Instant start = grid.hourFrom(from), end = grid.hourOf(to);
        Instant current = grid.hourOf(now());
        if (end.isAfter(current)) end = current;
        return Math.max(0, Duration.between(start, end).toHours());
    }

    // ------------------------------------------------------------------ retraining

    /** Days of history a retraining reads when the model has no active version, or one trained before its settings were kept. */
    public static final int RETRAIN_DAYS = 30;

    /**
     * The model-performance API's retraining of a model type ({@value #ARIMA_TYPE} or {@value #PROPHET_TYPE}) on the
     * machine's latest history: with the settings the active version was trained with (an ARIMA's order and seasonal
     * part as requested, a prophet's seasonality mode and regressors, as many hours of history as it asked for), so
     * that a retraining refreshes the model the user chose rather than replacing it with the defaults; with the API's
     * defaults when there is no active version ({@link TrainingSettings#defaults}).
     */
    public Trained retrain(UUID machineId, String registryType) {
        if (!ARIMA_TYPE.equals(registryType) && !PROPHET_TYPE.equals(registryType)) {
            throw new IllegalArgumentException("not a forecast model type: " + registryType);
        }
        Machine m = machine(machineId);
        boolean arima = ARIMA_TYPE.equals(registryType);
        TrainingSettings settings = registry.active(registryType, m.id().toString()).map(this::settingsOf)
                .orElseGet(() -> TrainingSettings.defaults(arima ? ARIMA : PROPHET));
        // as many whole hours up to the current one as the version read (a start inside an hour would lose that hour)
        Instant end = now(), start = hours(m).hourOf(end).minus(Duration.ofHours(settings.historyHours()));
        if (arima) return trainArima(machineId, start, end, settings.arima());
        // a regressors label this build does not know (metadata written by another build): the default
        Regressors regressors = java.util.Objects.requireNonNullElse(Regressors.of(settings.regressors()), Regressors.AUTO);
        return trainProphet(machineId, start, end, Decomposition.Mode.valueOf(settings.seasonalityMode().toUpperCase(java.util.Locale.ROOT)),
                regressors);
    }

    /**
     * The settings a version was trained with: as its metadata keeps them, or for a version trained before they were
     * kept, what its artefact tells (an ARIMA's fitted order, asked for exactly; a prophet's seasonality mode, with
     * {@code regressors: auto}, since whether the weather was forced is not recorded) on {@value #RETRAIN_DAYS} days.
     */
    TrainingSettings settingsOf(ModelRegistry.ModelVersion v) {
        TrainingSettings kept = v.metadata(ForecastMetadata.class).settings();
        if (kept != null) return kept;
        StoredModel stored = load(v);
        long hours = RETRAIN_DAYS * 24L;
        if (stored.arima() != null) {
            Arima.Order o = stored.arima().order();
            return TrainingSettings.arima(new ArimaRequest(o.p(), o.d(), o.q(), o.period(), o.seasonalP(), o.seasonalD(),
                    o.seasonalQ()), hours);
        }
        return TrainingSettings.prophet(stored.prophet().mode(), Regressors.AUTO, hours);
    }

    /**
     * A 400 when the model's forecast over the whole reach leaves the range the history took by more than that
     * range again, or stays below 0 for a day where the history never went there: differencing three times
     * ((5,2,5)(1,1,1)[168]) can fit a held-out week well and then run off to minus thousands of kW, which the floor at
     * 0 answered as "0 kW, interval [0, 0]" for days, and a lowest held-out MAPE made it the model every demand, peak
     * and schedule used.
     */
    static void refuseDivergence(Arima.Order order, Forecast f, double[] history) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : history) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = Math.max(max - min, 1e-9 * Math.max(1, Math.abs(max)));
        // not a floor near 0 for an hour: the default order's forecast dips below 0 an hour ahead where last week's
        // shift started earlier (the floor at 0 answers that); a day or more of negative power in a row is not a dip
        int negativeRun = 0;
        for (int i = 0; i < f.steps(); i++) {
            double v = f.mean()[i];
            negativeRun = min >= 0 && v < 0 ? negativeRun + 1 : 0;
            if (!Double.isFinite(v) || v < min - range || v > max + range || negativeRun >= 24) {
                throw new DomainException.InvalidInput(String.format(java.util.Locale.ROOT,
                        "%s diverges: %d hours ahead its forecast reaches %.1f kW, where the history took %.1f to %.1f"
                                + " kW; choose fewer differences (d, seasonal_d) or a lower order", order.label(), i + 1, v,
                        min, max));
            }
        }
    }

    /**
     * The order to fit: as asked when the request names its seasonal part, else (p, d, q) with the seasonal
     * (0, 1, 1) at the week or the day ({@link Arima.Order#withSeason}) that the history covers once a tail is held out.
     */
    static Arima.Order arimaOrder(ArimaRequest ask, int points) {
        if (ask.seasonalPeriod() != null) {
            int period = ask.seasonalPeriod();
            int sd = period == 0 ? 0 : ask.seasonalD() == null ? 1 : ask.seasonalD();
            return new Arima.Order(ask.p(), ask.d(), ask.q(), period == 0 ? 0 : ask.seasonalP(), sd,
                    period == 0 ? 0 : ask.seasonalQ(), period);
        }
        return Arima.Order.withSeason(ask.p(), ask.d(), ask.q(), 24, points - MIN_HELD_OUT_HOURS);
    }

    /** Whether a prophet model takes the outdoor temperature as a regressor: always, never, or where it forecasts better. */
    public enum Regressors {
        AUTO, WEATHER, NONE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The value of a label, or null. */
        public static Regressors of(String label) {
            for (Regressors r : values()) if (r.label().equals(label)) return r;
            return null;
        }
    }

    public Trained trainProphet(UUID machineId, Instant from, Instant to, Decomposition.Mode mode) {
        return trainProphet(machineId, from, to, mode, Regressors.AUTO);
    }

    /**
     * Trains the decomposable model. With {@code auto} it is fitted with and without the factory's outdoor temperature
     * and keeps the one with the lower squared error on the held-out tail and the same length before it
     * ({@link WeatherChoice}), the held-out hours forecast with the temperatures the API would have had there (none
     * ingested, so guessed from the week before); {@code weather} always uses it (400 when the factory has too little
     * weather); {@code none} never.
     */
    public Trained trainProphet(UUID machineId, Instant from, Instant to, Decomposition.Mode mode, Regressors regressors) {
        Machine m = machine(machineId);
        ZoneId zone = zone(m);
        HourlySeries s = history(m, from, to);
        int n = s.size();
        int heldOut = heldOut(n, Decomposition.minimumHistory(24));
        long[] t = s.epochSeconds();
        // the factory's temperature record up to the end of the history: the training hours' temperatures, and the
        // longer record the guess's errors are learnt from
        TemperatureGuess.Hourly record = regressors == Regressors.NONE ? null : weather.record(m, t[0], s.end());
        double[] outdoor = record == null ? null : FactoryWeather.atHours(record, t);
        if (regressors == Regressors.WEATHER && outdoor == null) {
            throw new DomainException.InvalidInput("The factory has outdoor temperatures for less than "
                    + Math.round(100 * FactoryWeather.MIN_COVERAGE) + " % of the hours of this period: train with regressors 'none' or 'auto'");
        }
        ProphetTraining fit = ProphetTraining.fit(t, s.kw(), outdoor, record, zone, mode, regressors == Regressors.WEATHER, heldOut);
        Accuracy accuracy = fit.tail();
        boolean weather = fit.weather();
        OutOfSample learnt = fit.learnt();
        StoredModel stored = new StoredModel(PROPHET, null, fit.model(), s.end(), learnt.heldOutRmse(), null,
                learnt.guessErrorsByLead(), learnt.weatherResponse(), null);
        String structure = "piecewise-linear trend + daily, weekly and weekend-daily Fourier seasonality"
                + (weather ? " + outdoor temperature" : "") + " ("
                + mode.name().toLowerCase(java.util.Locale.ROOT) + ", " + zone.getId() + ")";
        return register(m, stored, ForecastMetadata.of(PROPHET, structure, s.observed(), heldOut, accuracy, s.first(), s.end(),
                s.peak(), s.lowest(), TrainingSettings.prophet(mode, regressors, historyHours(hours(m), from, to))));
    }

    private HourlySeries history(Machine m, Instant from, Instant to) {
        LocalHours grid = hours(m);
        // the whole hours inside [from, to): an hour that starts before from or ends after to is not the period asked
        Instant start = grid.hourFrom(from), end = grid.hourOf(to);
        // the current hour is not over: it is not history yet
        Instant current = grid.hourOf(now());
        if (end.isAfter(current)) end = current;
        HourlySeries s = start.isBefore(end)
                ? HourlySeries.of(grid.rollups(telemetry, m.id(), start, end), flaggedHours(m, start, end), grid)
                : HourlySeries.of(List.of());
        if (s.observed() == 0) throw DomainException.NotFound.noData();
        return s;
    }

    /**
     * The hours the machine's stored incidents cover ({@link AnomalyLog#incidentHours}, UTC hours; a local hour on the
     * half hour is flagged by either it touches): the models take them as hours without readings.
     */
    private Predicate<Instant> flaggedHours(Machine m, Instant from, Instant to) {
        return LocalHours.touching(anomalies.incidentHours(m.id(), from, to.plusSeconds(3600)));
    }

    /** Hours held out for the metrics; too short a history (fit plus a day held out) is the client's error. */
    static int heldOut(int n, int minimumFit) {
        int need = minimumFit + MIN_HELD_OUT_HOURS;
        if (n < need) {
            throw new DomainException.InvalidInput("Too little history: " + n + " hours of data in the period; this model"
                    + " needs at least " + need + " hours (" + String.format(java.util.Locale.ROOT, "%.1f", need / 24.0)
                    + " days) to fit and hold out a day for its metrics");
        }
        return Math.min(HELD_OUT_HOURS, Math.max(MIN_HELD_OUT_HOURS, Math.min(n / 5, n - minimumFit)));
    }

    private Trained register(Machine m, StoredModel stored, ForecastMetadata meta) {
        byte[] artefact = Json.write(Json.SNAKE, stored).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ModelRegistry.ModelVersion v = registry.register(registryType(stored.modelType()), m.id().toString(), artefact,
                meta, true);
        loaded.put(cacheKey(v), stored);
        return new Trained(v, meta);
    }

    // ------------------------------------------------------------------ status

    public Optional<ModelRegistry.ModelVersion> active(UUID machineId, String modelType) {
        return registry.active(registryType(modelType), machineId.toString());
    }

    /**
     * The kept versions of a machine's model, newest first (the registry keeps {@value ModelRegistry#KEPT_VERSIONS}), and
     * which is active, in one read.
     */
    public ModelRegistry.Kept kept(UUID machineId, String modelType) {
        return registry.kept(registryType(modelType), machineId.toString());
    }

    /**
     * Makes a kept version the one forecasts answer with (a rollback: every training activates its own version, even
     * one that did worse on its held-out hours than the version before it). 404 for a machine or version not kept.
     */
    public ModelRegistry.ModelVersion activate(UUID machineId, String modelType, int version) {
        machine(machineId);
        if (active(machineId, modelType).isEmpty()) throw DomainException.NotFound.notTrained();
        return registry.activate(registryType(modelType), machineId.toString(), version);
    }

    // ------------------------------------------------------------------ forecasting

    /**
     * Hourly forecasts of mean power: hour i covers {@code [start + i h, start + (i+1) h)}. {@code modelAsked}: the
     * caller named the model; {@code byRecency}: the default was chosen as the model trained on the more recent data,
     * the two having been tested on different hours ({@link ForecastMetadata#preferred}); {@code issued}: the hour the
     * forecast was made in (a day's forecast may start days after it).
     */
    public record HourlyForecast(String modelType, ModelRegistry.ModelVersion version, Instant start, Forecast forecast,
                                 boolean modelAsked, boolean byRecency, Instant issued, long[] starts) {
        /**
         * The start of hour {@code i} (of {@code steps}: the end of the last), a local hour of the factory: on Lord Howe
         * Island, whose clock moves by half an hour, the hours after a change start on the other half hour (3,600
         * seconds apart, they were stamped half past the hour on the day of the change, the shift's hours half an hour off).
         */
        Instant hourStart(int i) {
            return Instant.ofEpochSecond(starts[i]);
        }
    }

    /**
     * The next {@code hours} hours from the start of the current one, by the active model of the type, or by the
     * default when no type is given ({@link ForecastMetadata#preferred}: the trained model that erred less on the same
     * held-out hours, by MAPE or WAPE where MAPE left hours out; tested on different hours, the one trained on newer data).
     */
    public HourlyForecast forecast(Machine m, String modelType, int hours, double confidence) {
        List<ModelRegistry.ModelVersion> candidates = modelType != null
                ? List.of(active(m.id(), modelType).orElseThrow(() -> DomainException.NotFound.notTrained()))
                : java.util.stream.Stream.of(ARIMA, PROPHET).map(t -> active(m.id(), t)).flatMap(Optional::stream).toList();
        if (candidates.isEmpty()) throw DomainException.NotFound.notTrained();
        ModelRegistry.ModelVersion v = candidates.stream().min((a, b) -> ForecastMetadata.preferred(
                a.metadata(ForecastMetadata.class), b.metadata(ForecastMetadata.class))).orElseThrow();
        boolean byRecency = candidates.size() == 2 && ForecastMetadata.byRecency(
                candidates.get(0).metadata(ForecastMetadata.class), candidates.get(1).metadata(ForecastMetadata.class));
        StoredModel stored = load(v);
        LocalHours grid = hours(m);
        Instant issued = grid.hourOf(now()), start = issued;
        Forecast f;
        if (stored.arima() != null && stored.wallClockNext() != null) {
            f = wallClockForecast(m, stored, start, hours, confidence, grid);
            if (!stored.dataEnd().isBefore(start)) start = stored.dataEnd(); // trained up to an hour this clock has not reached
        } else if (stored.arima() != null) {
            // trained before 2026-12-06, on UTC hours
            ZoneId zone = zone(m);
            Instant from = stored.dataEnd();
            Arima.Model model = stored.arima();
            if (from.isBefore(start)) {
                // filter in the hours observed since training (the coefficients stay as trained)
                model = model.update(observedSince(m, from, start).kw());
            } else {
                // trained up to an hour this clock has not reached (data stamped ahead): forecast on from there
                start = from;
            }
            f = model.forecast(hourStarts(grid, start, hours), zone, confidence);
        } else {
            long[] t = hourStarts(grid, start, hours);
            // a weather model forecasts from the temperatures ahead; a clock-only model that keeps the weather's response
            // reads them for its intervals only, and without any keeps its own
            FactoryWeather.Temperatures c = stored.prophet().usesWeather() ? weather.needed(m, t)
                    : stored.weatherResponse() != null ? weather.ahead(m, t) : null;
            f = stored.prophet().forecast(t, c == null ? null : c.celsius(), c == null ? null : c.guessed(), t[0],
                    stored.outOfSample(), confidence);
        }
        // at least the lowest hour of the model's training history (Forecast.floorOf); 0 for models trained before it was kept
        Double lowest = v.metadata(ForecastMetadata.class).lowestKw();
        f = f.atLeast(lowest == null ? 0 : lowest);
        // at most what the machine can draw: its rated power, or the highest hour of its history if that was higher (a
        // rating in the catalogue can be wrong); a weather model fed a colder hour than it was fitted on extrapolates
        // linearly where the machine saturates (a -15 °C cold snap read 300 kW for a 200 kW HVAC)
        Double peak = v.metadata(ForecastMetadata.class).peakKw();
        if (peak != null && m.ratedPowerKw() > 0) f = f.atMost(Math.max(m.ratedPowerKw(), peak));
        return new HourlyForecast(stored.modelType(), v, start, f, modelType != null, byRecency, issued, grid.starts(start, f.steps()));
    }

    /**
     * An ARIMA trained on the factory's wall clock: the hours observed since training filtered in on the wall clock
     * (an hour the clock skipped takes the model's own forecast), then the steps forecast that cover the asked UTC hours
     * from the start of the current one (or from the end of training, when its data is stamped ahead of this clock).
     */
    private Forecast wallClockForecast(Machine m, StoredModel stored, Instant now, int hours, double confidence, LocalHours grid) {
        ZoneId zone = zone(m);
        WallClock clock = new WallClock(zone, java.time.LocalDateTime.parse(stored.wallClockNext()));
        Arima.Model model = stored.arima();
        Instant from = stored.dataEnd(), start = now;
        int next = 0; // the model's next step on the clock
        if (from.isBefore(start)) {
            double[] steps = observedOnClock(m, clock, from, start);
            model = model.update(steps);
            next = steps.length;
        } else {
            start = from;
        }
        long[] asked = hourStarts(grid, start, hours);
        return clock.atHours(model.forecast(clock.epochSeconds(next, clock.stepsToCover(next, asked)), zone, confidence),
                next, asked);
    }

    /**
     * The hours observed since training, by step of the model's wall clock from the one after training's last up to the
     * current hour's (steps before the first hour read, unobserved: NaN).
     */
    double[] observedOnClock(Machine m, WallClock clock, Instant from, Instant start) {
        Observed observed = observedSince(m, from, start);
        double[] onClock = clock.of(observed.starts(), observed.kw());
        double[] steps = new double[Math.max(0, clock.index(start))];
        Arrays.fill(steps, Double.NaN);
        System.arraycopy(onClock, 0, steps, 0, Math.min(onClock.length, steps.length));
        return steps;
    }

    /** Hourly mean power of the local hours starting at {@code starts} (epoch seconds), NaN where unobserved or flagged. */
    private record Observed(long[] starts, double[] kw) {}

    /**
     * The local hours observed since training ended ({@code from}) up to {@code start}, at most
     * {@link #MAX_TRAINING_DAYS} of them (the latest): what a stored ARIMA filters in before forecasting. Counted on the
     * factory's local hours, as the training series ({@link HourlySeries}): in steps of 3,600 seconds back from
     * {@code start}, across Lord Howe Island's half-hour change every hour on the other side of it was filed an hour
     * early.
     */
    private Observed observedSince(Machine m, Instant from, Instant start) {
        LocalHours grid = hours(m);
        Instant earliest = start.minus(Duration.ofDays(MAX_TRAINING_DAYS + 2)); // no need to count hours further back
        Instant begin = grid.hourFrom(from.isBefore(earliest) ? earliest : from);
        int n = grid.hoursBetween(begin, start), gap = Math.min(n, MAX_TRAINING_DAYS * 24);
        long[] starts = Arrays.copyOfRange(grid.starts(begin, n), n - gap, n);
        double[] values = new double[gap];
        Arrays.fill(values, Double.NaN);
        if (gap == 0) return new Observed(starts, values);
        java.util.Map<Long, Integer> step = new java.util.HashMap<>();
        for (int i = 0; i < gap; i++) step.put(starts[i], i);
        Instant first = Instant.ofEpochSecond(starts[0]);
        Predicate<Instant> flagged = flaggedHours(m, first, start);
        for (Rollup r : grid.rollups(telemetry, m.id(), first, start)) {
            Integer i = step.get(r.bucket().getEpochSecond());
            if (i != null && r.samples() > 0 && !flagged.test(r.bucket())) values[i] = r.powerAvg();
        }
        return new Observed(starts, values);
    }

    /** Epoch seconds of {@code hours} local hours from {@code start}. */
    private static long[] hourStarts(LocalHours grid, Instant start, int hours) {
        return Arrays.copyOf(grid.starts(start, hours), hours);
    }

    /**
     * A day that ends after the forecast's reach ({@value #MAX_FORECAST_HOURS} hours from the current hour): the answer
     * names the last day that can be forecast in full (today + 29 or + 30, by the hour and the zone).
     */
    static DomainException beyondReach(LocalDate date, Instant current, ZoneId zone) {
        LocalDate last = LocalDate.ofInstant(current.plus(Duration.ofHours(MAX_FORECAST_HOURS)), zone).minusDays(1);
        return new DomainException.InvalidInput("date " + date + " ends beyond the forecast's reach of " + MAX_FORECAST_HOURS
                + " hours: the last day forecast in full is " + last);
    }

    private StoredModel load(ModelRegistry.ModelVersion v) {
        return loaded.computeIfAbsent(cacheKey(v), k -> {
            try {
                return Json.SNAKE.readValue(registry.artefact(v), StoredModel.class);
            } catch (IOException e) {
                throw new IllegalStateException("unreadable forecast model " + k, e);
            }
        });
    }

    private static String cacheKey(ModelRegistry.ModelVersion v) {
        return v.type() + "/" + v.scope() + "/" + v.version();
    }

    // ------------------------------------------------------------------ peak

    /**
     * {@code measured}: the peak is an hour of today that is over (its measured mean), not a forecast one.
     * {@code quartersMeasured}: the peak is the hour in progress, and that many of its quarter hours are over and
     * count as measured (the rest of the hour forecast); 0 otherwise.
     * {@code demand15Kw}: the highest 15-minute mean power the peak hour holds, as demand charges bill it: the hour's
     * mean times the machine's usual ratio of a day's highest quarter hour to its highest hour ({@link #quarterPeakRatio});
     * null without 15-minute history to learn the ratio from.
     */
    public record Peak(LocalDate date, ZoneId zone, String modelType, double kw, Instant hourStart, int hoursForecast,
                       boolean measured, int quartersMeasured, Double demand15Kw, Double quarterRatio) {}

    /**
     * The machine's 15-minute roll-ups with readings from {@code from} up to the quarter hour in progress at {@code now}:
     * the quarters that are over, those of the hour in progress included (a shift's first hour is often the day's
     * peak). What the peak forecast of today and the schedule's month peak count as measured.
     */
    static List<Rollup> finishedQuarters(TelemetryStore telemetry, UUID machine, Instant from, Instant now) {
        return telemetry.rollups(machine, Resolution.MIN15, from, Resolution.MIN15.bucketOf(now)).stream()
                .filter(q -> q.samples() > 0).toList();
    }

    /** Days of history the quarter-hour ratio is learned from. */
    static final int QUARTER_RATIO_DAYS = 28;

    /**
     * The median, over the machine's local days of the last {@value #QUARTER_RATIO_DAYS} with readings, of the day's
     * highest 15-minute mean power over its highest hourly mean power (at least 1); null without such a day. A forecast
     * peak is an hour's mean, and a 15-minute peak within it reads higher (a peak-shaving decision on the hour's figure
     * came out 15 % low).
     */
    Double quarterPeakRatio(UUID machine, ZoneId zone, Instant current) {
        Instant from = current.minus(java.time.Duration.ofDays(QUARTER_RATIO_DAYS));
        return quarterPeakRatio(telemetry.rollups(machine, Resolution.MIN15, from, current),
                new LocalHours(zone).rollups(telemetry, machine, from, current), zone);
    }

    /** As above, from the machine's 15-minute and hourly roll-ups of the days to learn from. */
    static Double quarterPeakRatio(List<Rollup> quarters, List<Rollup> hours, ZoneId zone) {
        Map<LocalDate, double[]> days = new java.util.TreeMap<>(); // day -> {highest quarter, highest hour}
        for (Rollup q : quarters) {
            if (q.samples() == 0) continue;
            double[] d = days.computeIfAbsent(q.bucket().atZone(zone).toLocalDate(), k -> new double[2]);
            d[0] = Math.max(d[0], q.powerAvg());
        }
        for (Rollup h : hours) {
            if (h.samples() == 0) continue;
            double[] d = days.get(h.bucket().atZone(zone).toLocalDate());
            if (d != null) d[1] = Math.max(d[1], h.powerAvg());
        }
        double[] ratios = days.values().stream().filter(d -> d[1] > 0).mapToDouble(d -> Math.max(1, d[0] / d[1])).sorted().toArray();
        if (ratios.length == 0) return null;
        int n = ratios.length;
        return n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
    }

    /**
     * The highest hour of a local day that has not ended: forecast for the hours to come, and for today its hours that
     * are over as measured (a day's peak at 02:00 is the day's peak, whatever the evening's forecast says), and the hour
     * in progress with its quarter hours that are over as measured and the rest of it forecast. By the active model of
     * {@code modelType}, or without one the default ({@link ForecastMetadata#preferred}).
     */
    public Peak peak(UUID machineId, LocalDate date, String modelType) {
        Machine m = machine(machineId);
        ZoneId zone = zone(m);
        Instant dayStart = date.atStartOfDay(zone).toInstant(), dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
        LocalHours grid = hours(m);
        Instant now = now(), current = grid.hourOf(now);
        HourlyForecast f = forecast(m, modelType, hoursUntilEndOf(date, grid, current), 0.95);
        double best = -1;
        Instant at = null;
        boolean measured = false;
        List<Rollup> quarters = List.of(); // today's quarter hours that are over, the hour in progress's included
        if (dayStart.isBefore(now)) { // today: the hours that are over, as their readings had them
            for (Rollup r : grid.rollups(telemetry, m.id(), dayStart, current)) {
                if (r.samples() > 0 && r.powerAvg() > best) {
                    best = r.powerAvg();
                    at = r.bucket();
                    measured = true;
                }
            }
            quarters = finishedQuarters(telemetry, m.id(), dayStart, now);
        }
        List<Rollup> inProgress = quarters.stream().filter(q -> !q.bucket().isBefore(current)).toList();
        double inProgressKw = inProgress.stream().mapToDouble(Rollup::powerAvg).sum(); // its finished quarters' means, summed
        int counted = 0, quartersMeasured = 0;
        double forecastKw = 0;
        for (int i = 0; i < f.forecast().steps(); i++) {
            Instant h = f.hourStart(i);
            if (h.isBefore(dayStart) || !h.isBefore(dayEnd)) continue;
            counted++;
            double kw = f.forecast().mean()[i];
            // the hour in progress: its quarters that are over as measured, the rest at the forecast (150 kW drawn since
            // the hour began read as the idle 8 kW forecast for it, while the schedule billed it)
            int n = h.equals(current) ? inProgress.size() : 0;
            double hourKw = n == 0 ? kw : (inProgressKw + kw * (4 - n)) / 4;
            if (hourKw > best) {
                best = hourKw;
                at = h;
                measured = false;
                quartersMeasured = n;
                forecastKw = kw;
            }
        }
        Instant peakHour = at;
        double quarter = peakHour == null ? best : quarters.stream() // no hour of the day measured or forecast
                .filter(q -> !q.bucket().isBefore(peakHour) && q.bucket().isBefore(grid.nextHour(peakHour)))
                .mapToDouble(Rollup::powerAvg).max().orElse(best);
        if (measured) {
            // an hour that is over: its highest quarter hour is measured, not estimated
            return new Peak(date, zone, f.modelType(), best, at, counted, true, 0, Math.max(quarter, best), null);
        }
        Double ratio = quarterPeakRatio(m.id(), zone, current);
        if (quartersMeasured > 0) {
            // its highest quarter so far, measured, or the rest's estimate where that is higher
            double rest = ratio == null ? forecastKw : forecastKw * ratio;
            return new Peak(date, zone, f.modelType(), best, at, counted, false, quartersMeasured, Math.max(quarter, rest), ratio);
        }
        return new Peak(date, zone, f.modelType(), best, at, counted, false, 0, ratio == null ? null : best * ratio, ratio);
    }

    /** The hours from {@code current} to the end of a local day; 400 for a day that is over or beyond the forecasts' reach. */
    static int hoursUntilEndOf(LocalDate date, LocalHours grid, Instant current) {
        ZoneId zone = grid.zone();
        Instant dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
        if (!dayEnd.isAfter(current)) {
            throw new DomainException.InvalidInput("date " + date + " is over in the factory's time zone (" + zone.getId()
                    + "); ask for today or a later day");
        }
        if (Duration.between(current, dayEnd).toHours() > MAX_FORECAST_HOURS + 1) throw beyondReach(date, current, zone);
        int hours = grid.hoursBetween(current, dayEnd);
        if (hours > MAX_FORECAST_HOURS) throw beyondReach(date, current, zone);
        return hours;
    }

    /**
     * The forecast of one local day of the factory ({@code predict}'s {@code date}: "tomorrow" as its people say it): its
     * 23, 24 or 25 hours, or of today the hours still to come.
     */
    public HourlyForecast forecastDay(Machine m, String modelType, LocalDate date, double confidence) {
        ZoneId zone = zone(m);
        LocalHours grid = hours(m);
        Instant current = grid.hourOf(now()), dayStart = date.atStartOfDay(zone).toInstant();
        HourlyForecast f = forecast(m, modelType, hoursUntilEndOf(date, grid, current), confidence);
        int from = f.start().isBefore(dayStart) ? grid.hoursBetween(f.start(), dayStart) : 0;
        Forecast all = f.forecast();
        int to = all.steps();
        Forecast day = new Forecast(java.util.Arrays.copyOfRange(all.mean(), from, to), java.util.Arrays.copyOfRange(all.lower(), from, to),
                java.util.Arrays.copyOfRange(all.upper(), from, to), all.confidence());
        return new HourlyForecast(f.modelType(), f.version(), f.hourStart(from), day, f.modelAsked(), f.byRecency(), f.issued(),
                Arrays.copyOfRange(f.starts(), from, to + 1));
    }

    /** The cheapest schedule of a day, planned from this service's forecasts. */
    public SchedulePlanner planner() {
        return new SchedulePlanner(this, catalog, telemetry);
    }
}
