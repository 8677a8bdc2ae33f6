package io.wattline.kpi.store;

import io.wattline.analytics.kpi.DailyKpiSnapshot;
import io.wattline.analytics.kpi.KpiTotals;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import io.wattline.store.dynamodb.DynamoDailySnapshots;
import io.wattline.store.dynamodb.DynamoDb;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.wattline.store.dynamodb.Items.dbl;
import static io.wattline.store.dynamodb.Items.lng;
import static io.wattline.store.dynamodb.Items.n;
import static io.wattline.store.dynamodb.Items.s;
import static io.wattline.store.dynamodb.Items.str;

/**
 * Daily KPI snapshots in the state table, under {@link DynamoDailySnapshots}' keys (which the ingestion forgets when
 * late data changes a finished day, leaving a new mark). A put replaces the day if its mark is as read.
 */
public final class DynamoKpiSnapshotStore implements KpiSnapshotStore {
    private final DynamoDbClient db;
    private final String table;

    public DynamoKpiSnapshotStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** As the ingestion forgets a day (a new mark): a read or a run then computes it again. */
    @Override
    public void forget(UUID machineId, java.util.Collection<LocalDate> days) {
        new DynamoDailySnapshots(db, table).forget(machineId, days);
    }

    @Override
    public Range read(UUID machineId, LocalDate first, LocalDate last) {
        if (last.isBefore(first)) return new Range(List.of(), Map.of());
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":pk", s(partition(machineId)), ":a", s(DynamoDailySnapshots.sortKey(first)),
                        ":b", s(DynamoDailySnapshots.sortKey(last))))
                .build();
        List<DailyKpiSnapshot> out = new ArrayList<>();
        Map<LocalDate, String> marks = new HashMap<>();
        DynamoDb.queryEach(db, q, item -> {
            AttributeValue mark = item.get(DynamoDailySnapshots.MARK);
            marks.put(LocalDate.parse(str(item, "sk")), mark == null ? "" : mark.s()); // "": stored before marks
            if (item.containsKey("e")) out.add(snapshot(machineId, item)); // else forgotten: no snapshot
        });
        return new Range(out, marks);
    }

    @Override
    public int putAll(UUID machineId, List<DailyKpiSnapshot> snapshots, Map<LocalDate, String> marks) {
        // one put per day (the last snapshot of a day wins), each on the condition that its day is as it was read
        Map<LocalDate, Conditional> byDay = new java.util.LinkedHashMap<>();
        for (DailyKpiSnapshot snap : snapshots) {
            if (!snap.machineId().equals(machineId)) throw new IllegalArgumentException("a snapshot of another machine");
            byDay.put(snap.date(), Conditional.of(item(snap), marks.get(snap.date())));
        }
        List<Conditional> puts = new ArrayList<>(byDay.values());
        int stored = 0;
        for (int i = 0; i < puts.size(); i += TRANSACTION_LIMIT) {
            List<Conditional> chunk = puts.subList(i, Math.min(puts.size(), i + TRANSACTION_LIMIT));
            try {
                db.transactWriteItems(b -> b.transactItems(chunk.stream()
                        .map(p -> TransactWriteItem.builder().put(x -> p.apply(x.tableName(table))).build()).toList()));
                stored += chunk.size();
                continue;
            } catch (TransactionCanceledException changed) {
                // some day changed since it was read: store the others one by one
            }
            for (Conditional p : chunk) {
                try {
                    db.putItem(b -> {
                        b.tableName(table).item(p.item()).conditionExpression(p.condition());
                        if (!p.names().isEmpty()) b.expressionAttributeNames(p.names());
                        if (!p.values().isEmpty()) b.expressionAttributeValues(p.values());
                    });
                    stored++;
                } catch (ConditionalCheckFailedException changed) {
                    // late data for the day since it was read: the next read computes it again
                }
            }
        }
        return stored;
    }

    /** DynamoDB's limit of items per transaction. */
    private static final int TRANSACTION_LIMIT = DynamoDb.MAX_TRANSACTION_ITEMS;

    /** A snapshot's put and the condition that its day's item is as read. */
    private record Conditional(Map<String, AttributeValue> item, String condition, Map<String, String> names,
                               Map<String, AttributeValue> values) {
        /** {@code seen}: the day's mark as read; null if it had no item, "" if its item predates marks. */
        static Conditional of(Map<String, AttributeValue> item, String seen) {
            if (seen == null) return new Conditional(item, "attribute_not_exists(pk)", Map.of(), Map.of());
            Map<String, String> names = Map.of("#m", DynamoDailySnapshots.MARK);
            if (seen.isEmpty()) return new Conditional(item, "attribute_exists(pk) AND attribute_not_exists(#m)", names, Map.of());
            return new Conditional(item, "#m = :seen", names, Map.of(":seen", s(seen)));
        }

        Put.Builder apply(Put.Builder b) {
            b.item(item).conditionExpression(condition);
            if (!names.isEmpty()) b.expressionAttributeNames(names);
            if (!values.isEmpty()) b.expressionAttributeValues(values);
            return b;
        }
    }

    private static String partition(UUID machineId) {
        return DynamoDailySnapshots.partition(machineId);
    }

    static Map<String, AttributeValue> item(DailyKpiSnapshot snap) {
        KpiTotals t = snap.totals();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(partition(snap.machineId())));
        item.put("sk", s(DynamoDailySnapshots.sortKey(snap.date())));
        item.put("zone", s(snap.zone()));
        item.put("start", n(snap.start().toEpochMilli()));
        item.put("end", n(snap.end().toEpochMilli()));
        item.put("e", n(t.energyKwh()));
        item.put("ps", n(t.powerSum()));
        item.put("n", n(t.samples()));
        item.put("c", n(t.production()));
        item.put("b", n(t.bad()));
        item.put("cost", n(t.energyCost()));
        Map<String, AttributeValue> bands = new HashMap<>();
        t.bands().forEach((name, band) -> bands.put(name, AttributeValue.fromM(Map.of("e", n(band.energyKwh()),
                "cost", n(band.cost())))));
        item.put("bands", AttributeValue.fromM(bands));
        if (t.peakAt() != null) {
            item.put("peak", n(t.peakKw()));
            item.put("peak_at", n(t.peakAt().toEpochMilli()));
        }
        item.put("fp", s(snap.tariffFingerprint()));
        item.put("computed_at", s(snap.computedAt().toString()));
        item.put(DynamoDailySnapshots.MARK, s(DynamoDailySnapshots.newMark()));
        return item;
    }

    static DailyKpiSnapshot snapshot(UUID machineId, Map<String, AttributeValue> item) {
        Map<String, KpiTotals.Band> bands = new HashMap<>();
        AttributeValue b = item.get("bands");
        if (b != null && b.hasM()) {
            b.m().forEach((name, v) -> bands.put(name, new KpiTotals.Band(dbl(v.m(), "e"), dbl(v.m(), "cost"))));
        }
        boolean peak = item.containsKey("peak_at");
        KpiTotals t = new KpiTotals(dbl(item, "e"), dbl(item, "ps"), lng(item, "n"), lng(item, "c"), lng(item, "b"),
                dbl(item, "cost"), bands, peak ? dbl(item, "peak") : Double.NEGATIVE_INFINITY,
                peak ? Instant.ofEpochMilli(lng(item, "peak_at")) : null);
        return new DailyKpiSnapshot(machineId, LocalDate.parse(str(item, "sk")), str(item, "zone"),
                Instant.ofEpochMilli(lng(item, "start")), Instant.ofEpochMilli(lng(item, "end")), t, str(item, "fp"),
                Instant.parse(str(item, "computed_at")));
    }
}
