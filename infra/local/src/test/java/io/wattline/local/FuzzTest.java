package io.wattline.local;

import io.wattline.http.JsonTrees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.http.Json;
import io.wattline.http.Router;
import io.wattline.store.KeyStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A seeded generator of hostile requests over every route of every function, run through each function's Lambda
 * entry point exactly as API Gateway would call it (payload 2.0 events, the local cloud's storage): hostile path
 * parameters, query values and bodies, wrong methods, missing and wrong keys. Every answer must be below 500 and
 * name no Java internals, and the catalogue and telemetry must be unchanged afterwards (no rejected request wrote).
 * Writes are always sent malformed (and twin routes always with an invalid asset id), so none can succeed.
 */
class FuzzTest {
    static final long SEED = 20261203L;
    static final int REQUESTS = 10_000;
    static final Pattern INTERNAL = Pattern.compile(
            "java\\.|javax\\.|com\\.fasterxml|software\\.amazon|io\\.wattline|Exception|StreamReadConstraints|\\tat |org\\.eclipse");

    static final List<String> VALUES = List.of("", " ", "null", "undefined", "-1", "0", "1e309", "NaN", "Infinity",
            "99999999999999999999999", "-9223372036854775809", "2025-10-14T00:00:00Z", "2025-10-15T00:00:00Z", "2025-10-14",
            "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z", "2025-13-45T25:61:61Z", "2025-02-30",
            "c0000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000000", "not-a-uuid",
            "'; DROP TABLE machines; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "../../etc/passwd", "%00",
            "\u0000", "\uFFFF", "💥", "A".repeat(10_000), "a,b,c,,", "1hour", "15min", "1day", "5s", "true", "false", "[]", "{}",
            "\n\r", "%zz", "energy,cost,bogus", "JITTER", "HIGH", "kpi_calculate_", "v9.9", "-0", "0x1F", "1,2,3", "v1.1",
            "v1.0", "v1.1-preview.1");
    /** Asset ids no twin route accepts: a twin transition must never start or purge anything here. */
    static final List<String> BAD_ASSETS = List.of("", " ", "a b", "<x>", "../x", "💥", "A".repeat(300), "\u0000", "..", "a/b");
    static final List<String> NAMES = List.of("machine_id", "machine_ids", "start", "end", "start_time", "end_time", "interval",
            "factory_id", "date", "start_date", "end_date", "metrics", "type", "search", "is_active", "fault_type", "severity",
            "job_id", "limit", "asset_id");

    final Random random = new Random(SEED);

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    String hostileJsonValue() {
        return switch (random.nextInt(6)) {
            case 0 -> Json.write(Json.PLAIN, pick(VALUES));
            case 1 -> pick(List.of("1e309", "-1", "0", "99999999999999999999999999", "NaN", "null", "true", "[]", "{}"));
            case 2 -> "[" + "[".repeat(random.nextInt(3)) + "1" + "]".repeat(random.nextInt(3)) + "]";
            default -> {
                String v = pick(VALUES);
                yield Json.write(Json.PLAIN, v.substring(0, Math.min(40, v.length())));
            }
        };
    }

    /** A body that is never a valid write: broken JSON, wrong shapes, or rows whose power is no number. */
    String hostileBody() {
        return switch (random.nextInt(12)) {
            case 0 -> pick(List.of("{", "}", "[]", "null", "42", "\"s\"", "{\"a\":}", "\u0000", "{\"a\":1}}", ""));
            case 1 -> "[".repeat(2000) + "]".repeat(2000);
            case 2 -> "{\"readings\":[{\"machine_id\":\"c0000000-0000-0000-0000-000000000001\",\"timestamp\":\"2025-10-14T00:00:00Z\","
                    + "\"power_kw\":\"x\",\"energy_kwh\":1}],\"readings\":[]}";
            case 3, 4 -> {
                StringBuilder sb = new StringBuilder("{\"" + pick(List.of("readings", "production")) + "\":[");
                int n = 1 + random.nextInt(30);
                for (int i = 0; i < n; i++) {
                    if (i > 0) sb.append(',');
                    sb.append("{\"machine_id\":").append(hostileJsonValue()).append(",\"timestamp\":").append(hostileJsonValue())
                            .append(",\"power_kw\":\"not a number\",\"energy_kwh\":").append(hostileJsonValue())
                            .append(",\"production_count\":\"many\",\"bad_count\":").append(hostileJsonValue()).append('}');
                }
                yield sb.append("]}").toString();
            }
            case 5, 6 -> {
                StringBuilder sb = new StringBuilder("{\"granularity\":" + hostileJsonValue() + ",\"sensitivity\":" + hostileJsonValue()
                        + ",\"customInterval\":" + pick(List.of("1", "0", "-5", "2147483647")) + ",\"machine_id\":" + hostileJsonValue() + ",\"series\":[");
                int n = random.nextInt(20);
                for (int i = 0; i < n; i++) {
                    if (i > 0) sb.append(',');
                    sb.append("{\"timestamp\":").append(hostileJsonValue()).append(",\"value\":").append(hostileJsonValue()).append('}');
                }
                yield sb.append("]}").toString();
            }
            case 7 -> "{\"" + pick(NAMES) + "\":" + hostileJsonValue() + ",\"" + pick(NAMES) + "\":" + hostileJsonValue() + "}";
            case 8 -> "[" + "null,".repeat(random.nextInt(100)) + "null]";
            default -> Json.write(Json.PLAIN, pick(VALUES));
        };
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void corsAllowsEveryMethodARouteHas() {
        java.util.Set<String> methods = new java.util.TreeSet<>();
        TestCloud.get().functions().all().values().forEach(f -> f.router().routes().forEach(r -> methods.add(r.method())));
        assertTrue(methods.contains("PUT"), methods.toString()); // resolving an anomaly
        assertTrue(io.wattline.http.Cors.ALLOW_METHODS.containsAll(methods), methods + " not all in " + io.wattline.http.Cors.ALLOW_METHODS);
    }

    @Test
    void tenThousandHostileRequestsOverEveryRouteAnswerBelow500WithoutJavaNamesAndWriteNothing() throws Exception {
        LocalFunctions functions = TestCloud.get().functions();
        List<Router.Route> routes = new ArrayList<>();
        functions.all().values().forEach(f -> routes.addAll(f.router().routes()));
        long catalogBefore = count(TestCloud.get().settings().tables().catalog());
        long telemetryBefore = count(TestCloud.get().settings().tables().telemetry());
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> perRoute = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            Router.Route route = pick(routes);
            boolean twin = route.template().startsWith("/system/");
            String method = random.nextInt(10) == 0 ? pick(List.of("GET", "POST", "DELETE", "PUT", "PATCH")) : route.method();
            boolean writes = !method.equals("GET");
            StringBuilder path = new StringBuilder();
            for (String seg : route.template().substring(1).split("/")) {
                path.append('/');
                path.append(seg.startsWith("{") ? enc(pick(VALUES)).replace("+", "%20") : seg);
            }
            if (route.template().equals("/")) path.setLength(0);
            String p = path.isEmpty() ? "/" : path.toString();
            StringBuilder query = new StringBuilder();
            int params = random.nextInt(5);
            for (int q = 0; q < params; q++) {
                if (q > 0) query.append('&');
                String name = random.nextInt(8) == 0 ? "x" + random.nextInt(100) : pick(NAMES);
                if (name.equals("asset_id")) continue;
                query.append(enc(name)).append('=').append(random.nextInt(20) == 0 ? "%zz" : enc(pick(VALUES)));
            }
            if (twin && writes) query.append(query.isEmpty() ? "" : "&").append("asset_id=").append(enc(pick(BAD_ASSETS)));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("content-type", "application/json");
            int who = random.nextInt(20);
            String sourceIp = "198.51.100." + random.nextInt(250);
            if (who < 17) headers.put(pick(List.of("x-api-key", "ocp-apim-subscription-key")), KeyStore.LOCAL_DEVELOPMENT_KEY);
            else if (who < 19) headers.put("authorization", pick(List.of("Bearer wlk_wrong", "Basic abc", "Bearer ", "bearer " + "k".repeat(500))));
            String body = writes || random.nextInt(10) == 0 ? hostileBody() : null;
            if (twin && writes && body == null) body = "{}";
            Map<String, Object> http = Map.of("method", method, "path", p, "protocol", "HTTP/1.1", "sourceIp", sourceIp, "userAgent", "fuzz");
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("version", "2.0");
            event.put("routeKey", route.routeKey());
            event.put("rawPath", p);
            event.put("rawQueryString", query.toString());
            event.put("headers", headers);
            event.put("requestContext", Map.of("http", http, "requestId", "fuzz-" + i, "routeKey", route.routeKey(), "stage", "$default"));
            if (body != null) event.put("body", body);
            event.put("isBase64Encoded", false);
            String function = functions.route(method, p).orElseThrow().function();
            JsonNode out = JsonTrees.readTree(functions.invoke(function, Json.write(Json.PLAIN, event).getBytes(StandardCharsets.UTF_8)));
            int status = out.path("statusCode").asInt(-1);
            statuses.merge(status, 1, Integer::sum);
            perRoute.merge(route.routeKey(), 1, Integer::sum);
            String text = out.toString();
            if (status >= 500 || status < 100 || INTERNAL.matcher(text).find()) {
                if (failures.size() < 20) failures.add(method + " " + p + "?" + query + " body=" + (body == null ? null
                        : body.substring(0, Math.min(200, body.length()))) + " -> " + text.substring(0, Math.min(400, text.length())));
                else failures.add("…");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("fuzz: %d requests over %d routes in %.1f s; statuses %s%n", REQUESTS, perRoute.size(), seconds, statuses);
        assertTrue(failures.isEmpty(), failures.size() + " bad answers, e.g.\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        assertEquals(routes.size(), perRoute.size(), "every route was fuzzed: " + perRoute.keySet());
        assertEquals(catalogBefore, count(TestCloud.get().settings().tables().catalog()), "the catalogue is unchanged");
        assertEquals(telemetryBefore, count(TestCloud.get().settings().tables().telemetry()), "telemetry is unchanged");
    }

    static long count(String table) {
        long n = 0;
        java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
        do {
            var req = software.amazon.awssdk.services.dynamodb.model.ScanRequest.builder().tableName(table)
                    .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT);
            if (start != null) req.exclusiveStartKey(start);
            var page = TestCloud.get().stores().dynamoDb().scan(req.build());
            n += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return n;
    }
}
