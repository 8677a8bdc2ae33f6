package io.wattline.store.dynamodb;

import io.wattline.config.Tables;
import io.wattline.store.KeyStore;
import io.wattline.store.UsageStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * API keys, their quotas and the detection API's usage:
 * <ul>
 *   <li>keys, in the keys table: {@code APIKEYID#<key id>} / {@code KEY} (name, scope, created, revoked, quota, salt
 *       and the salted HMAC of {@link KeyStore}); created with a condition so an existing key is never overwritten;</li>
 *   <li>quotas, in the keys table: {@code KEYRATE#<key id>} / {@code MINUTE}, the current minute and the requests
 *       taken in it;</li>
 *   <li>usage, in the state table: {@code USAGE#<key id>} / {@code DAY#<yyyy-mm-dd>}, counters incremented atomically
 *       ({@code ADD}), one write per request; totals are the sum of the days (a few hundred items a year);</li>
 *   <li>(baselines, {@code BASELINE#<key id>} / {@code <machine id>} in the state table, are the detection function's
 *       own adapter).</li>
 * </ul>
 * Earlier versions kept keys in the state table, where every function's role may write, some of them (before
 * salting) as a bare SHA-256 ({@code APIKEY#<sha256>}, with a {@code hash} on the id item). {@link Keys#migrate()}
 * moves them into the keys table, salted, and marks the move done there.
 */
public final class DynamoDetectionStores {
    /** A key's item: {@code APIKEYID#<key id>} / {@code KEY}. */
    static final String ID_PREFIX = "APIKEYID#";
    /** Before salting, a key's record was filed under its bare SHA-256 ({@code APIKEY#<sha256>}); only migration reads it. */
    static final String LEGACY_PREFIX = "APIKEY#";
    /** A key's requests in the current minute, for its quota: {@code KEYRATE#<key id>} / {@code MINUTE}. */
    public static final String QUOTA_PREFIX = "KEYRATE#";
    /** The item {@link Keys#migrate()} leaves in the keys table once the state table's keys are moved. */
    static final Map<String, AttributeValue> MOVED = Map.of("pk", s("KEYTABLE"), "sk", s("MOVED"));

    private DynamoDetectionStores() {}

    /**
     * The keys table's keys. A function's role may read it and count quotas in it, but not write a key: keys are
     * created, revoked and moved by an operator ({@code ./wattline keys}). Until {@link #migrate()} has run once, a
     * key not found there is looked up, read-only, where earlier versions kept it (the state table), so that a
     * deployment's clients keep working through the upgrade; once the move is marked done, never again (a key item
     * written into the state table is then no key).
     */
    public static final class Keys implements KeyStore {
        private final DynamoDbClient db;
        private final String table;
        /** Where earlier versions kept keys: the state table. */
        private final String formerTable;
        private final SecureRandom random = new SecureRandom();
        /** Whether the keys table holds the {@link #MOVED} mark (once seen, for good). */
        private volatile boolean moved;

        public Keys(DynamoDbClient db, Tables tables) {
            this.db = db;
            this.table = tables.keys();
            this.formerTable = tables.state();
        }

        @Override
        public Created create(String name, Scope scope, int requestsPerMinute, Instant now) {
            migrate();
            String secret = KeyStore.newSecret(random);
            return new Created(put(secret, name, scope, requestsPerMinute, now, true).orElseThrow(), secret);
        }

        @Override
        public ApiKey ensure(String secret, String name, Scope scope, int requestsPerMinute, Instant now) {
            migrate();
            return put(secret, name, scope, requestsPerMinute, now, false).orElseGet(() -> read(table, KeyStore.keyId(KeyStore.hash(secret)))
                    .map(Stored::key).orElseThrow());
        }

        /** Writes the key's item unless the key exists; empty when it existed (and {@code mustBeNew} is false). */
        private Optional<ApiKey> put(String secret, String name, Scope scope, int requestsPerMinute, Instant now, boolean mustBeNew) {
            String id = KeyStore.keyId(KeyStore.hash(secret));
            String salt = KeyStore.newSalt(random);
            ApiKey key = new ApiKey(id, name == null ? "" : name, now, false, scope, requestsPerMinute);
            try {
                db.putItem(b -> b.tableName(table).item(item(key, salt, KeyStore.verifier(salt, KeyStore.hash(secret))))
                        .conditionExpression("attribute_not_exists(pk)"));
            } catch (ConditionalCheckFailedException exists) {
                if (mustBeNew) throw new IllegalStateException("key collision; try again");
                return Optional.empty();
            }
            return Optional.of(key);
        }

        private static Map<String, AttributeValue> item(ApiKey key, String salt, String verifier) {
            return new HashMap<>(Map.of("pk", s(ID_PREFIX + key.keyId()), "sk", s("KEY"),
                    "key_id", s(key.keyId()), "name", s(key.name()), "created_at", s(key.createdAt().toString()),
                    "revoked", AttributeValue.fromBool(key.revoked()), "scope", s(key.scope().wire()),
                    "salt", s(salt), "verifier", s(verifier), "requests_per_minute", n((long) key.requestsPerMinute())));
        }

        @Override
        public Optional<ApiKey> find(String secret) {
            if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) return Optional.empty();
            String hash = KeyStore.hash(secret);
            String id = KeyStore.keyId(hash);
            try {
                Optional<Stored> stored = read(table, id);
                // not migrated yet: read where it was
                if (stored.isEmpty() && !moved()) stored = read(formerTable, id);
                return stored.filter(k -> k.matches(secret, hash)).map(Stored::key).filter(k -> !k.revoked());
            } catch (Malformed notAKey) {
                return Optional.empty(); // an item there that is no key (in the state table anyone could write it)
            }
        }

        /** A key's item as stored; {@code legacyHash} is set (and salt, verifier are not) for keys stored before salting. */
        private record Stored(ApiKey key, Map<String, AttributeValue> item, String legacyHash) {
            boolean matches(String secret, String hash) {
                return legacyHash != null
                        ? MessageDigest.isEqual(legacyHash.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8))
                        : KeyStore.matches(secret, str(item, "salt"), str(item, "verifier"));
            }
        }

        /** An item under a key's name that is no key: a field missing or wrong, or another key's id inside it. */
        static final class Malformed extends IllegalArgumentException {
            Malformed(String why) {
                super(why);
            }
        }

        private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

        /** The key filed under {@code keyId}, as stored; {@link Malformed} if the item there is no key. */
        private Optional<Stored> read(String tableName, String keyId) {
            Map<String, AttributeValue> item = db.getItem(b -> b.tableName(tableName).consistentRead(true)
                    .key(Map.of("pk", s(ID_PREFIX + keyId), "sk", s("KEY")))).item();
            if (item == null || item.isEmpty()) return Optional.empty();
            if (item.containsKey("hash")) {
                String hash = str(item, "hash");
                if (hash == null || !SHA256.matcher(hash).matches()) throw new Malformed("its hash is no SHA-256");
                Map<String, AttributeValue> legacy = db.getItem(b -> b.tableName(tableName).consistentRead(true)
                        .key(Map.of("pk", s(LEGACY_PREFIX + hash), "sk", s("KEY")))).item();
                ApiKey key = legacy == null || legacy.isEmpty() ? new ApiKey(keyId, "", Instant.EPOCH, true, Scope.WRITE)
                        : legacyKey(keyId, legacy);
                return Optional.of(new Stored(key, item, hash));
            }
            return Optional.of(new Stored(toKey(keyId, item), item, null));
        }

        /** Keys stored before scopes could do everything the API offered: they keep write access. */
        private static ApiKey legacyKey(String keyId, Map<String, AttributeValue> item) {
            sameId(keyId, item);
            return new ApiKey(keyId, required(item, "name"), instant(item), bool(item, "revoked"), Scope.WRITE);
        }

        /** The key filed under {@code keyId}: its id is the one it is filed under, whatever the item says. */
        private static ApiKey toKey(String keyId, Map<String, AttributeValue> item) {
            sameId(keyId, item);
            required(item, "salt");
            required(item, "verifier");
            try {
                return new ApiKey(keyId, required(item, "name"), instant(item), bool(item, "revoked"),
                        item.containsKey("scope") ? Scope.parse(str(item, "scope")) : Scope.WRITE,
                        item.containsKey("requests_per_minute") ? (int) lng(item, "requests_per_minute") : DEFAULT_QUOTA);
            } catch (RuntimeException e) {
                throw new Malformed("a field is no " + e.getClass().getSimpleName().replace("Exception", "").toLowerCase(java.util.Locale.ROOT)
                        + " value: " + e.getMessage());
            }
        }

        /** A key item naming another key's id inside it would be listed, revoked and counted as that key. */
        private static void sameId(String keyId, Map<String, AttributeValue> item) {
            String inside = str(item, "key_id");
            if (inside != null && !inside.equals(keyId)) throw new Malformed("it names another key's id inside it");
        }

        private static String required(Map<String, AttributeValue> item, String field) {
            String v = str(item, field);
            if (v == null) throw new Malformed("it has no " + field);
            return v;
        }

        private static Instant instant(Map<String, AttributeValue> item) {
            try {
                return Instant.parse(required(item, "created_at"));
            } catch (java.time.format.DateTimeParseException e) {
                throw new Malformed("its created_at is no time");
            }
        }

        private boolean moved() {
            if (!moved) {
                Map<String, AttributeValue> mark = db.getItem(b -> b.tableName(table).consistentRead(true).key(MOVED)).item();
                moved = mark != null && !mark.isEmpty();
            }
            return moved;
        }

        /**
         * Moves every key the state table holds into the keys table (a key stored before salting gets the salted HMAC
         * of its stored SHA-256: same secret, same id), deletes it there, and marks the move done. Once marked, it moves
         * nothing: a key item written into the state table after the move is not a key (any function may write there).
         * A key already in the keys table stays as it is there. An item that cannot be read as a key (a field missing)
         * is left where it is and reported, so that it neither stops the move nor every key command after it.
         */
        @Override
        public Migration migrate() {
            if (moved()) return Migration.NONE;
            List<ApiKey> movedKeys = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            for (Map<String, AttributeValue> found : scan(formerTable, ID_PREFIX)) {
                String id = str(found, "pk").substring(ID_PREFIX.length());
                Optional<Stored> stored;
                Map<String, AttributeValue> item;
                try {
                    stored = read(formerTable, id);
                    if (stored.isEmpty()) continue;
                    item = stored.get().legacyHash() == null ? stored.get().item()
                            : salted(stored.get().key(), stored.get().legacyHash());
                } catch (Malformed notAKey) {
                    // left where it is and reported; a store error instead stops the run before the mark
                    unreadable.add(ID_PREFIX + id + ": " + notAKey.getMessage());
                    continue;
                }
                try {
                    Map<String, AttributeValue> toPut = item;
                    db.putItem(b -> b.tableName(table).item(toPut).conditionExpression("attribute_not_exists(pk)"));
                } catch (ConditionalCheckFailedException alreadyThere) {
                    // moved by an earlier run that stopped before deleting it
                }
                db.deleteItem(b -> b.tableName(formerTable).key(Map.of("pk", s(ID_PREFIX + id), "sk", s("KEY"))));
                String legacyHash = stored.get().legacyHash();
                if (legacyHash != null) {
                    db.deleteItem(b -> b.tableName(formerTable).key(Map.of("pk", s(LEGACY_PREFIX + legacyHash), "sk", s("KEY"))));
                }
                movedKeys.add(stored.get().key());
            }
            Map<String, AttributeValue> mark = new HashMap<>(MOVED);
            mark.put("moved_at", s(Instant.now().toString()));
            db.putItem(b -> b.tableName(table).item(mark));
            moved = true;
            return new Migration(List.copyOf(movedKeys), List.copyOf(unreadable));
        }

        private Map<String, AttributeValue> salted(ApiKey key, String sha256) {
            String salt = KeyStore.newSalt(random);
            return item(key, salt, KeyStore.verifier(salt, sha256));
        }

        @Override
        public boolean revoke(String keyId, Instant now) {
            return updateKey(keyId, "SET revoked = :t, revoked_at = :at",
                    Map.of(":t", AttributeValue.fromBool(true), ":at", s(now.toString())));
        }

        @Override
        public boolean setQuota(String keyId, int requestsPerMinute) {
            return updateKey(keyId, "SET requests_per_minute = :q", Map.of(":q", n((long) requestsPerMinute)));
        }

        /** Updates an existing key's item; false when there is no such key. */
        private boolean updateKey(String keyId, String update, Map<String, AttributeValue> values) {
            migrate();
            try {
                db.updateItem(b -> b.tableName(table).key(Map.of("pk", s(ID_PREFIX + keyId), "sk", s("KEY")))
                        .conditionExpression("attribute_exists(pk)").updateExpression(update).expressionAttributeValues(values));
                return true;
            } catch (ConditionalCheckFailedException none) {
                return false;
            }
        }

        /**
         * One item per key, {@code KEYRATE#<key id>} / {@code MINUTE}, holding the current minute and the requests
         * taken in it: adding to this minute's count is conditional on staying within the limit, and a new minute
         * replaces an older one (conditionally, so two instances starting a minute at once count both).
         */
        @Override
        public int reserve(String keyId, long minute, int wanted, int limit) {
            Map<String, AttributeValue> key = Map.of("pk", s(QUOTA_PREFIX + keyId), "sk", s("MINUTE"));
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    db.updateItem(b -> b.tableName(table).key(key)
                            .conditionExpression("#m = :m AND used <= :max")
                            .updateExpression("ADD used :n")
                            .expressionAttributeNames(Map.of("#m", "minute"))
                            .expressionAttributeValues(Map.of(":m", n(minute), ":n", n((long) wanted), ":max", n((long) limit - wanted))));
                    return wanted;
                } catch (ConditionalCheckFailedException notThisMinuteOrFull) {
                    // fall through: either the item holds an older minute (start this one) or the budget is spent
                }
                if (wanted > limit) return 0;
                try {
                    db.putItem(b -> b.tableName(table).item(Map.of("pk", key.get("pk"), "sk", key.get("sk"),
                                    "minute", n(minute), "used", n((long) wanted)))
                            // a minute far ahead is no minute of this clock (a counter written to lock the key out)
                            // (or none, or no number: NOT BETWEEN holds for those too)
                            .conditionExpression("attribute_not_exists(pk) OR NOT (#m BETWEEN :m AND :soon)")
                            .expressionAttributeNames(Map.of("#m", "minute"))
                            .expressionAttributeValues(Map.of(":m", n(minute), ":soon", n(minute + 2))));
                    return wanted;
                } catch (ConditionalCheckFailedException thisMinuteExists) {
                    // this minute's item exists: the budget is spent, unless another instance just started it
                }
                Map<String, AttributeValue> now = db.getItem(b -> b.tableName(table).consistentRead(true).key(key)).item();
                if (now != null && !now.isEmpty() && lng(now, "minute") >= minute && lng(now, "used") + wanted > limit) return 0;
            }
            return 0;
        }

        @Override
        public List<ApiKey> list() {
            migrate();
            List<ApiKey> out = new ArrayList<>();
            for (Map<String, AttributeValue> item : scan(table, ID_PREFIX)) {
                out.add(toKey(str(item, "pk").substring(ID_PREFIX.length()), item));
            }
            out.sort(java.util.Comparator.comparing(ApiKey::createdAt));
            return out;
        }

        private List<Map<String, AttributeValue>> scan(String tableName, String prefix) {
            List<Map<String, AttributeValue>> out = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                ScanRequest.Builder req = ScanRequest.builder().tableName(tableName).consistentRead(true)
                        .filterExpression("begins_with(pk, :p)").expressionAttributeValues(Map.of(":p", s(prefix)));
                if (start != null) req.exclusiveStartKey(start);
                var page = db.scan(req.build());
                out.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            return out;
        }
    }

    /** The DynamoDB key store, for the core's authentication ({@code META-INF/services}). */
    public static final class KeyStoreFactory implements KeyStore.Factory {
        @Override
        public KeyStore create(io.wattline.config.Settings settings) {
            return new Keys(DynamoDb.client(settings), settings.tables());
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
