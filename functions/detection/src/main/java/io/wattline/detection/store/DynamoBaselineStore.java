package io.wattline.detection.store;

import io.wattline.analytics.detect.Baseline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import static io.wattline.store.dynamodb.Items.dbl;
import static io.wattline.store.dynamodb.Items.lng;
import static io.wattline.store.dynamodb.Items.n;
import static io.wattline.store.dynamodb.Items.s;
import static io.wattline.store.dynamodb.Items.str;

/**
 * Detection baselines in the state table, {@code BASELINE#<key id>} / {@code <machine id>}: the detection
 * function's own adapter (only it stores the detector's {@link Baseline}), on the shared DynamoDB items.
 */
public final class DynamoBaselineStore implements BaselineStore {
    private final DynamoDbClient db;
    private final String table;

    public DynamoBaselineStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String keyId, String machineId) {
        return Map.of("pk", s("BASELINE#" + keyId), "sk", s(machineId));
    }

    @Override
    public void put(Stored b) {
        Baseline v = b.baseline();
        Map<String, AttributeValue> item = new HashMap<>(key(b.keyId(), b.machineId()));
        item.put("learned_at", s(b.learnedAt().toString()));
        item.put("points", n(v.points()));
        item.put("period", n(v.period()));
        item.put("energy_mean", n(v.energyMean()));
        item.put("energy_std", n(v.energyStd()));
        item.put("level_mean", n(v.levelMean()));
        item.put("level_std", n(v.levelStd()));
        item.put("level_p05", n(v.levelP05()));
        item.put("level_p95", n(v.levelP95()));
        item.put("step_p95", n(v.stepP95()));
        item.put("trend_mean", n(v.trendMean()));
        item.put("trend_std", n(v.trendStd()));
        db.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Optional<Stored> get(String keyId, String machineId) {
        Map<String, AttributeValue> i = db.getItem(r -> r.tableName(table).key(key(keyId, machineId))).item();
        if (i == null || i.isEmpty()) return Optional.empty();
        return Optional.of(stored(keyId, machineId, i));
    }

    @Override
    public List<Stored> list(String keyId) {
        List<Stored> out = new ArrayList<>();
        db.queryPaginator(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s("BASELINE#" + keyId))).consistentRead(true))
                .items().forEach(i -> out.add(stored(keyId, i.get("sk").s(), i)));
        return out;
    }

    private static Stored stored(String keyId, String machineId, Map<String, AttributeValue> i) {
        Baseline b = new Baseline((int) lng(i, "points"), (int) lng(i, "period"), dbl(i, "energy_mean"),
                dbl(i, "energy_std"), dbl(i, "level_mean"), dbl(i, "level_std"), dbl(i, "level_p05"),
                dbl(i, "level_p95"), dbl(i, "step_p95"), dbl(i, "trend_mean"), dbl(i, "trend_std"));
        return new Stored(keyId, machineId, b, Instant.parse(str(i, "learned_at")));
    }

    @Override
    public boolean delete(String keyId, String machineId) {
        var old = db.deleteItem(r -> r.tableName(table).key(key(keyId, machineId)).returnValues(ReturnValue.ALL_OLD));
        return old.hasAttributes() && !old.attributes().isEmpty();
    }
}
