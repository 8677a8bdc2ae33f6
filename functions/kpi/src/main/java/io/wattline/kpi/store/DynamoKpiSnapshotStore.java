package io.wattline.kpi.store;

import io.wattline.analytics.kpi.DailyKpiSnapshot;
import io.wattline.analytics.kpi.KpiTotals;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

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
 * late data changes a finished day). A put replaces the day.
 */
public final class DynamoKpiSnapshotStore implements KpiSnapshotStore {
    private final DynamoDbClient db;
    private final String table;

    public DynamoKpiSnapshotStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public void putAll(List<DailyKpiSnapshot> snapshots) {
        if (snapshots.isEmpty()) return;
        // one write per key in a batch: the last snapshot of a day wins
        Map<String, WriteRequest> byKey = new java.util.LinkedHashMap<>();
        for (DailyKpiSnapshot snap : snapshots) {
            byKey.put(snap.machineId() + "/" + snap.date(),
                    WriteRequest.builder().putRequest(PutRequest.builder().item(item(snap)).build()).build());
        }
        DynamoDb.batchWrite(db, table, new ArrayList<>(byKey.values()));
    }

    @Override
    public List<DailyKpiSnapshot> range(UUID machineId, LocalDate first, LocalDate last) {
        if (last.isBefore(first)) return List.of();
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":pk", s(partition(machineId)), ":a", s(DynamoDailySnapshots.sortKey(first)),
                        ":b", s(DynamoDailySnapshots.sortKey(last))))
                .build();
        List<DailyKpiSnapshot> out = new ArrayList<>();
        DynamoDb.queryEach(db, q, item -> out.add(snapshot(machineId, item)));
        return out;
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
