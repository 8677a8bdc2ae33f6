package io.wattline.data;

import io.wattline.data.Views.IngestResult;
import io.wattline.domain.DomainException;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.OutdoorTemperature;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.http.FieldError;
import io.wattline.http.Json;
import io.wattline.http.JsonBody;
import io.wattline.http.Params;
import io.wattline.http.ValidationException;
import io.wattline.store.CatalogStore;
import io.wattline.store.DailySnapshots;
import io.wattline.store.LateTelemetry;
import io.wattline.store.TelemetryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code POST /api/v1/readings}, {@code /api/v1/production} and {@code /api/v1/weather}: a batch is validated whole
 * before anything is written (every bad row is reported with its index and reason, and then nothing is stored); writes
 * are idempotent on (machine or factory, timestamp), so a retried batch is stored once, and a forecast temperature is
 * replaced by the measured one when that comes.
 */
final class Ingestion {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ingestion.class);
    /** Meters may run a little ahead of the server clock; more than this is a wrong timestamp. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Distinct machine ids of a batch looked up one by one before the catalogue's whole list is read instead. */
    static final int LOOKUPS_BEFORE_LISTING = 8;
    /**
     * The largest measurement accepted: far above any meter, and far below what the stores hold (DynamoDB numbers
     * end near 1e125), so roll-up sums of any batch stay storable and a batch is refused whole, never half written.
     */
    static final double MAX_MEASURE = Reading.MAX_MEASURE;
    /**
     * The most units one production row may count: a billion, far above any machine's output in one interval, and
     * low enough that every sum of them (an hour, a day, any KPI range: at most a few thousand rows an hour) stays
     * exact in a long. At the largest measure (1e15) two batches of one hour summed past 2^63 into negative totals.
     */
    static final long MAX_COUNT = 1_000_000_000L;
    /**
     * How far ahead an outdoor temperature may lie: a weather forecast for as far as the forecasting function forecasts
     * (720 hours). Timestream accepts no record ahead of its clock, so there it is {@link #CLOCK_SKEW}.
     */
    static final Duration WEATHER_AHEAD = Duration.ofDays(30);
    static final double MIN_OUTDOOR_C = OutdoorTemperature.MIN_C, MAX_OUTDOOR_C = OutdoorTemperature.MAX_C;

    private final CatalogStore catalog;
    private final TelemetryStore telemetry;
    private final DailySnapshots snapshots;
    private final LateTelemetry lateTelemetry;
    private final int maxRows;
    private final int maxBodyBytes;
    /** Telemetry in Timestream, which takes no record ahead of its clock: no weather forecast then. */
    private final boolean timestream;

    Ingestion(CatalogStore catalog, TelemetryStore telemetry, DailySnapshots snapshots, LateTelemetry lateTelemetry,
              int maxRows, int maxBodyBytes, boolean timestream) {
        this.catalog = catalog;
        this.telemetry = telemetry;
        this.snapshots = snapshots;
        this.lateTelemetry = lateTelemetry;
        this.maxRows = maxRows;
        this.maxBodyBytes = maxBodyBytes;
        this.timestream = timestream;
    }

    IngestResult readings(String body) {
        KnownMachines known = new KnownMachines();
        List<Reading> rows = parse(body, "readings", machineKey(known), (row) -> new Reading(row.id, row.timestamp,
                row.number("power_kw", 0, MAX_MEASURE), row.number("energy_kwh", 0, MAX_MEASURE),
                row.optional("current_a", 0, MAX_MEASURE), row.optional("voltage_v", 0, MAX_MEASURE),
                row.optional("power_factor", 0, 1), row.optional("frequency_hz", 0, 1000),
                row.optional("temperature_c", Reading.MIN_TEMPERATURE_C, Reading.MAX_TEMPERATURE_C)));
        List<UUID> machines = rows.stream().map(Reading::machineId).toList();
        List<Instant> times = rows.stream().map(Reading::timestamp).toList();
        written(() -> telemetry.writeReadings(rows), machines, times, known, false);
        return result(machines, times);
    }

    IngestResult production(String body) {
        KnownMachines known = new KnownMachines();
        List<ProductionCount> rows = parse(body, "production", machineKey(known), (row) -> new ProductionCount(row.id, row.timestamp,
                row.count("production_count", true), row.count("bad_count", false)));
        List<UUID> machines = rows.stream().map(ProductionCount::machineId).toList();
        List<Instant> times = rows.stream().map(ProductionCount::timestamp).toList();
        // a machine's counts are also its siblings' factory_production and operating_hours drivers
        written(() -> telemetry.writeProduction(rows), machines, times, known, true);
        return result(machines, times);
    }

    /**
     * Outdoor temperatures of factories, measured or forecast: the weather the forecasting function's weather term
     * reads for the hours it was trained on and, ahead of now, for the hours it forecasts (without them it guesses
     * each hour from the last week's). One temperature per factory and hour, stamped on the hour ({@link #NOT_ON_THE_HOUR}).
     */
    Views.WeatherIngestResult weather(String body) {
        Map<UUID, Boolean> known = new HashMap<>();
        Key factory = new Key("factory_id", id -> known.computeIfAbsent(id, f -> catalog.factory(f).isPresent()),
                "Factory not found", timestream ? CLOCK_SKEW : WEATHER_AHEAD, timestream
                ? "Timestamp is in the future (this deployment keeps telemetry in Timestream, which takes no forecasts)"
                : "Timestamp is more than " + WEATHER_AHEAD.toDays() + " days ahead", true);
        List<OutdoorTemperature> rows = parse(body, "temperatures", factory, (row) -> new OutdoorTemperature(row.id,
                row.timestamp, row.number("temperature_c", MIN_OUTDOOR_C, MAX_OUTDOOR_C)));
        // a measured hour that came late is every machine's of the factory (heating and cooling degrees are drivers),
        // noted also when the write failed part way
        Runnable noteLate = () -> noteLateDays(rows.stream().map(OutdoorTemperature::factoryId).toList(),
                rows.stream().map(OutdoorTemperature::timestamp).toList(), this::machinesOf);
        try {
            telemetry.writeOutdoorTemperatures(rows);
        } catch (RuntimeException failed) {
            try {
                noteLate.run();
            } catch (RuntimeException e) {
                failed.addSuppressed(e);
            }
            throw failed;
        }
        noteLate.run();
        IngestResult r = result(rows.stream().map(OutdoorTemperature::factoryId).toList(),
                rows.stream().map(OutdoorTemperature::timestamp).toList());
        return new Views.WeatherIngestResult(r.accepted(), r.machines(), r.firstTimestamp(), r.lastTimestamp());
    }

    /**
     * What identifies a row's series: its field, whether an id is known, how far ahead of now a row may lie, and
     * whether the series is hourly (each timestamp on the hour).
     */
    private record Key(String field, java.util.function.Predicate<UUID> known, String unknown, Duration ahead,
                       String tooFarAhead, boolean hourly) {}

    private static Key machineKey(KnownMachines known) {
        return new Key("machine_id", known::contains, "Machine not found", CLOCK_SKEW, "Timestamp is in the future", false);
    }

    /**
     * Why an hourly series refuses a timestamp within an hour. Weather is one temperature per factory and hour, stored
     * by its timestamp, so that posting an hour again replaces it (the measurement replaces the forecast). Readings at
     * 10:20 and 10:50 were stored beside the hour's, and its readers then averaged them or took the last: neither is
     * "replaces". Refused rather than moved to the hour, which would silently relabel a measurement.
     */
    static final String NOT_ON_THE_HOUR = "Value error, Outdoor temperatures are hourly: the timestamp must be on a UTC "
            + "hour (minutes, seconds and fractions 0 in UTC, e.g. 2025-10-14T10:00:00Z for 10:00-11:00 UTC; a factory at a "
            + "half-hour offset such as +05:30 sends the UTC hours), one temperature per factory and hour";

    /**
     * Writes, then forgets the finished days the rows touch, also when the write failed: a write that failed part
     * way (an outage) may have stored some rows, which the days' snapshots would otherwise never show. A write refused
     * before anything was stored (too much for an hour, or room other writers claimed) forgets nothing. The finished
     * days' snapshots are also forgotten before the write: a writer that stops half way (a crash) never gets to the
     * second time, and a day's snapshot would keep its figures from before (the repair puts the roll-ups right, the
     * snapshot is then computed from them).
     */
    private void written(Runnable write, List<UUID> machines, List<Instant> times, KnownMachines known, boolean factoryWide) {
        Map<UUID, Set<LocalDate>> finished = finishedDays(machines, times, known);
        Function<UUID, List<UUID>> affected = affected(known, factoryWide);
        finished.forEach(snapshots::forget);
        // late days noted before the write too, for the same reason: a writer killed half way noted nothing, and the days
        // it rewrote were never judged again (a note is idempotent; judging an unchanged day adds and withdraws nothing);
        // a note that fails here does not stop the write (the one after it reports)
        try {
            noteLateDays(machines, times, affected);
        } catch (RuntimeException e) {
            LOG.warn("late days not noted before a write: {}", e.toString());
        }
        try {
            write.run();
        } catch (DomainException.Conflict busy) {
            throw busy; // nothing was stored
        } catch (DomainException.TooLarge refused) {
            if (refused.nothingStored()) throw refused;
            try {
                derivedDataChanged(machines, times, affected, finished);
            } catch (RuntimeException e) {
                refused.addSuppressed(e);
            }
            throw refused;
        } catch (RuntimeException failed) {
            try {
                derivedDataChanged(machines, times, affected, finished);
            } catch (RuntimeException e) {
                failed.addSuppressed(e);
            }
            throw failed;
        }
        derivedDataChanged(machines, times, affected, finished);
    }

    /**
     * What was derived from the days the rows touch is told they changed: KPI snapshots, anomaly detection
     * ({@code factoryWide}: the rows are every machine's of their factories, as production counts are drivers of all).
     */
    private void derivedDataChanged(List<UUID> machines, List<Instant> times, Function<UUID, List<UUID>> affected,
                                    Map<UUID, Set<LocalDate>> finished) {
        RuntimeException failed = null; // each is told, whatever the other does
        try {
            finished.forEach(snapshots::forget);
        } catch (RuntimeException e) {
            failed = e;
        }
        try {
            noteLateDays(machines, times, affected);
        } catch (RuntimeException e) {
            if (failed == null) failed = e;
            else failed.addSuppressed(e);
        }
        if (failed != null) throw failed;
    }

    /**
     * The machines whose days a row of a machine changes for anomaly detection: its own, or with {@code factoryWide}
     * every active machine of its factory (one catalogue read per factory of the batch, however often it is asked).
     */
    private Function<UUID, List<UUID>> affected(KnownMachines known, boolean factoryWide) {
        if (!factoryWide) return List::of;
        Map<UUID, List<UUID>> byFactory = new HashMap<>();
        return id -> byFactory.computeIfAbsent(known.machine(id).factoryId(), this::machinesOf);
    }

    /**
     * Rows older than {@link LateTelemetry#AFTER} (and younger than {@link LateTelemetry#MAX_AGE}) when stored: the hourly
     * anomaly detection may have passed their hours (a gateway's buffer after an outage, a late production count,
     * corrected readings), so the UTC days of the machines {@code affected} names for each row's id are noted for it
     * to judge again. The live feed's rows are minutes old and cost nothing here.
     */
    private void noteLateDays(List<UUID> ids, List<Instant> times, Function<UUID, List<UUID>> affected) {
        Instant now = Instant.now(), late = now.minus(LateTelemetry.AFTER), history = now.minus(LateTelemetry.MAX_AGE);
        Map<UUID, Set<LocalDate>> days = new LinkedHashMap<>();
        Map<UUID, List<UUID>> machines = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Instant t = times.get(i);
            if (!t.isBefore(late) || t.isBefore(history)) continue;
            for (UUID m : machines.computeIfAbsent(ids.get(i), affected)) {
                days.computeIfAbsent(m, k -> new TreeSet<>()).add(LocalDate.ofInstant(t, ZoneOffset.UTC));
            }
        }
        days.forEach(lateTelemetry::note);
    }

    /** The active machines of a factory. */
    private List<UUID> machinesOf(UUID factoryId) {
        return catalog.machines().stream().filter(m -> m.factoryId().equals(factoryId) && m.active()).map(Machine::id).toList();
    }

    /**
     * The local days of their factories that have ended, per machine, the rows fall on: those days' KPI snapshots (if
     * kept) no longer hold them, so they are forgotten ({@link #written}) and the next KPI read derives the days from the
     * roll-ups again. The live feed writes today's rows and costs nothing there; a backfill costs a delete per machine
     * and day, before and after its write.
     */
    private Map<UUID, Set<LocalDate>> finishedDays(List<UUID> machines, List<Instant> times, KnownMachines known) {
        Instant now = Instant.now();
        Map<UUID, ZoneId> zones = new HashMap<>(); // by factory: a batch holds a few
        Map<UUID, Set<LocalDate>> finished = new LinkedHashMap<>();
        for (int i = 0; i < machines.size(); i++) {
            UUID id = machines.get(i);
            ZoneId zone = zones.computeIfAbsent(known.machine(id).factoryId(),
                    f -> catalog.factory(f).map(Factory::zone).orElse(ZoneOffset.UTC));
            LocalDate day = times.get(i).atZone(zone).toLocalDate();
            if (day.isBefore(now.atZone(zone).toLocalDate())) finished.computeIfAbsent(id, k -> new TreeSet<>()).add(day);
        }
        return finished;
    }

    /** The batch of each ingestion route: readings, production, temperatures. */
    private static final List<String> BATCH_FIELDS = List.of("readings", "production", "temperatures");

    private <T> List<T> parse(String body, String field, Key key, Function<Row, T> build) {
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes) {
            throw new DomainException.TooLarge("Request body too large: at most " + maxBodyBytes + " bytes");
        }
        Object root = Json.parseBody(body);
        // a batch of another kind beside this one would be dropped unseen (production posted with readings)
        for (String other : BATCH_FIELDS) {
            if (!other.equals(field) && root instanceof Map<?, ?> object && object.containsKey(other)) {
                throw new ValidationException(FieldError.of("extra_forbidden", List.of("body", other), "Extra inputs are not"
                        + " permitted: send " + other + " to POST /api/v1/" + (other.equals("temperatures") ? "weather" : other)
                        + " (one kind of batch per request)", null));
            }
        }
        // {"readings": null} is there and no list (pydantic's list_type, the input "null"); a missing field is missing
        boolean present = root instanceof List || root instanceof Map<?, ?> object && object.containsKey(field);
        Object given = root instanceof List ? root : root instanceof Map<?, ?> object ? object.get(field) : null;
        if (!(given instanceof List<?> array)) {
            throw new ValidationException(FieldError.of(present ? "list_type" : "missing",
                    List.of("body", field), present ? "Input should be a valid list" : "Field required",
                    present ? Json.write(Json.PLAIN, given) : null));
        }
        if (array.isEmpty()) {
            throw new ValidationException(FieldError.of("too_short", List.of("body", field),
                    "List should have at least 1 item after validation, not 0", List.of()));
        }
        if (array.size() > maxRows) {
            throw new DomainException.TooLarge("Batch too large: " + array.size() + " rows, at most " + maxRows + " per request");
        }
        List<FieldError> errors = new ArrayList<>();
        List<T> out = new ArrayList<>(array.size());
        Map<String, Integer> seen = new HashMap<>();
        Map<UUID, Set<Long>> days = new HashMap<>(); // the UTC days each machine's (or factory's) rows fall on
        Instant latestAllowed = Instant.now().plus(key.ahead());
        for (int i = 0; i < array.size(); i++) {
            Row row = new Row(array.get(i), List.of("body", field, i), errors);
            if (!row.isObject()) continue;
            row.id = row.uuid(key.field());
            row.timestamp = row.time("timestamp");
            T value = build.apply(row);
            if (row.id != null && !key.known().test(row.id)) {
                row.error("value_error", key.field(), "Value error, " + key.unknown(), row.id.toString());
            }
            if (row.timestamp != null && row.timestamp.isBefore(Instant.EPOCH)) {
                // year 1 or 1969: a zero or a misread epoch, and before any day the date routes answer for
                row.error("value_error", "timestamp", "Value error, Timestamp is before 1970-01-01", row.raw("timestamp"));
            } else if (row.timestamp != null && row.timestamp.isAfter(latestAllowed)) {
                row.error("value_error", "timestamp", "Value error, " + key.tooFarAhead(), row.raw("timestamp"));
            } else if (row.timestamp != null && key.hourly()
                    && (row.timestamp.getEpochSecond() % 3600 != 0 || row.timestamp.getNano() != 0 || row.subMillisecond)) {
                row.error("value_error", "timestamp", NOT_ON_THE_HOUR, row.raw("timestamp"));
            }
            if (row.id != null && row.timestamp != null) {
                Integer first = seen.putIfAbsent(row.id + "@" + row.timestamp.toEpochMilli(), i);
                if (first != null) {
                    row.error("value_error", "timestamp", "Value error, Duplicate timestamp for this "
                            + key.field().replace("_id", "") + " in the batch"
                            + " (first at row " + first + ")", row.raw("timestamp"));
                }
            }
            if (!row.failed) {
                out.add(value);
                if (row.id != null && row.timestamp != null) {
                    days.computeIfAbsent(row.id, k -> new HashSet<>()).add(Math.floorDiv(row.timestamp.getEpochSecond(), 86_400));
                }
            }
        }
        if (!errors.isEmpty()) throw new ValidationException(errors);
        for (Map.Entry<UUID, Set<Long>> d : days.entrySet()) {
            if (d.getValue().size() > MAX_BATCH_DAYS) {
                throw new DomainException.TooLarge("Batch spans too many days: " + d.getValue().size() + " days (UTC) of "
                        + key.field().replace("_id", "") + " " + d.getKey() + ", at most " + MAX_BATCH_DAYS + " per request:"
                        + " each day's roll-ups are written with the batch, and a longer backfill does not fit the 29 s a"
                        + " request has (cut off, it would be stored in part); send it in batches of fewer days");
            }
        }
        return out;
    }

    /**
     * The most days (of one machine, or one factory's weather) a batch may touch. Each is a day roll-up rewritten with
     * the batch: a backfill of 5,000 daily readings of one machine took 95 s on the local cloud, past the function's
     * 29 s (a year of one machine's days is 366).
     */
    static final int MAX_BATCH_DAYS = 366;

    private static IngestResult result(List<UUID> machines, List<Instant> times) {
        Set<UUID> distinct = new HashSet<>(machines);
        Instant first = times.stream().min(Instant::compareTo).orElse(null);
        Instant last = times.stream().max(Instant::compareTo).orElse(null);
        return new IngestResult(times.size(), distinct.size(), first, last);
    }

    /**
     * Whether a batch's machine ids are in the catalogue: a GetItem for each of the first few (a meter gateway sends
     * one or a few machines), then the catalogue's machine list, read once (5,000 rows of unknown ids cost 5,000
     * reads before: 3.4-6.7 s through the local cloud, 0.17-0.49 s now). Keeps the machines it found.
     */
    private final class KnownMachines {
        private final Map<UUID, Optional<Machine>> seen = new HashMap<>();
        private Map<UUID, Machine> listed;

        boolean contains(UUID id) {
            Optional<Machine> known = seen.get(id);
            if (known == null) {
                if (listed == null && seen.size() >= LOOKUPS_BEFORE_LISTING) {
                    listed = new HashMap<>();
                    for (Machine m : catalog.machines()) listed.put(m.id(), m);
                }
                known = listed != null ? Optional.ofNullable(listed.get(id)) : catalog.machine(id);
                seen.put(id, known);
            }
            return known.isPresent();
        }

        /** A machine {@link #contains} found. */
        Machine machine(UUID id) {
            return seen.get(id).orElseThrow();
        }
    }

    /** One row of a batch, binding its fields with pydantic's error types. */
    private static final class Row {
        /** The row as it came: an object's fields, or anything else (refused). */
        final Object node;
        final List<Object> loc;
        final List<FieldError> errors;
        UUID id; // the machine's or the factory's
        Instant timestamp;
        /** The timestamp had digits below the millisecond, which {@link #time} drops. */
        boolean subMillisecond;
        boolean failed;

        Row(Object node, List<Object> loc, List<FieldError> errors) {
            this.node = node;
            this.loc = loc;
            this.errors = errors;
            if (!isObject()) {
                error("model_attributes_type", null, "Input should be a valid dictionary or object to extract fields from",
                        Json.write(Json.PLAIN, node));
            }
        }

        boolean isObject() {
            return node instanceof Map;
        }

        /** The value as it came, for an error to echo (a number, text, {@code true}, an object), as pydantic does. */
        Object raw(String name) {
            return ((Map<?, ?>) node).get(name);
        }

        void error(String type, String name, String msg, Object input) {
            List<Object> where = new ArrayList<>(loc);
            if (name != null) where.add(name);
            errors.add(FieldError.of(type, where, msg, input));
            failed = true;
        }

        private <V> V bind(String name, boolean required, Params.Converter<V> converter) {
            Object v = raw(name);
            if (v == null) {
                if (required) error("missing", name, "Field required", null);
                return null;
            }
            try {
                if (v instanceof Map || v instanceof List) throw JsonBody.notAScalar(converter);
                return JsonBody.scalar(converter, v);
            } catch (Params.Invalid e) {
                error(e.type(), name, e.getMessage(), raw(name));
                return null;
            }
        }

        UUID uuid(String name) {
            return bind(name, true, Params::uuid);
        }

        /** Kept to the millisecond, as the stores keep it: the answer's first/last timestamps say what was stored. */
        Instant time(String name) {
            Instant t = bind(name, true, Params::dateTime);
            if (t == null) return null;
            subMillisecond = t.getNano() % 1_000_000 != 0;
            return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        }

        /** A required number within [min, max]; NaN when it failed (the row is then rejected). */
        double number(String name, double min, double max) {
            if (raw(name) == null) {
                error("missing", name, "Field required", null);
                return Double.NaN;
            }
            Double v = optional(name, min, max);
            return v == null ? Double.NaN : v;
        }

        Double optional(String name, double min, double max) {
            Double v = bind(name, false, Params::number);
            if (v == null) return null;
            if (v < min) {
                error("greater_than_equal", name, "Input should be greater than or equal to " + fmt(min), raw(name));
                return null;
            }
            if (v > max) {
                error("less_than_equal", name, "Input should be less than or equal to " + fmt(max), raw(name));
                return null;
            }
            return v;
        }

        long count(String name, boolean required) {
            Long v = bind(name, required, Params::longInteger);
            if (v == null) return 0;
            if (v < 0) {
                error("greater_than_equal", name, "Input should be greater than or equal to 0", raw(name));
                return 0;
            }
            if (v > MAX_COUNT) {
                error("less_than_equal", name, "Input should be less than or equal to " + MAX_COUNT, raw(name));
                return 0;
            }
            return v;
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) <= MAX_MEASURE ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
