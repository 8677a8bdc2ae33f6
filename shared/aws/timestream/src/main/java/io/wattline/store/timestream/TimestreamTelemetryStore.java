package io.wattline.store.timestream;

import io.wattline.config.Settings;
import io.wattline.domain.OutdoorTemperature;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.domain.TwinSample;
import io.wattline.store.TelemetryStore;
import io.wattline.store.aws.AwsClientSettings;
import software.amazon.awssdk.services.timestreamquery.TimestreamQueryClient;
import software.amazon.awssdk.services.timestreamquery.model.ColumnInfo;
import software.amazon.awssdk.services.timestreamquery.model.Datum;
import software.amazon.awssdk.services.timestreamquery.model.QueryRequest;
import software.amazon.awssdk.services.timestreamquery.model.QueryResponse;
import software.amazon.awssdk.services.timestreamquery.model.Row;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.model.Dimension;
import software.amazon.awssdk.services.timestreamwrite.model.MeasureValue;
import software.amazon.awssdk.services.timestreamwrite.model.MeasureValueType;
import software.amazon.awssdk.services.timestreamwrite.model.Record;
import software.amazon.awssdk.services.timestreamwrite.model.TimeUnit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Telemetry in Amazon Timestream for LiveAnalytics, for accounts that have it: multi-measure records
 * (one per reading, production count or temperature) with the series id as dimension; roll-ups are
 * computed by the query engine with {@code bin()}, so nothing is stored twice. Writes carry a version
 * (the write time) so a replayed point replaces the older one, as in the DynamoDB adapter.
 */
public final class TimestreamTelemetryStore implements TelemetryStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TimestreamTelemetryStore.class);
    private static final int WRITE_LIMIT = 100;
    private static final DateTimeFormatter TS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS]");

    private final TimestreamWriteClient writer;
    private final TimestreamQueryClient reader;
    private final String database;
    private final String table;

    public TimestreamTelemetryStore(TimestreamWriteClient writer, TimestreamQueryClient reader, String database, String table) {
        this.writer = writer;
        this.reader = reader;
        this.database = database;
        this.table = table;
    }

    /** What {@link io.wattline.store.TelemetryStores} finds (java.util.ServiceLoader) when telemetry is in Timestream. */
    public static final class Factory implements TelemetryStore.Factory {
        @Override
        public TelemetryStore create(Settings settings) {
            return TimestreamTelemetryStore.create(settings);
        }
    }

    public static TimestreamTelemetryStore create(Settings s) {
        boolean discover = s.timestreamEndpoint().isEmpty(); // AWS hands out cell endpoints; LocalStack does not
        TimestreamWriteClient w = AwsClientSettings.apply(TimestreamWriteClient.builder(), s, s.timestreamEndpoint())
                .endpointDiscoveryEnabled(discover).build();
        TimestreamQueryClient q = AwsClientSettings.apply(TimestreamQueryClient.builder(), s, s.timestreamEndpoint())
                .endpointDiscoveryEnabled(discover).build();
        return new TimestreamTelemetryStore(w, q, s.timestreamDatabase(), s.timestreamTable());
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void writeReadings(List<Reading> readings) {
        write(readings.stream().map(r -> {
            List<MeasureValue> m = new ArrayList<>();
            m.add(measure("power_kw", r.powerKw()));
            m.add(measure("energy_kwh", r.energyKwh()));
            optional(m, "current_a", r.currentA());
            optional(m, "voltage_v", r.voltageV());
            optional(m, "power_factor", r.powerFactor());
            optional(m, "frequency_hz", r.frequencyHz());
            optional(m, "temperature_c", r.temperatureC());
            return record("machine_id", r.machineId(), "reading", r.timestamp(), m);
        }).toList());
    }

    @Override
    public void writeProduction(List<ProductionCount> counts) {
        write(counts.stream().map(c -> record("machine_id", c.machineId(), "production", c.timestamp(),
                List.of(measure("production_count", c.productionCount()), measure("bad_count", c.badCount())))).toList());
    }

    @Override
    public void writeOutdoorTemperatures(List<OutdoorTemperature> temperatures) {
        write(temperatures.stream().map(t -> record("factory_id", t.factoryId(), "weather", t.timestamp(),
                List.of(measure("temperature_c", t.temperatureC())))).toList());
    }

    private void write(List<Record> records) {
        long version = System.currentTimeMillis();
        for (int i = 0; i < records.size(); i += WRITE_LIMIT) {
            List<Record> chunk = records.subList(i, Math.min(records.size(), i + WRITE_LIMIT)).stream()
                    .map(r -> r.toBuilder().version(version).build()).toList();
            writer.writeRecords(b -> b.databaseName(database).tableName(table).records(chunk));
        }
    }

    static Record record(String dimension, UUID id, String measureName, Instant t, List<MeasureValue> values) {
        return Record.builder()
                .dimensions(Dimension.builder().name(dimension).value(id.toString()).build())
                .measureName(measureName)
                .measureValueType(MeasureValueType.MULTI)
                .measureValues(values)
                .time(Long.toString(t.toEpochMilli()))
                .timeUnit(TimeUnit.MILLISECONDS)
                .build();
    }

    private static MeasureValue measure(String name, double v) {
        return MeasureValue.builder().name(name).value(Double.toString(v)).type(MeasureValueType.DOUBLE).build();
    }

    private static void optional(List<MeasureValue> m, String name, Double v) {
        if (v != null) m.add(measure(name, v));
    }

    // ---------------------------------------------------------------- reads

    @Override
    public List<Reading> readings(UUID machineId, Instant from, Instant to) {
        List<Reading> out = new ArrayList<>();
        query(select("time, power_kw, energy_kwh, current_a, voltage_v, power_factor, frequency_hz, temperature_c",
                "machine_id", machineId, "reading", from, to) + " ORDER BY time", row -> out.add(reading(machineId, row)));
        return out;
    }

    @Override
    public List<ProductionCount> production(UUID machineId, Instant from, Instant to) {
        List<ProductionCount> out = new ArrayList<>();
        query(select("time, production_count, bad_count", "machine_id", machineId, "production", from, to) + " ORDER BY time",
                row -> out.add(new ProductionCount(machineId, time(row.get("time")),
                        (long) num(row.get("production_count")), (long) num(row.get("bad_count")))));
        return out;
    }

    @Override
    public List<OutdoorTemperature> outdoorTemperatures(UUID factoryId, Instant from, Instant to) {
        List<OutdoorTemperature> out = new ArrayList<>();
        query(select("time, temperature_c", "factory_id", factoryId, "weather", from, to) + " ORDER BY time",
                row -> out.add(new OutdoorTemperature(factoryId, time(row.get("time")), num(row.get("temperature_c")))));
        return out;
    }

    @Override
    public List<Rollup> rollups(UUID machineId, Resolution resolution, Instant from, Instant to) {
        String bin = binOf(resolution);
        Map<Instant, Rollup> buckets = new TreeMap<>();
        query("SELECT bin(time, " + bin + ") AS bucket, SUM(energy_kwh) AS e, SUM(power_kw) AS ps, MAX(power_kw) AS pm,"
                        + " COUNT(power_kw) AS n" + from("machine_id", machineId, "reading", from, to)
                        + " GROUP BY bin(time, " + bin + ")",
                row -> {
                    Instant b = time(row.get("bucket"));
                    buckets.put(b, new Rollup(b, num(row.get("e")), num(row.get("ps")), num(row.get("pm")),
                            (long) num(row.get("n")), 0, 0));
                });
        query("SELECT bin(time, " + bin + ") AS bucket, SUM(production_count) AS c, SUM(bad_count) AS b"
                        + from("machine_id", machineId, "production", from, to) + " GROUP BY bin(time, " + bin + ")",
                row -> {
                    Instant b = time(row.get("bucket"));
                    Rollup base = buckets.getOrDefault(b, Rollup.empty(b));
                    buckets.put(b, base.plus(new ProductionCount(machineId, b, (long) num(row.get("c")), (long) num(row.get("b")))));
                });
        return List.copyOf(buckets.values());
    }

    @Override
    public Optional<Reading> latest(UUID machineId) {
        List<Reading> out = new ArrayList<>();
        query(select("time, power_kw, energy_kwh, current_a, voltage_v, power_factor, frequency_hz, temperature_c",
                "machine_id", machineId, "reading", Instant.EPOCH, Instant.now().plusSeconds(86_400))
                + " ORDER BY time DESC LIMIT 1", row -> out.add(reading(machineId, row)));
        return out.stream().findFirst();
    }

    static String binOf(Resolution r) {
        return switch (r) {
            case MIN15 -> "15m";
            case HOUR -> "1h";
            case DAY -> "1d";
        };
    }

    private String select(String columns, String dimension, UUID id, String measure, Instant from, Instant to) {
        return "SELECT " + columns + from(dimension, id, measure, from, to);
    }

    /** The FROM/WHERE clause; ids are UUIDs (validated), so they are safe inside quotes. */
    String from(String dimension, UUID id, String measure, Instant from, Instant to) {
        return " FROM \"" + database + "\".\"" + table + "\" WHERE " + dimension + " = '" + id + "'"
                + " AND measure_name = '" + measure + "'"
                + " AND time >= from_milliseconds(" + from.toEpochMilli() + ")"
                + " AND time < from_milliseconds(" + to.toEpochMilli() + ")";
    }

    /** Runs a query to its last page, handing each row to the sink as column name → datum. */
    private void query(String sql, Consumer<Map<String, Datum>> sink) {
        String token = null;
        do {
            String next = token;
            QueryResponse page = reader.query(QueryRequest.builder().queryString(sql).nextToken(next).build());
            List<ColumnInfo> columns = page.columnInfo();
            for (Row row : page.rows()) {
                Map<String, Datum> byName = new HashMap<>();
                for (int c = 0; c < columns.size(); c++) byName.put(columns.get(c).name(), row.data().get(c));
                sink.accept(byName);
            }
            token = page.nextToken();
        } while (token != null);
    }

    private static Reading reading(UUID machineId, Map<String, Datum> row) {
        return new Reading(machineId, time(row.get("time")), num(row.get("power_kw")), num(row.get("energy_kwh")),
                numOrNull(row.get("current_a")), numOrNull(row.get("voltage_v")), numOrNull(row.get("power_factor")),
                numOrNull(row.get("frequency_hz")), numOrNull(row.get("temperature_c")));
    }

    static Instant time(Datum d) {
        return LocalDateTime.parse(d.scalarValue(), TS_TIME).toInstant(ZoneOffset.UTC);
    }

    private static double num(Datum d) {
        Double v = numOrNull(d);
        return v == null ? 0.0 : v;
    }

    private static Double numOrNull(Datum d) {
        return d == null || Boolean.TRUE.equals(d.nullValue()) || d.scalarValue() == null ? null : Double.valueOf(d.scalarValue());
    }

    // ---------------------------------------------------------------- twin samples

    @Override
    public void writeTwinSamples(List<TwinSample> samples) {
        write(samples.stream().map(t -> {
            List<Dimension> dims = new ArrayList<>(List.of(
                    Dimension.builder().name("asset_id").value(t.assetId()).build(),
                    Dimension.builder().name("source").value(t.source()).build()));
            if (t.faultType() != null) dims.add(Dimension.builder().name("fault_type").value(t.faultType()).build());
            if (t.severity() != null) dims.add(Dimension.builder().name("severity").value(t.severity()).build());
            List<MeasureValue> m = new ArrayList<>(List.of(measure("voltage_v", t.voltageV()),
                    measure("current_a", t.currentA()), measure("power_factor", t.powerFactor()),
                    measure("vibration_g", t.vibrationG()), measure("is_faulty", t.faulty() ? 1 : 0)));
            optional(m, "score", t.score());
            return Record.builder().dimensions(dims).measureName("twin").measureValueType(MeasureValueType.MULTI)
                    .measureValues(m).time(Long.toString(t.timestamp().toEpochMilli())).timeUnit(TimeUnit.MILLISECONDS)
                    .build();
        }).toList());
    }

    @Override
    public List<TwinSample> twinSamples(String assetId, Instant from, Instant to) {
        List<TwinSample> out = new ArrayList<>();
        // asset ids are validated by the twin API ([A-Za-z0-9._:-]), so they are safe inside quotes
        query("SELECT time, source, fault_type, severity, voltage_v, current_a, power_factor, vibration_g, is_faulty, score"
                + " FROM \"" + database + "\".\"" + table + "\" WHERE asset_id = '" + assetId.replace("'", "''") + "'"
                + " AND measure_name = 'twin' AND time >= from_milliseconds(" + from.toEpochMilli() + ")"
                + " AND time < from_milliseconds(" + to.toEpochMilli() + ") ORDER BY time", row -> out.add(new TwinSample(
                assetId, time(row.get("time")), num(row.get("voltage_v")), num(row.get("current_a")),
                num(row.get("power_factor")), num(row.get("vibration_g")), text(row.get("source")),
                num(row.get("is_faulty")) > 0, text(row.get("fault_type")), text(row.get("severity")),
                numOrNull(row.get("score")))));
        return out;
    }

    /** Timestream for LiveAnalytics has no delete: records leave only by the table's retention. */
    @Override
    public int deleteTwinSamples(String assetId, Instant from, Instant to, int limit) {
        LOG.warn("Timestream cannot delete records: twin samples of {} stay until the table's retention removes them",
                assetId);
        return 0;
    }

    @Override
    public int deleteTwinSamples(String assetId, java.util.Collection<Instant> timestamps) {
        return deleteTwinSamples(assetId, Instant.EPOCH, Instant.EPOCH, 0); // none, and the log says why
    }

    private static String text(Datum d) {
        return d == null || Boolean.TRUE.equals(d.nullValue()) ? null : d.scalarValue();
    }
}
