package io.wattline.local;

import io.wattline.http.JsonTrees;

import static io.wattline.local.TestCloud.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.config.Settings;
import io.wattline.store.KeyStore;
import io.wattline.store.dynamodb.DynamoDetectionStores;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every detection route over HTTP through the local gateway, error paths included. */
class DetectionApiTest {
    static final String DEV = KeyStore.LOCAL_DEVELOPMENT_KEY;
    static final String AZ = "/anomalydetector/v1.1/timeseries/";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String otherKey;

    @BeforeAll
    static void cloud() {
        otherKey = TestCloud.get().stores().keys().create("detection test", KeyStore.Scope.WRITE, Instant.now()).secret();
    }

    record Reply(int status, String errorCode, JsonNode json, String text) {}

    static Reply call(String method, String path, String body, String header, String key) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestCloud.get().url() + path))
                    .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (key != null) b.header(header, key);
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = JsonTrees.readTree(r.body());
            } catch (Exception notJson) {
                // left null
            }
            return new Reply(r.statusCode(), r.headers().firstValue("x-ms-error-code").orElse(null), json, r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply post(String path, String body) {
        return call("POST", path, body, "Ocp-Apim-Subscription-Key", DEV);
    }

    /** Hourly points: a daily cycle, a spike at 100 and a step of +8 from 150. */
    static String series(int n, String extra) {
        Random rnd = new Random(3);
        StringBuilder sb = new StringBuilder("{\"granularity\":\"hourly\"" + extra + ",\"series\":[");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            double v = 50 + 10 * Math.sin(2 * Math.PI * i / 24) + 0.5 * rnd.nextGaussian() + (i == 100 ? 15 : 0)
                    + (i >= 150 ? 8 : 0);
            if (i > 0) sb.append(',');
            sb.append("{\"timestamp\":\"").append(t0.plusSeconds(3600L * i)).append("\",\"value\":").append(v).append('}');
        }
        return sb.append("]}").toString();
    }

    /**
     * What the detection function sends to DynamoDB on each of its routes stays within the state table's partitions its
     * role is granted (FunctionCatalog's stateKeys, dynamodb:LeadingKeys on AWS) and the key lookup every function has:
     * a route that touched another item would be refused on AWS, which no other local test would see.
     */
    @Test
    void detectionTouchesOnlyThePartitionsItsRoleIsGranted() {
        io.wattline.detection.DetectionFunction function = new io.wattline.detection.DetectionFunction(TestCloud.get().settings());
        List<String> granted = io.wattline.functions.FunctionCatalog.find("detection").orElseThrow().stateKeys();
        String state = TestCloud.get().settings().tables().state();
        String machine = "leading-keys-" + java.util.UUID.randomUUID();
        String[][] calls = {
                {"POST", AZ + "entire/detect", series(200, "")}, {"POST", AZ + "last/detect", series(200, "")},
                {"POST", AZ + "changepoint/detect", series(200, "")},
                {"POST", "/v1/baseline", series(99, ",\"machine_id\":\"" + machine + "\"")},
                {"POST", "/v1/detect", series(200, ",\"machine_id\":\"" + machine + "\"")},
                {"GET", "/v1/status/" + machine, null}, {"GET", "/v1/usage", null},
                {"DELETE", "/v1/machines/" + machine, null}};
        List<RecordedDynamoDbKeys.Access> seen = RecordedDynamoDbKeys.during(() -> {
            for (String[] c : calls) {
                io.wattline.http.ApiResponse r = function.serve(new io.wattline.http.ApiRequest(c[0], c[1], Map.of(),
                        Map.of("x-api-key", DEV, "content-type", "application/json"), c[2], "leading-keys", Map.of()));
                assertEquals(200, r.status(), c[0] + " " + c[1] + ": " + r.body());
            }
        });
        List<String> inState = seen.stream().filter(a -> a.table().equals(state) && !a.operation().equals("DescribeTable"))
                .map(a -> a.operation() + " " + a.partitionKey()).toList();
        for (RecordedDynamoDbKeys.Access a : seen) {
            // a request of a kind the policy does not grant (a Scan, a transaction, PartiQL) fails on AWS whatever table
            assertTrue(List.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem", "BatchWriteItem",
                    "DescribeTable").contains(a.operation()), a + " is no request the role grants");
            if (!a.table().equals(state) || a.operation().equals("DescribeTable")) continue;
            boolean own = a.partitionKey() != null && granted.stream().anyMatch(p -> a.partitionKey().startsWith(p.replace("*", "")));
            // keys stored before the keys table, looked up read-only by every function (Functions.grantKeyLookup)
            boolean formerKey = a.operation().equals("GetItem") && a.partitionKey() != null
                    && (a.partitionKey().startsWith("APIKEYID#") || a.partitionKey().startsWith("APIKEY#"));
            assertTrue(own || formerKey, a + " is outside " + granted + "; all: " + inState);
        }
        assertTrue(inState.stream().anyMatch(s -> s.contains(" BASELINE#")) && inState.stream().anyMatch(s -> s.contains(" USAGE#")),
                "the routes stored a baseline and counted usage: " + inState);
    }

    @Test
    void azureRoutes() {
        Reply entire = post(AZ + "entire/detect", series(200, ",\"sensitivity\":95"));
        assertEquals(200, entire.status(), entire.text());
        assertEquals(24, entire.json().get("period").asInt());
        assertTrue(entire.json().get("isAnomaly").get(100).asBoolean());
        assertEquals(200, entire.json().get("severity").size());

        Reply v10 = post("/anomalydetector/v1.0/timeseries/entire/detect", series(60, ""));
        assertEquals(200, v10.status());
        assertFalse(v10.json().has("severity"));

        Reply last = post(AZ + "last/detect", series(101, ",\"sensitivity\":95"));
        assertEquals(200, last.status(), last.text());
        assertTrue(last.json().get("isAnomaly").asBoolean());
        assertEquals(97, last.json().get("suggestedWindow").asInt());

        Reply cp = post(AZ + "changepoint/detect", series(300, ",\"stableTrendWindow\":10"));
        assertEquals(200, cp.status(), cp.text());
        int at = -1;
        for (int i = 0; i < 300; i++) if (cp.json().get("isChangePoint").get(i).asBoolean()) at = i;
        assertTrue(Math.abs(at - 150) <= 3, "change point at " + at);
    }

    @Test
    void everyErrorCodeOverHttp() {
        String ok = series(30, "");
        String head = "{\"granularity\":\"hourly\"";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("InvalidJsonFormat", "{oops");
        cases.put("RequiredSeries", head + "}");
        cases.put("InvalidGranularity", ok.replace("\"hourly\"", "\"fortnightly\""));
        cases.put("InvalidCustomInterval", ok.replace(head, head + ",\"customInterval\":0"));
        cases.put("InvalidPeriod", ok.replace(head, head + ",\"period\":1.5"));
        cases.put("InvalidModelArgument", ok.replace(head, head + ",\"maxAnomalyRatio\":0.7"));
        cases.put("InvalidSeries", series(8641, ""));
        cases.put("BadArgument", ok.replaceFirst("\"value\":[-0-9.E]+", "\"value\":\"abc\""));
        cases.put("InvalidImputeMode", ok.replace(head, head + ",\"imputeMode\":\"spline\""));
        cases.put("InvalidImputeFixedValue", ok.replace(head, head + ",\"imputeMode\":\"fixed\",\"imputeFixedValue\":\"x\""));
        for (var c : cases.entrySet()) {
            Reply r = post(AZ + "entire/detect", c.getValue());
            assertEquals(400, r.status(), c.getKey() + " " + r.text());
            assertEquals(c.getKey(), r.errorCode(), r.text());
            assertEquals(c.getKey(), r.json().get("code").asText());
            assertNotNull(r.json().get("message").asText());
        }
        Reply req = post(AZ + "changepoint/detect", ok.replace("\"granularity\":\"hourly\",", ""));
        assertEquals("RequiredGranularity", req.errorCode(), req.text());
        Reply grid = post(AZ + "last/detect", ok.replaceFirst("T01:00:00Z", "T01:30:00Z"));
        assertEquals("The 'timestamp' at index 1 is invalid in hourly granularity with 1 hourly as interval.",
                grid.json().get("message").asText());
        Reply unauthorised = call("POST", AZ + "entire/detect", ok, "Ocp-Apim-Subscription-Key", "wlk_not_a_key");
        assertEquals(401, unauthorised.status());
        assertEquals("401", unauthorised.errorCode());
        assertEquals("401", unauthorised.json().at("/error/code").asText(), unauthorised.text());
        Reply nativeUnauthorised = call("GET", "/v1/usage", null, "X-Api-Key", null);
        assertEquals(401, nativeUnauthorised.status());
        assertEquals("Invalid or missing API key", nativeUnauthorised.json().get("detail").asText());
        Reply invalid = call("POST", "/v1/detect", series(5, ""), "X-Api-Key", DEV);
        assertEquals(422, invalid.status());
    }

    @Test
    void nativeRoutesAndKeyIsolation() {
        String machine = "e2e-pump-" + System.nanoTime();
        Reply learned = call("POST", "/v1/baseline", series(99, ",\"machine_id\":\"" + machine + "\""), "X-Api-Key", DEV);
        assertEquals(200, learned.status(), learned.text());
        Reply detect = call("POST", "/v1/detect", series(200, ",\"machine_id\":\"" + machine + "\",\"include_embeddings\":true"),
                "X-Canary-Key", DEV);
        assertEquals(200, detect.status(), detect.text());
        JsonNode j = detect.json();
        assertEquals("SHOCK", j.get("regimes").get(100).asText());
        assertEquals(192, j.get("embeddings").get(5).size());
        assertEquals(200, j.get("z_scores").size());
        assertEquals("wattline-sr-stl-mad-1", j.get("engine").asText());

        assertEquals("active", call("GET", "/v1/status/" + machine, null, "Authorization", "Bearer " + DEV).json().get("status").asText());
        // another key sees neither the baseline nor the usage
        assertEquals("no_baseline", call("GET", "/v1/status/" + machine, null, "X-Api-Key", otherKey).json().get("status").asText());
        assertEquals(404, call("DELETE", "/v1/machines/" + machine, null, "X-Api-Key", otherKey).status());
        JsonNode theirs = call("GET", "/v1/usage", null, "X-Api-Key", otherKey).json();
        assertFalse(theirs.path("by_operation").has("baseline"), theirs.toString());
        JsonNode mine = call("GET", "/v1/usage", null, "X-Api-Key", DEV).json();
        assertTrue(mine.at("/by_operation/baseline").asLong() >= 1, mine.toString());
        assertTrue(mine.get("points").asLong() >= 299);
        assertEquals(1, mine.get("days").size());

        assertEquals(200, call("DELETE", "/v1/machines/" + machine, null, "X-Api-Key", DEV).status());
        assertEquals("no_baseline", call("GET", "/v1/status/" + machine, null, "X-Api-Key", DEV).json().get("status").asText());
    }

    @Test
    void baselineOfTinyValuesIsStored() {
        // a valid series whose statistics fall below DynamoDB's smallest magnitude (1e-130)
        String machine = "e2e-tiny-" + System.nanoTime();
        StringBuilder sb = new StringBuilder("{\"granularity\":\"hourly\",\"machine_id\":\"" + machine + "\",\"series\":[");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 48; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"timestamp\":\"").append(t0.plusSeconds(3600L * i)).append("\",\"value\":").append(1e-300 * i).append('}');
        }
        Reply learned = call("POST", "/v1/baseline", sb.append("]}").toString(), "X-Api-Key", DEV);
        assertEquals(200, learned.status(), learned.text());
        assertEquals("active", call("GET", "/v1/status/" + machine, null, "X-Api-Key", DEV).json().get("status").asText());
        assertEquals(200, call("DELETE", "/v1/machines/" + machine, null, "X-Api-Key", DEV).status());
    }

    private static Map<String, AttributeValue> item(String table, String pk) {
        var item = TestCloud.get().stores().dynamoDb().getItem(b -> b.tableName(table)
                .consistentRead(true).key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("KEY")))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    @Test
    void keysAreStoredAsSaltedHashesInTheKeysTable() {
        var keys = TestCloud.get().stores().keys();
        var tables = TestCloud.get().settings().tables();
        KeyStore.Created c = keys.create("hash check", KeyStore.Scope.READ, Instant.now());
        var item = item(tables.keys(), "APIKEYID#" + c.key().keyId());
        assertEquals(c.key().keyId(), item.get("key_id").s());
        assertEquals("read", item.get("scope").s());
        assertFalse(item.toString().contains(c.secret()), "the secret is not stored");
        assertFalse(item.toString().contains(KeyStore.hash(c.secret())), "nor its bare SHA-256");
        assertEquals(KeyStore.verifier(item.get("salt").s(), KeyStore.hash(c.secret())), item.get("verifier").s());
        assertEquals(null, item(tables.keys(), "APIKEY#" + KeyStore.hash(c.secret())));
        assertEquals(null, item(tables.state(), "APIKEYID#" + c.key().keyId()), "nothing in the state table");
        KeyStore.Created twin = keys.create("same name", KeyStore.Scope.READ, Instant.now());
        assertFalse(item(tables.keys(), "APIKEYID#" + twin.key().keyId()).get("salt").s().equals(item.get("salt").s()), "a salt per key");
        assertTrue(keys.list().stream().anyMatch(k -> k.keyId().equals(c.key().keyId()) && k.scope() == KeyStore.Scope.READ));
        assertEquals(200, call("GET", "/v1/usage", null, "X-Api-Key", c.secret()).status());
        assertTrue(keys.revoke(c.key().keyId(), Instant.now()));
        assertTrue(keys.find(c.secret()).isEmpty());
        List<KeyStore.ApiKey> all = keys.list();
        assertTrue(all.stream().anyMatch(k -> k.keyId().equals(c.key().keyId()) && k.revoked()));
    }

    /** A key as an earlier version stored it in the state table: salted, or before salting (the record under the bare SHA-256). */
    private static String formerKey(String stateTable, String name, boolean salted) {
        String secret = KeyStore.newSecret(new java.security.SecureRandom());
        String hash = KeyStore.hash(secret);
        var db = TestCloud.get().stores().dynamoDb();
        if (salted) {
            String salt = KeyStore.newSalt(new java.security.SecureRandom());
            db.putItem(b -> b.tableName(stateTable).item(Map.of("pk", AttributeValue.fromS("APIKEYID#" + KeyStore.keyId(hash)),
                    "sk", AttributeValue.fromS("KEY"), "key_id", AttributeValue.fromS(KeyStore.keyId(hash)),
                    "name", AttributeValue.fromS(name), "created_at", AttributeValue.fromS("2026-06-01T00:00:00Z"),
                    "revoked", AttributeValue.fromBool(false), "scope", AttributeValue.fromS("read"),
                    "salt", AttributeValue.fromS(salt), "verifier", AttributeValue.fromS(KeyStore.verifier(salt, hash)))));
            return secret;
        }
        db.putItem(b -> b.tableName(stateTable).item(Map.of("pk", AttributeValue.fromS("APIKEY#" + hash), "sk", AttributeValue.fromS("KEY"),
                "key_id", AttributeValue.fromS(KeyStore.keyId(hash)), "name", AttributeValue.fromS(name),
                "created_at", AttributeValue.fromS("2026-01-01T00:00:00Z"), "revoked", AttributeValue.fromBool(false))));
        db.putItem(b -> b.tableName(stateTable).item(Map.of("pk", AttributeValue.fromS("APIKEYID#" + KeyStore.keyId(hash)),
                "sk", AttributeValue.fromS("KEY"), "hash", AttributeValue.fromS(hash))));
        return secret;
    }

    /**
     * A deployment upgraded from a version that kept keys in the state table: its clients keep working, looking them
     * up writes nothing, the operator's move keeps every secret and id, and after it a key item written into the state
     * table (as any function could) is no key, nor is it moved by a later run.
     */
    @Test
    void keysKeptInTheStateTableWorkUntilMovedAndNotAfter() {
        Settings cloud = TestCloud.get().settings();
        String run = Long.toString(System.nanoTime(), 36);
        Settings upgraded = Settings.from(Map.of("DYNAMODB_ENDPOINT", cloud.dynamoDbEndpoint().orElseThrow().toString(),
                "S3_ENDPOINT", cloud.s3Endpoint().orElseThrow().toString(),
                "WATTLINE_ACCESS_KEY_ID", cloud.staticAccessKey().orElseThrow(),
                "WATTLINE_SECRET_ACCESS_KEY", cloud.staticSecretKey().orElseThrow(),
                "TABLE_STATE", "upgrade-state-" + run, "TABLE_KEYS", "upgrade-keys-" + run));
        LocalStorage.provision(upgraded);
        var tables = upgraded.tables();
        var db = TestCloud.get().stores().dynamoDb();
        String salted = formerKey(tables.state(), "salted", true), bare = formerKey(tables.state(), "before salting", false);
        String saltedId = KeyStore.keyId(KeyStore.hash(salted)), bareId = KeyStore.keyId(KeyStore.hash(bare));

        var function = new DynamoDetectionStores.Keys(db, tables);
        assertEquals(saltedId, function.find(salted).orElseThrow().keyId());
        assertEquals(KeyStore.Scope.READ, function.find(salted).orElseThrow().scope());
        assertEquals(bareId, function.find(bare).orElseThrow().keyId());
        assertEquals(KeyStore.Scope.WRITE, function.find(bare).orElseThrow().scope(), "old keys could do everything");
        // its last character changed (a random secret may already end in x)
        String wrong = salted.substring(0, salted.length() - 1) + (salted.endsWith("x") ? "y" : "x");
        assertTrue(function.find(wrong).isEmpty(), "a wrong secret is still wrong");
        assertEquals(0, db.scan(b -> b.tableName(tables.keys())).count(), "a lookup writes no key");
        assertNotNull(item(tables.state(), "APIKEY#" + KeyStore.hash(bare)));

        // an item that is no key (a field missing, as anyone who could write the state table might leave) neither stops
        // the move nor is moved
        db.putItem(b -> b.tableName(tables.state()).item(Map.of("pk", AttributeValue.fromS("APIKEYID#key_000000000000"),
                "sk", AttributeValue.fromS("KEY"))));
        db.putItem(b -> b.tableName(tables.state()).item(Map.of("pk", AttributeValue.fromS("APIKEYID#key_111111111111"),
                "sk", AttributeValue.fromS("KEY"), "hash", AttributeValue.fromS("f".repeat(3000)))));
        // a key filed under its own secret's id that names another key's id inside it: listed, revoked and counted as
        // that key, it would outlive that key's revocation
        String impostor = KeyStore.newSecret(new java.security.SecureRandom());
        String impostorId = KeyStore.keyId(KeyStore.hash(impostor)), impostorSalt = KeyStore.newSalt(new java.security.SecureRandom());
        db.putItem(b -> b.tableName(tables.state()).item(Map.of("pk", AttributeValue.fromS("APIKEYID#" + impostorId),
                "sk", AttributeValue.fromS("KEY"), "key_id", AttributeValue.fromS(saltedId), "name", AttributeValue.fromS("salted"),
                "created_at", AttributeValue.fromS("2026-06-01T00:00:00Z"), "revoked", AttributeValue.fromBool(false),
                "scope", AttributeValue.fromS("write"), "salt", AttributeValue.fromS(impostorSalt),
                "verifier", AttributeValue.fromS(KeyStore.verifier(impostorSalt, KeyStore.hash(impostor))))));
        assertTrue(function.find(impostor).isEmpty(), "no key, even before the move");
        var operator = new DynamoDetectionStores.Keys(db, tables);
        KeyStore.Migration migration = operator.migrate();
        assertEquals(java.util.Set.of(saltedId, bareId), migration.moved().stream().map(KeyStore.ApiKey::keyId)
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals(3, migration.unreadable().size(), migration.toString());
        assertTrue(migration.unreadable().stream().anyMatch(u -> u.startsWith("APIKEYID#key_000000000000: it has no ")),
                migration.toString());
        assertTrue(migration.unreadable().stream().anyMatch(u -> u.startsWith("APIKEYID#key_111111111111: its hash is no SHA-256")),
                migration.toString());
        assertTrue(migration.unreadable().stream().anyMatch(u -> u.startsWith("APIKEYID#" + impostorId + ": it names another key's id")),
                migration.toString());
        assertEquals(null, item(tables.state(), "APIKEYID#" + saltedId));
        assertEquals(null, item(tables.state(), "APIKEYID#" + bareId));
        assertEquals(null, item(tables.state(), "APIKEY#" + KeyStore.hash(bare)));
        var moved = item(tables.keys(), "APIKEYID#" + bareId);
        assertFalse(moved.containsKey("hash"));
        assertEquals("before salting", moved.get("name").s());
        assertEquals(KeyStore.verifier(moved.get("salt").s(), KeyStore.hash(bare)), moved.get("verifier").s());
        assertEquals("salted", item(tables.keys(), "APIKEYID#" + saltedId).get("name").s());
        for (var view : List.of(function, new DynamoDetectionStores.Keys(db, tables))) {
            assertEquals(saltedId, view.find(salted).orElseThrow().keyId(), "same id: baselines and usage stay with the key");
            assertEquals(bareId, view.find(bare).orElseThrow().keyId());
        }

        String forged = formerKey(tables.state(), "forged", true);
        assertTrue(new DynamoDetectionStores.Keys(db, tables).find(forged).isEmpty(), "the state table holds no keys once moved");
        assertTrue(function.find(forged).isEmpty());
        assertEquals(KeyStore.Migration.NONE, operator.migrate());
        assertEquals(KeyStore.Migration.NONE, new DynamoDetectionStores.Keys(db, tables).migrate());
        assertEquals(null, item(tables.keys(), "APIKEYID#" + KeyStore.keyId(KeyStore.hash(forged))), "nor moved later");
        assertEquals(2, operator.list().size());

        // a quota counter stamped far ahead (any function may write counters) is stale, not a lock on the key
        long minute = Instant.now().getEpochSecond() / 60;
        db.putItem(b -> b.tableName(tables.keys()).item(Map.of("pk", AttributeValue.fromS("KEYRATE#" + saltedId),
                "sk", AttributeValue.fromS("MINUTE"), "minute", AttributeValue.fromN("9000000000000000"),
                "used", AttributeValue.fromN("9000000000000000"))));
        assertEquals(1, function.reserve(saltedId, minute, 1, 10));
        assertEquals(9, function.reserve(saltedId, minute, 9, 10));
        assertEquals(0, function.reserve(saltedId, minute, 1, 10), "this minute's quota is still counted");
        // nor is one without a minute
        db.putItem(b -> b.tableName(tables.keys()).item(Map.of("pk", AttributeValue.fromS("KEYRATE#" + bareId),
                "sk", AttributeValue.fromS("MINUTE"), "used", AttributeValue.fromN("9000000000000000"))));
        assertEquals(1, function.reserve(bareId, minute, 1, 10));
    }

    @Test
    void routesAreServedByTheDetectionFunction() {
        var route = TestCloud.get().functions().route("POST", "/anomalydetector/v1.1/timeseries/entire/detect");
        assertTrue(route.isPresent());
        assertEquals("detection", route.get().function());
        assertTrue(send("GET", "/v1/detect", null).status() >= 400);
    }
}
