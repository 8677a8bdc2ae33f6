package io.wattline.store.dynamodb;

import io.wattline.store.StateStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.wattline.store.dynamodb.Items.lng;
import static io.wattline.store.dynamodb.Items.n;
import static io.wattline.store.dynamodb.Items.s;
import static io.wattline.store.dynamodb.Items.str;

/**
 * Versioned documents in the state table: {@code pk} = {@code DOC#<kind>}, {@code sk} = id, the
 * JSON in {@code doc}, the version in {@code ver}. Writes are conditional puts on {@code ver}
 * ({@code attribute_not_exists(pk)} for a first write); reads are strongly consistent.
 */
public final class DynamoStateStore implements StateStore {
    private final DynamoDbClient db;
    private final String table;

    public DynamoStateStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public Optional<Doc> get(String kind, String id) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(key(kind, id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(doc(kind, item));
    }

    @Override
    public List<Doc> list(String kind) {
        List<Doc> out = new ArrayList<>();
        DynamoDb.queryEach(db, QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(partition(kind)))).build(), item -> out.add(doc(kind, item)));
        return out;
    }

    @Override
    public long put(String kind, String id, String json, long expectedVersion) {
        long next = expectedVersion + 1;
        Map<String, AttributeValue> item = new HashMap<>(key(kind, id));
        item.put("doc", s(json));
        item.put("ver", n(next));
        item.put("updated_at", s(Instant.now().toString()));
        try {
            if (expectedVersion == 0) {
                db.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            } else {
                db.putItem(b -> b.tableName(table).item(item).conditionExpression("ver = :v")
                        .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
            }
        } catch (ConditionalCheckFailedException e) {
            throw new StaleVersionException(kind, id, expectedVersion);
        }
        return next;
    }

    @Override
    public boolean delete(String kind, String id) {
        Map<String, AttributeValue> old = db.deleteItem(b -> b.tableName(table).key(key(kind, id))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    private static String partition(String kind) {
        return "DOC#" + kind;
    }

    private static Map<String, AttributeValue> key(String kind, String id) {
        return Map.of("pk", s(partition(kind)), "sk", s(id));
    }

    private static Doc doc(String kind, Map<String, AttributeValue> item) {
        String updated = str(item, "updated_at");
        return new Doc(kind, str(item, "sk"), str(item, "doc"), lng(item, "ver"),
                updated == null ? null : Instant.parse(updated));
    }
}
