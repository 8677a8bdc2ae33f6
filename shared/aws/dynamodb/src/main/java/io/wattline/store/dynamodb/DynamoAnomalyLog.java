package io.wattline.store.dynamodb;

import io.wattline.store.AnomalyLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.wattline.store.dynamodb.Items.s;
import static io.wattline.store.dynamodb.Items.str;

/**
 * Where anomalies live in the state table, one definition for their writer (the anomaly function) and their
 * readers: {@code pk = ANOMALY}, {@code sk = <detected_at, ISO-8601 UTC millis>#<id>} (a time range is one
 * key-condition query), plus an index item {@code pk = ANOMALY#ID}, {@code sk = <id>} holding the first one's
 * sort key, so an anomaly is found by its id.
 */
public final class DynamoAnomalyLog implements AnomalyLog {
    public static final String PARTITION = "ANOMALY";
    public static final String ID_PARTITION = "ANOMALY#ID";

    private final DynamoDbClient db;
    private final String table;

    public DynamoAnomalyLog(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** The sort key of an anomaly: fixed-width UTC time first, so text order is time order. */
    public static String sortKey(Instant detectedAt, String id) {
        return timeKey(detectedAt) + "#" + id;
    }

    public static String timeKey(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(t);
    }

    @Override
    public List<Entry> detectedBetween(Instant from, Instant to) {
        List<Entry> out = new ArrayList<>();
        eachBetween(db, table, from, to, item -> out.add(new Entry(str(item, "id"),
                java.util.UUID.fromString(str(item, "machine_id")), Instant.parse(str(item, "detected_at")),
                Instant.parse(str(item, "window_end")), str(item, "anomaly_type"), str(item, "severity"),
                str(item, "status"))));
        return out;
    }

    /** Every stored anomaly item detected in {@code [from, to)}, in time order. */
    public static void eachBetween(DynamoDbClient db, String table, Instant from, Instant to,
                                   java.util.function.Consumer<Map<String, AttributeValue>> sink) {
        if (!from.isBefore(to)) return;
        // "~" sorts after "#": [timeKey(from), timeKey(to)) as a BETWEEN on the text keys
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":pk", s(PARTITION), ":a", s(timeKey(from)),
                        ":b", s(timeKey(to.minusMillis(1)) + "~")))
                .build();
        DynamoDb.queryEach(db, q, sink);
    }
}
