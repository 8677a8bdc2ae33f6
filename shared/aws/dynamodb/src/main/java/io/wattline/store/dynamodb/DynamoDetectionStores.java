package io.wattline.store.dynamodb;

import io.wattline.store.KeyStore;
import io.wattline.store.UsageStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.wattline.store.dynamodb.Items.bool;
import static io.wattline.store.dynamodb.Items.dbl;
import static io.wattline.store.dynamodb.Items.lng;
import static io.wattline.store.dynamodb.Items.n;
import static io.wattline.store.dynamodb.Items.s;
import static io.wattline.store.dynamodb.Items.str;

/**
 * The detection API's state in the state table:
 * <ul>
 *   <li>keys: {@code APIKEY#<sha256>} / {@code KEY} (id, name, created, revoked) and
 *       {@code APIKEYID#<id>} / {@code KEY} (the hash, to revoke by id); created with a condition so
 *       an existing key is never overwritten;</li>
 *   <li>(baselines, {@code BASELINE#<key id>} / {@code <machine id>}, are the detection function's own adapter);</li>
 *   <li>usage: {@code USAGE#<key id>} / {@code DAY#<yyyy-mm-dd>}, counters incremented atomically
 *       ({@code ADD}), one write per request; totals are the sum of the days (a few hundred items a year).</li>
 * </ul>
 */
public final class DynamoDetectionStores {
    private DynamoDetectionStores() {}

    public static final class Keys implements KeyStore {
        private final DynamoDbClient db;
        private final String table;
        private final SecureRandom random = new SecureRandom();

        public Keys(DynamoDbClient db, String table) {
            this.db = db;
            this.table = table;
        }

        @Override
        public Created create(String name, Instant now) {
            String secret = KeyStore.newSecret(random);
            return new Created(put(secret, name, now, true).orElseThrow(), secret);
        }

        @Override
        public ApiKey ensure(String secret, String name, Instant now) {
            return put(secret, name, now, false).orElseGet(() -> byHash(KeyStore.hash(secret)).orElseThrow());
        }

        /** Writes the key's two items unless the key exists; empty when it existed (and {@code mustBeNew} is false). */
        private Optional<ApiKey> put(String secret, String name, Instant now, boolean mustBeNew) {
            String hash = KeyStore.hash(secret);
            String id = KeyStore.keyId(hash);
            Map<String, AttributeValue> item = new HashMap<>(Map.of("pk", s("APIKEY#" + hash), "sk", s("KEY"),
                    "key_id", s(id), "name", s(name == null ? "" : name), "created_at", s(now.toString()),
                    "revoked", AttributeValue.fromBool(false)));
            try {
                db.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            } catch (ConditionalCheckFailedException exists) {
                if (mustBeNew) throw new IllegalStateException("key collision; try again");
                return Optional.empty();
            }
            db.putItem(b -> b.tableName(table).item(Map.of("pk", s("APIKEYID#" + id), "sk", s("KEY"), "hash", s(hash))));
            return Optional.of(new ApiKey(id, name, now, false));
        }

        @Override
        public Optional<ApiKey> find(String secret) {
            if (secret == null || secret.isEmpty() || secret.length() > 256) return Optional.empty();
            return byHash(KeyStore.hash(secret)).filter(k -> !k.revoked());
        }

        private Optional<ApiKey> byHash(String hash) {
            Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table)
                    .key(Map.of("pk", s("APIKEY#" + hash), "sk", s("KEY")))).item();
            if (item == null || item.isEmpty()) return Optional.empty();
            return Optional.of(new ApiKey(str(item, "key_id"), str(item, "name"), Instant.parse(str(item, "created_at")),
                    bool(item, "revoked")));
        }

        @Override
        public boolean revoke(String keyId, Instant now) {
            Map<String, AttributeValue> idItem = db.getItem(b -> b.tableName(table)
                    .key(Map.of("pk", s("APIKEYID#" + keyId), "sk", s("KEY")))).item();
            if (idItem == null || idItem.isEmpty()) return false;
            db.updateItem(b -> b.tableName(table).key(Map.of("pk", s("APIKEY#" + str(idItem, "hash")), "sk", s("KEY")))
                    .updateExpression("SET revoked = :t, revoked_at = :at")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true), ":at", s(now.toString()))));
            return true;
        }

        @Override
        public List<ApiKey> list() {
            List<ApiKey> out = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                ScanRequest.Builder req = ScanRequest.builder().tableName(table)
                        .filterExpression("begins_with(pk, :p)").expressionAttributeValues(Map.of(":p", s("APIKEY#")));
                if (start != null) req.exclusiveStartKey(start);
                var page = db.scan(req.build());
                for (var item : page.items()) {
                    out.add(new ApiKey(str(item, "key_id"), str(item, "name"), Instant.parse(str(item, "created_at")),
                            bool(item, "revoked")));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            out.sort(java.util.Comparator.comparing(ApiKey::createdAt));
            return out;
        }
    }

    public static final class Usage implements UsageStore {
        private final DynamoDbClient db;
        private final String table;

        public Usage(DynamoDbClient db, String table) {
            this.db = db;
            this.table = table;
        }

        @Override
        public void record(String keyId, String operation, int points, Instant at) {
            String day = LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
            // one write per request: the day's counters; totals are summed from the days when read
            db.updateItem(b -> b.tableName(table).key(Map.of("pk", s("USAGE#" + keyId), "sk", s("DAY#" + day)))
                    .updateExpression("ADD requests :one, points :p, #op :one")
                    .expressionAttributeNames(Map.of("#op", "op_" + operation))
                    .expressionAttributeValues(Map.of(":one", n(1L), ":p", n((long) points))));
        }

        @Override
        public UsageStore.Usage get(String keyId, int days, Instant now) {
            Map<String, Long> byOp = new TreeMap<>();
            long requests = 0, points = 0;
            List<Day> all = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                var req = software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :d)")
                        .expressionAttributeValues(Map.of(":pk", s("USAGE#" + keyId), ":d", s("DAY#")))
                        .scanIndexForward(false);
                if (start != null) req.exclusiveStartKey(start);
                var page = db.query(req.build());
                for (var item : page.items()) {
                    long r = lng(item, "requests"), p = lng(item, "points");
                    requests += r;
                    points += p;
                    item.forEach((k, v) -> {
                        if (k.startsWith("op_")) byOp.merge(k.substring(3), Long.parseLong(v.n()), Long::sum);
                    });
                    all.add(new Day(LocalDate.parse(str(item, "sk").substring(4)), r, p));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            LocalDate from = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days - 1L);
            List<Day> recent = all.stream().filter(d -> !d.date().isBefore(from)).toList();
            return new UsageStore.Usage(keyId, requests, points, byOp, recent);
        }
    }
}
