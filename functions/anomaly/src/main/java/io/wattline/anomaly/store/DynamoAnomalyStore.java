package io.wattline.anomaly.store;

import io.wattline.store.dynamodb.DynamoAnomalyLog;
import io.wattline.store.dynamodb.DynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.wattline.store.dynamodb.Items.dblOrNull;
import static io.wattline.store.dynamodb.Items.n;
import static io.wattline.store.dynamodb.Items.s;
import static io.wattline.store.dynamodb.Items.str;

/**
 * Anomalies in the state table, laid out by {@link DynamoAnomalyLog}: the anomaly item and its id index item
 * are written in one transaction, each only if absent, so a second detection of the same span writes nothing;
 * extending one that grew is an update conditioned on the span end it was read with; resolving is an update
 * conditioned on the status still being {@code unresolved}.
 */
public final class DynamoAnomalyStore implements AnomalyStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DynamoAnomalyStore.class);
    private final DynamoDbClient db;
    private final String table;

    public DynamoAnomalyStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public boolean insert(Anomaly a) {
        String sk = DynamoAnomalyLog.sortKey(a.detectedAt(), a.id());
        Map<String, AttributeValue> index = Map.of("pk", s(DynamoAnomalyLog.ID_PARTITION), "sk", s(a.id()), "ref", s(sk));
        try {
            db.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                    put(index), put(item(a, sk))).build());
            return true;
        } catch (TransactionCanceledException e) {
            boolean exists = e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
            if (exists) return false;
            throw e;
        }
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /** DynamoDB's limit on a sort key's value. */
    static final int MAX_SORT_KEY_BYTES = 1024;

    @Override
    public Optional<Anomaly> get(String id) {
        return ref(id).flatMap(this::load);
    }

    private Optional<String> ref(String id) {
        // an id no anomaly has (they are UUIDs) and DynamoDB would refuse as a key (over 1,024 bytes): not found, not a 500
        if (id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SORT_KEY_BYTES) return Optional.empty();
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder().tableName(table).consistentRead(true)
                .key(Map.of("pk", s(DynamoAnomalyLog.ID_PARTITION), "sk", s(id))).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(str(item, "ref"));
    }

    private Optional<Anomaly> load(String sk) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder().tableName(table).consistentRead(true)
                .key(key(sk)).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(anomaly(item));
    }

    private static Map<String, AttributeValue> key(String sk) {
        return Map.of("pk", s(DynamoAnomalyLog.PARTITION), "sk", s(sk));
    }

    /** Attempts of an extension that lost to a concurrent one before it gives up (the other's span stands). */
    static final int EXTEND_ATTEMPTS = 3;

    @Override
    public Optional<Anomaly> extend(Anomaly grown) {
        Optional<String> sk = ref(grown.id());
        if (sk.isEmpty()) return Optional.empty();
        for (int attempt = 0; ; attempt++) {
            Optional<Anomaly> stored = load(sk.get());
            if (stored.isEmpty() || !grown.windowEnd().isAfter(stored.get().windowEnd()) || attempt == EXTEND_ATTEMPTS) {
                return stored;
            }
            Anomaly extended = stored.get().extendedBy(grown);
            Update u = new Update();
            u.set("window_end", s(extended.windowEnd().toString()));
            u.set("severity", s(extended.severity()));
            u.set("description", s(extended.description()));
            u.figure("actual_value", extended.actualValue());
            u.figure("expected_value", extended.expectedValue());
            u.figure("deviation", extended.deviation());
            u.figure("deviation_percent", extended.deviationPercent());
            if (!extended.status().equals(stored.get().status())) { // reopened: the fault outlasted its resolution
                u.set("status", s(extended.status()));
                u.remove.add(u.name("resolved_at"));
                u.remove.add(u.name("resolution_notes"));
            }
            u.values.put(":seen", s(stored.get().windowEnd().toString()));
            try {
                db.updateItem(UpdateItemRequest.builder().tableName(table).key(key(sk.get())).updateExpression(u.expression())
                        .conditionExpression(u.name("window_end") + " = :seen").expressionAttributeNames(u.names)
                        .expressionAttributeValues(u.values).build());
                return Optional.of(extended);
            } catch (ConditionalCheckFailedException e) {
                // another detection extended it meanwhile: read it again, and extend it further only if this one reaches further
            }
        }
    }

    /** An update expression over attribute-name placeholders (some names, such as {@code status}, are reserved words). */
    private static final class Update {
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();
        final List<String> set = new ArrayList<>(), remove = new ArrayList<>();

        String name(String attribute) {
            String placeholder = "#a" + names.size();
            for (Map.Entry<String, String> e : names.entrySet()) if (e.getValue().equals(attribute)) return e.getKey();
            names.put(placeholder, attribute);
            return placeholder;
        }

        void set(String attribute, AttributeValue v) {
            String value = ":v" + values.size();
            values.put(value, v);
            set.add(name(attribute) + " = " + value);
        }

        /** A figure: set when it has a value, removed when it has none (as {@link #item} leaves it out). */
        void figure(String attribute, Double v) {
            if (v != null && Double.isFinite(v)) set(attribute, n(v));
            else remove.add(name(attribute));
        }

        String expression() {
            return "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        }
    }

    @Override
    public List<Anomaly> detectedBetween(Instant from, Instant to) {
        List<Anomaly> out = new ArrayList<>();
        DynamoAnomalyLog.eachBetween(db, table, from, to, item -> out.add(anomaly(item)));
        out.sort(Comparator.comparing(Anomaly::detectedAt).reversed());
        return out;
    }

    @Override
    public List<Anomaly> unresolved() {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk").filterExpression("#st = :u")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":pk", s(DynamoAnomalyLog.PARTITION), ":u", s(Anomaly.UNRESOLVED)))
                .scanIndexForward(false).build();
        List<Anomaly> out = new ArrayList<>();
        DynamoDb.queryEach(db, q, item -> out.add(anomaly(item)));
        return out;
    }

    @Override
    public boolean withdraw(Anomaly read) {
        Optional<String> sk = ref(read.id());
        if (sk.isEmpty()) return false;
        // the anomaly item (only while unresolved, and as far as it reached when read) and its id index item, together
        try {
            db.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(sk.get()))
                            .conditionExpression("#st = :u AND window_end = :we")
                            .expressionAttributeNames(Map.of("#st", "status"))
                            .expressionAttributeValues(Map.of(":u", s(Anomaly.UNRESOLVED), ":we", s(read.windowEnd().toString())))
                            .build()).build(),
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(Map.of("pk", s(DynamoAnomalyLog.ID_PARTITION), "sk", s(read.id()))).build()).build()).build());
            return true;
        } catch (TransactionCanceledException e) {
            // resolved or extended meanwhile (the condition), or a concurrent write to it: it stays, and a later run that
            // judges it again decides
            if (e.cancellationReasons().stream().noneMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                LOG.warn("anomaly {} not withdrawn: {}", read.id(), e.cancellationReasons());
            }
            return false;
        }
    }

    @Override
    public Optional<Anomaly> resolve(String id, Instant at, String notes) {
        Optional<String> sk = ref(id);
        if (sk.isEmpty()) return Optional.empty();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":r", s(Anomaly.RESOLVED));
        values.put(":u", s(Anomaly.UNRESOLVED));
        values.put(":at", s(at.toString()));
        values.put(":notes", notes == null ? AttributeValue.fromNul(true) : s(notes));
        try {
            db.updateItem(UpdateItemRequest.builder().tableName(table).key(key(sk.get()))
                    .updateExpression("SET #st = :r, resolved_at = :at, resolution_notes = :notes")
                    .conditionExpression("#st = :u").expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(values).build());
        } catch (ConditionalCheckFailedException e) {
            // already resolved (by this request's retry or another): the stored resolution stands
        }
        return load(sk.get());
    }

    static Map<String, AttributeValue> item(Anomaly a, String sk) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(DynamoAnomalyLog.PARTITION));
        item.put("sk", s(sk));
        item.put("id", s(a.id()));
        item.put("machine_id", s(a.machineId().toString()));
        item.put("machine_name", s(a.machineName()));
        item.put("detected_at", s(a.detectedAt().toString()));
        item.put("window_end", s(a.windowEnd().toString()));
        item.put("severity", s(a.severity()));
        item.put("anomaly_type", s(a.anomalyType()));
        item.put("description", s(a.description()));
        putNumber(item, "actual_value", a.actualValue());
        putNumber(item, "expected_value", a.expectedValue());
        putNumber(item, "deviation", a.deviation());
        putNumber(item, "deviation_percent", a.deviationPercent());
        item.put("status", s(a.status()));
        if (a.resolvedAt() != null) item.put("resolved_at", s(a.resolvedAt().toString()));
        if (a.resolutionNotes() != null) item.put("resolution_notes", s(a.resolutionNotes()));
        if (a.judgedBy() != null) item.put("judged_by", s(a.judgedBy()));
        return item;
    }

    private static void putNumber(Map<String, AttributeValue> item, String name, Double v) {
        if (v != null && Double.isFinite(v)) item.put(name, n(v));
    }

    static Anomaly anomaly(Map<String, AttributeValue> item) {
        AttributeValue resolvedAt = item.get("resolved_at"), notes = item.get("resolution_notes"), judge = item.get("judged_by");
        return new Anomaly(str(item, "id"), UUID.fromString(str(item, "machine_id")), str(item, "machine_name"),
                Instant.parse(str(item, "detected_at")), Instant.parse(str(item, "window_end")), str(item, "severity"),
                str(item, "anomaly_type"), str(item, "description"), dblOrNull(item, "actual_value"),
                dblOrNull(item, "expected_value"), dblOrNull(item, "deviation"), dblOrNull(item, "deviation_percent"),
                str(item, "status"), resolvedAt == null || resolvedAt.s() == null ? null : Instant.parse(resolvedAt.s()),
                notes == null ? null : notes.s(), judge == null ? null : judge.s());
    }
}
