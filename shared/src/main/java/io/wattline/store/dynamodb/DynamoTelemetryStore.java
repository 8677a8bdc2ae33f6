package io.wattline.store.dynamodb;

import io.wattline.domain.OutdoorTemperature;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.TelemetryStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.wattline.store.dynamodb.Items.dbl;
import static io.wattline.store.dynamodb.Items.dblOrNull;
import static io.wattline.store.dynamodb.Items.lng;
import static io.wattline.store.dynamodb.Items.n;
import static io.wattline.store.dynamodb.Items.putIfPresent;
import static io.wattline.store.dynamodb.Items.s;

/**
 * Telemetry in one table: partition key = series ({@code R#machine} readings, {@code P#machine}
 * production, {@code W#factory} weather, {@code A15#|AH#|AD#machine} roll-ups), sort key = epoch millis.
 *
 * <p>Roll-ups are a function of the points: after points are written, every 15-minute bucket they
 * touch is recomputed from the stored points, then its hour from the 15-minute buckets, then its day
 * from the hours. A replayed or corrected point therefore leaves the roll-ups right, and a retried
 * write heals them. Each point carries its write stamp ({@code w}); a roll-up keeps the newest stamp
 * it saw ({@code src}) and is only replaced by a computation that saw at least as new a state, so a
 * slower concurrent writer cannot put back an older aggregate.
 */
public final class DynamoTelemetryStore implements TelemetryStore {
    /** Buckets closer than this are refreshed with one range query instead of several. */
    private static final Duration MERGE_GAP = Duration.ofHours(2);
    private static final AtomicLong LAST_STAMP = new AtomicLong();

    private final DynamoDbClient db;
    private final String table;

    public DynamoTelemetryStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void writeReadings(List<Reading> readings) {
        long stamp = nextStamp();
        List<WriteRequest> puts = new ArrayList<>(readings.size());
        Map<UUID, TreeSet<Instant>> touched = new HashMap<>();
        for (Reading r : readings) {
            Map<String, AttributeValue> item = point("R#" + r.machineId(), r.timestamp(), stamp);
            item.put("p", n(r.powerKw()));
            item.put("e", n(r.energyKwh()));
            putIfPresent(item, "i", r.currentA());
            putIfPresent(item, "v", r.voltageV());
            putIfPresent(item, "pf", r.powerFactor());
            putIfPresent(item, "f", r.frequencyHz());
            putIfPresent(item, "t", r.temperatureC());
            puts.add(put(item));
            touched.computeIfAbsent(r.machineId(), k -> new TreeSet<>()).add(Resolution.MIN15.bucketOf(r.timestamp()));
        }
        DynamoDb.batchWrite(db, table, puts);
        touched.forEach(this::refreshRollups);
    }

    @Override
    public void writeProduction(List<ProductionCount> counts) {
        long stamp = nextStamp();
        List<WriteRequest> puts = new ArrayList<>(counts.size());
        Map<UUID, TreeSet<Instant>> touched = new HashMap<>();
        for (ProductionCount c : counts) {
            Map<String, AttributeValue> item = point("P#" + c.machineId(), c.timestamp(), stamp);
            item.put("c", n(c.productionCount()));
            item.put("b", n(c.badCount()));
            puts.add(put(item));
            touched.computeIfAbsent(c.machineId(), k -> new TreeSet<>()).add(Resolution.MIN15.bucketOf(c.timestamp()));
        }
        DynamoDb.batchWrite(db, table, puts);
        touched.forEach(this::refreshRollups);
    }

    @Override
    public void writeOutdoorTemperatures(List<OutdoorTemperature> temperatures) {
        long stamp = nextStamp();
        List<WriteRequest> puts = new ArrayList<>(temperatures.size());
        for (OutdoorTemperature t : temperatures) {
            Map<String, AttributeValue> item = point("W#" + t.factoryId(), t.timestamp(), stamp);
            item.put("t", n(t.temperatureC()));
            puts.add(put(item));
        }
        DynamoDb.batchWrite(db, table, puts);
    }

    /** Recomputes the 15-minute buckets from points, then their hours, then their days. */
    private void refreshRollups(UUID machine, TreeSet<Instant> quarters) {
        Duration q = Resolution.MIN15.length();
        Map<Instant, Acc> min15 = new TreeMap<>();
        for (Instant[] range : ranges(quarters, q)) {
            for (Instant b = range[0]; b.isBefore(range[1]); b = b.plus(q)) {
                if (quarters.contains(b)) min15.put(b, new Acc(b));
            }
            eachPoint("R#" + machine, range[0], range[1], item -> {
                Acc acc = min15.get(Resolution.MIN15.bucketOf(Instant.ofEpochMilli(lng(item, "sk"))));
                if (acc != null) acc.addReading(item);
            });
            eachPoint("P#" + machine, range[0], range[1], item -> {
                Acc acc = min15.get(Resolution.MIN15.bucketOf(Instant.ofEpochMilli(lng(item, "sk"))));
                if (acc != null) acc.addProduction(item);
            });
        }
        min15.values().forEach(acc -> saveRollup(machine, Resolution.MIN15, acc));
        TreeSet<Instant> next = new TreeSet<>();
        for (Instant b : min15.keySet()) next.add(Resolution.HOUR.bucketOf(b));
        for (Resolution res = Resolution.HOUR; res != null; res = res.parent()) {
            next = refreshFromChildren(machine, res, next);
        }
    }

    /** Rebuilds the given buckets of {@code res} from its finer roll-ups; returns the parent buckets touched. */
    private TreeSet<Instant> refreshFromChildren(UUID machine, Resolution res, TreeSet<Instant> buckets) {
        Resolution child = res == Resolution.HOUR ? Resolution.MIN15 : Resolution.HOUR;
        Map<Instant, Acc> accs = new TreeMap<>();
        buckets.forEach(b -> accs.put(b, new Acc(b)));
        for (Instant[] range : ranges(buckets, res.length())) {
            eachPoint(child.code() + "#" + machine, range[0], range[1], item -> {
                Acc acc = accs.get(res.bucketOf(Instant.ofEpochMilli(lng(item, "sk"))));
                if (acc != null) acc.addRollup(item);
            });
        }
        accs.values().forEach(acc -> saveRollup(machine, res, acc));
        TreeSet<Instant> parents = new TreeSet<>();
        if (res.parent() != null) buckets.forEach(b -> parents.add(res.parent().bucketOf(b)));
        return parents;
    }

    private void saveRollup(UUID machine, Resolution res, Acc acc) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(res.code() + "#" + machine));
        item.put("sk", n(acc.bucket.toEpochMilli()));
        Rollup r = acc.agg;
        item.put("e", n(r.energyKwh()));
        item.put("ps", n(r.powerSum()));
        if (r.samples() > 0) item.put("pm", n(r.powerMax()));
        item.put("n", n(r.samples()));
        item.put("c", n(r.production()));
        item.put("b", n(r.bad()));
        item.put("src", n(acc.src));
        try {
            db.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(src) OR src <= :src")
                    .expressionAttributeValues(Map.of(":src", n(acc.src))));
        } catch (ConditionalCheckFailedException newer) {
            // a concurrent write already stored an aggregate that saw newer points
        }
    }

    /** Groups sorted bucket starts into [from, to) ranges, merging buckets closer than {@link #MERGE_GAP}. */
    private static List<Instant[]> ranges(TreeSet<Instant> buckets, Duration length) {
        List<Instant[]> out = new ArrayList<>();
        Instant from = null, to = null;
        for (Instant b : buckets) {
            if (from != null && b.isAfter(to.plus(MERGE_GAP))) {
                out.add(new Instant[]{from, to});
                from = null;
            }
            if (from == null) from = b;
            to = b.plus(length);
        }
        if (from != null) out.add(new Instant[]{from, to});
        return out;
    }

    /**
     * Running aggregate of one bucket while it is recomputed: the shared {@link Rollup#plus} (the same
     * aggregation as {@link io.wattline.domain.Rollups}) plus the newest write stamp it saw.
     */
    private static final class Acc {
        final Instant bucket;
        Rollup agg;
        long src;

        Acc(Instant bucket) {
            this.bucket = bucket;
            this.agg = Rollup.empty(bucket);
        }

        void addReading(Map<String, AttributeValue> item) {
            agg = agg.plus(reading(null, item));
            src = Math.max(src, lng(item, "w"));
        }

        void addProduction(Map<String, AttributeValue> item) {
            agg = agg.plus(productionCount(null, item));
            src = Math.max(src, lng(item, "w"));
        }

        void addRollup(Map<String, AttributeValue> item) {
            agg = agg.plus(rollup(item));
            src = Math.max(src, lng(item, "src"));
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public List<Reading> readings(UUID machineId, Instant from, Instant to) {
        List<Reading> out = new ArrayList<>();
        eachPoint("R#" + machineId, from, to, item -> out.add(reading(machineId, item)));
        return out;
    }

    @Override
    public List<ProductionCount> production(UUID machineId, Instant from, Instant to) {
        List<ProductionCount> out = new ArrayList<>();
        eachPoint("P#" + machineId, from, to, item -> out.add(productionCount(machineId, item)));
        return out;
    }

    @Override
    public List<OutdoorTemperature> outdoorTemperatures(UUID factoryId, Instant from, Instant to) {
        List<OutdoorTemperature> out = new ArrayList<>();
        eachPoint("W#" + factoryId, from, to, item -> out.add(new OutdoorTemperature(factoryId,
                Instant.ofEpochMilli(lng(item, "sk")), dbl(item, "t"))));
        return out;
    }

    @Override
    public List<Rollup> rollups(UUID machineId, Resolution resolution, Instant from, Instant to) {
        List<Rollup> out = new ArrayList<>();
        eachPoint(resolution.code() + "#" + machineId, from, to, item -> out.add(rollup(item)));
        return out;
    }

    @Override
    public Optional<Reading> latest(UUID machineId) {
        List<Map<String, AttributeValue>> items = db.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("R#" + machineId)))
                .scanIndexForward(false).limit(1)).items();
        return items.isEmpty() ? Optional.empty() : Optional.of(reading(machineId, items.get(0)));
    }

    private static Reading reading(UUID machineId, Map<String, AttributeValue> item) {
        return new Reading(machineId, Instant.ofEpochMilli(lng(item, "sk")), dbl(item, "p"), dbl(item, "e"),
                dblOrNull(item, "i"), dblOrNull(item, "v"), dblOrNull(item, "pf"), dblOrNull(item, "f"),
                dblOrNull(item, "t"));
    }

    private static ProductionCount productionCount(UUID machineId, Map<String, AttributeValue> item) {
        return new ProductionCount(machineId, Instant.ofEpochMilli(lng(item, "sk")), lng(item, "c"), lng(item, "b"));
    }

    private static Rollup rollup(Map<String, AttributeValue> item) {
        long n = lng(item, "n");
        return new Rollup(Instant.ofEpochMilli(lng(item, "sk")), dbl(item, "e"), dbl(item, "ps"),
                n > 0 ? dbl(item, "pm") : Double.NEGATIVE_INFINITY, n, lng(item, "c"), lng(item, "b"));
    }

    private void eachPoint(String series, Instant from, Instant to,
                           java.util.function.Consumer<Map<String, AttributeValue>> sink) {
        if (!from.isBefore(to)) return;
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":pk", s(series), ":a", n(from.toEpochMilli()),
                        ":b", n(to.toEpochMilli() - 1)))
                .build();
        DynamoDb.queryEach(db, q, sink);
    }

    private static Map<String, AttributeValue> point(String series, Instant t, long stamp) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(series));
        item.put("sk", n(t.toEpochMilli()));
        item.put("w", n(stamp));
        return item;
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    /** Microseconds since the epoch, strictly increasing within this process. */
    private static long nextStamp() {
        long now = System.currentTimeMillis() * 1000;
        return LAST_STAMP.updateAndGet(prev -> Math.max(prev + 1, now));
    }
}
