package io.wattline.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LambdaFunctionTest {

    /** Echoes what the handler saw. */
    static class EchoFunction extends LambdaFunction {
        static final String KEY = "wlk_echo_test_writer";
        static final io.wattline.testing.MemoryKeyStore KEYS = new io.wattline.testing.MemoryKeyStore();
        static {
            KEYS.ensure(KEY, "echo", io.wattline.store.KeyStore.Scope.WRITE, io.wattline.store.KeyStore.NO_QUOTA, java.time.Instant.EPOCH);
        }
        int routersBuilt;

        EchoFunction() {
            authenticateWith(new Authenticator(() -> KEYS, java.time.Clock.systemUTC(), false));
        }

        @Override
        protected Router createRouter() {
            routersBuilt++;
            return new Router(ErrorStyle.FASTAPI)
                    .post("/api/v1/echo/{name}", r -> {
                        Params p = r.params();
                        var start = p.query("start_time", Params::dateTime);
                        p.validate();
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("method", r.method());
                        out.put("name", r.pathParams().get("name"));
                        out.put("query", r.query());
                        out.put("start_time", start);
                        out.put("header", r.header("X-Client"));
                        out.put("body", Json.parseBody(r.body()));
                        out.put("request_id", r.requestId());
                        return ApiResponse.ok(out);
                    });
        }
    }

    private static final String HTTP_EVENT = """
            {
              "version": "2.0",
              "routeKey": "POST /api/v1/echo/{name}",
              "rawPath": "/api/v1/echo/K%C3%A4lte%201",
              "rawQueryString": "machine_ids=a&machine_ids=b&start_time=2025-10-14T02%3A00%3A00%2B02%3A00&q=x%20y+z&flag",
              "cookies": ["session=1"],
              "headers": {"X-Client": "ovos", "content-type": "application/json", "host": "api.example.com", "X-Api-Key": "wlk_echo_test_writer"},
              "queryStringParameters": {"machine_ids": "a,b", "start_time": "2025-10-14T02:00:00+02:00", "q": "x y z", "flag": ""},
              "pathParameters": {"name": "Kälte 1"},
              "requestContext": {
                "accountId": "123456789012", "apiId": "abc123", "domainName": "api.example.com", "domainPrefix": "api",
                "http": {"method": "POST", "path": "/api/v1/echo/K%C3%A4lte%201", "protocol": "HTTP/1.1",
                         "sourceIp": "192.0.2.1", "userAgent": "curl/8.0"},
                "requestId": "JKJaXmPLvHcESHA=", "routeKey": "POST /api/v1/echo/{name}", "stage": "$default",
                "time": "14/Oct/2025:00:00:00 +0000", "timeEpoch": 1760400000000
              },
              "body": "BODY",
              "isBase64Encoded": true
            }
            """.replace("BODY", Base64.getEncoder().encodeToString("{\"kwh\": 1.5, \"unit\": \"kWh·h\"}".getBytes(StandardCharsets.UTF_8)));

    private static JsonNode invoke(LambdaFunction f, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JsonTrees.readTree(out.toByteArray());
    }

    @Test
    void httpEventRoundTrip() throws Exception {
        JsonNode response = invoke(new EchoFunction(), HTTP_EVENT);
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("application/json", response.at("/headers/content-type").asText());
        assertEquals("JKJaXmPLvHcESHA=", response.at("/headers/x-request-id").asText());
        assertFalse(response.get("isBase64Encoded").asBoolean());

        JsonNode body = JsonTrees.readTree(response.get("body").asText());
        assertEquals("POST", body.get("method").asText());
        assertEquals("Kälte 1", body.get("name").asText());
        assertEquals("[\"a\",\"b\"]", body.at("/query/machine_ids").toString(), "repeated keys kept apart");
        assertEquals("x y z", body.at("/query/q/0").asText());
        assertEquals("", body.at("/query/flag/0").asText());
        assertEquals("2025-10-14T00:00:00+00:00", body.get("start_time").asText());
        assertEquals("ovos", body.get("header").asText());
        assertEquals(1.5, body.at("/body/kwh").asDouble());
        assertEquals("kWh·h", body.at("/body/unit").asText());
        assertEquals("JKJaXmPLvHcESHA=", body.get("request_id").asText());
    }

    @Test
    void theResponseEventCarriesTheBodyCharacterForCharacter() throws Exception {
        // everything JSON must escape, characters of two, three and four UTF-8 bytes, and what JSON need not escape
        String body = "{\"t\":\"a \\\" b \\\\ c\"} \" \\ \t \n \r \u0000 \u0001 \u001f \u007f Kälte ⚡ 😀 </script> \u2028";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaFunction.writeResponse(out, new ApiResponse(201, Map.of("content-type", "application/json"), body));
        JsonNode event = JsonTrees.readTree(out.toByteArray());
        assertEquals(body, event.get("body").asText());
        assertEquals(201, event.get("statusCode").asInt());
        assertEquals("application/json", event.at("/headers/content-type").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());

        out.reset(); // an unpaired surrogate (a client's "\ud800" echoed back) cannot be UTF-8: it becomes '?'
        LambdaFunction.writeResponse(out, new ApiResponse(200, Map.of(), "{\"x\":\"a\ud800b\"}"));
        assertEquals("{\"x\":\"a?b\"}", JsonTrees.readTree(out.toByteArray()).get("body").asText());

        out.reset();
        LambdaFunction.writeResponse(out, new ApiResponse(204, Map.of(), null));
        assertTrue(JsonTrees.readTree(out.toByteArray()).get("body").isNull());
    }

    @Test
    void errorsBecomeApiGatewayResponses() throws Exception {
        String notFound = HTTP_EVENT.replace("/api/v1/echo/K%C3%A4lte%201", "/api/v1/nothing");
        JsonNode r = invoke(new EchoFunction(), notFound);
        assertEquals(404, r.get("statusCode").asInt());
        assertEquals("{\"detail\":\"Not Found\"}", r.get("body").asText());
        assertEquals("JKJaXmPLvHcESHA=", r.at("/headers/x-request-id").asText());

        String noStart = HTTP_EVENT.replace("&start_time=2025-10-14T02%3A00%3A00%2B02%3A00", "");
        JsonNode v = invoke(new EchoFunction(), noStart);
        assertEquals(422, v.get("statusCode").asInt());
        assertEquals("[\"query\",\"start_time\"]", JsonTrees.readTree(v.get("body").asText()).at("/detail/0/loc").toString());
    }

    @Test
    void theNetworkEntryRefusesARequestWithoutAKeyBeforeItsHandlerRuns() throws Exception {
        JsonNode r = invoke(new EchoFunction(), HTTP_EVENT.replace(", \"X-Api-Key\": \"wlk_echo_test_writer\"", ""));
        assertEquals(401, r.get("statusCode").asInt());
        assertEquals("{\"detail\":\"Invalid or missing API key\"}", r.get("body").asText());
        assertEquals("Bearer", r.at("/headers/www-authenticate").asText());
        assertEquals("JKJaXmPLvHcESHA=", r.at("/headers/x-request-id").asText());
    }

    @Test
    void withoutAKeyStoreEveryKeyIsRefused() throws Exception {
        LambdaFunction noStore = new EchoFunction();
        noStore.authenticateWith(new Authenticator(null, java.time.Clock.systemUTC(), true));
        assertEquals(401, invoke(noStore, HTTP_EVENT).get("statusCode").asInt(), "fail closed");
    }

    @Test
    void queryFallsBackToParsedParametersWithoutRawQuery() {
        assertEquals(Map.of("a", List.of("1,2")), LambdaFunction.parseQuery(null, Map.of("a", "1,2")));
        assertEquals(Map.of("a", List.of("1", "2"), "b", List.of("%zz")), LambdaFunction.parseQuery("a=1&a=2&b=%zz", null));
    }

    @Test
    void scheduledEventForAnUnknownRuleFailsClearly() {
        String event = """
                {"version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", "detail-type": "Scheduled Event",
                 "source": "aws.events", "account": "123456789012", "time": "2025-10-14T00:30:00Z", "region": "eu-central-1",
                 "resources": ["arn:aws:events:eu-central-1:123456789012:rule/wattline-no-such-job"], "detail": {}}
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> invoke(new EchoFunction(), event));
        assertTrue(e.getMessage().contains("rule/wattline-no-such-job"), e.getMessage());
    }

    @Test
    void aBodyWithAByteOrderMarkIsReadWithoutIt() throws Exception {
        String plain = "{\"rawPath\":\"/x\",\"requestContext\":{\"http\":{\"method\":\"POST\",\"path\":\"/x\"}},"
                + "\"body\":\"\\ufeff{\\\"a\\\":1}\",\"isBase64Encoded\":false}";
        assertEquals("{\"a\":1}", LambdaFunction.toRequest(event(plain), null).body());
        String encoded = java.util.Base64.getEncoder().encodeToString("\uFEFF[1]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String binary = "{\"rawPath\":\"/x\",\"requestContext\":{\"http\":{\"method\":\"POST\",\"path\":\"/x\"}},"
                + "\"body\":\"" + encoded + "\",\"isBase64Encoded\":true}";
        assertEquals("[1]", LambdaFunction.toRequest(event(binary), null).body());
    }

    @Test
    void snapStartPrimingSendsAnEventForNoRouteThroughTheInvocationPathAndReadsNoKey() throws Exception {
        ApiRequest primed = LambdaFunction.toRequest(event(new String(LambdaFunction.PRIMING_EVENT, java.nio.charset.StandardCharsets.UTF_8)), null);
        assertEquals("GET /__snapstart_prime", primed.method() + " " + primed.path());
        assertEquals(List.of("2026-01-01T00:00:00Z"), primed.query().get("from"));
        int[] served = {0}, primes = {0};
        LambdaFunction f = new LambdaFunction() {
            @Override
            protected Router createRouter() {
                // the priming path as a public route here, so that the test sees the request arrive
                return new Router(ErrorStyle.FASTAPI).publicGet("/__snapstart_prime", r -> {
                    served[0]++;
                    assertEquals(List.of("2026-01-01T00:00:00Z"), r.query().get("from"));
                    return ApiResponse.ok(Map.of());
                });
            }

            @Override
            protected Authenticator createAuthenticator() {
                return new Authenticator(() -> { throw new AssertionError("a key was read"); }, java.time.Clock.systemUTC(), false);
            }

            @Override
            protected void primeFunction() {
                primes[0]++;
            }
        };
        f.beforeCheckpoint(null);
        assertEquals(1, served[0], "the priming event went through handleRequest to the router");
        assertEquals(1, primes[0]);
    }

    @Test
    void routerIsBuiltOnceOnFirstUse() {
        EchoFunction f = new EchoFunction();
        assertEquals(0, f.routersBuilt);
        assertSame(f.router(), f.router());
        assertEquals(1, f.routersBuilt);
    }

    @Test
    void theTraceRootComesFromTheRuntimesTraceHeader() {
        assertEquals("1-5759e988-bd862e3fe1be46a994272793",
                LambdaFunction.traceRoot("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));
        assertEquals(null, LambdaFunction.traceRoot("Parent=53995c3f42cd8ad8"));
        assertEquals(null, LambdaFunction.traceRoot(null));
    }

    @Test
    void aPayloadThatIsNoEventIsRefusedNotServedAsGetSlash() {
        EchoFunction f = new EchoFunction();
        for (String payload : List.of("[1,2,3]", "{}", "\"text\"")) {
            assertThrows(IllegalArgumentException.class, () -> f.handleRequest(
                    new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null), payload);
        }
    }

    /** A run records when Lambda stops its invocation: the context's remaining time at the start, outside it none. */
    @Test
    void aTaskKnowsItsInvocationsDeadline() throws Exception {
        LambdaFunction f = new EchoFunction() {
            @Override
            protected Map<String, Object> runTask(String task, Map<String, Object> payload) {
                return Map.of("deadline", Invocation.deadline().map(Object::toString).orElse("none"));
            }
        };
        com.amazonaws.services.lambda.runtime.Context context = (com.amazonaws.services.lambda.runtime.Context)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[]{com.amazonaws.services.lambda.runtime.Context.class}, (proxy, method, args) -> switch (method.getName()) {
                            case "getRemainingTimeInMillis" -> 300_000;
                            case "getMemoryLimitInMB" -> 1024;
                            default -> method.getReturnType() == String.class ? "test" : null;
                        });
        String task = "{\"" + io.wattline.jobs.TaskSubmitter.TASK_FIELD + "\": \"check\"}";
        java.time.Instant before = java.time.Instant.now();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.handleRequest(new ByteArrayInputStream(task.getBytes(StandardCharsets.UTF_8)), out, context);
        java.time.Instant deadline = java.time.Instant.parse(JsonTrees.readTree(out.toByteArray()).get("deadline").asText());
        assertFalse(deadline.isBefore(before.plusSeconds(300)), deadline + " before " + before);
        assertTrue(deadline.isBefore(java.time.Instant.now().plusSeconds(301)), deadline.toString());
        out.reset();
        f.handleRequest(new ByteArrayInputStream(task.getBytes(StandardCharsets.UTF_8)), out, null);
        assertEquals("none", JsonTrees.readTree(out.toByteArray()).get("deadline").asText());
        assertTrue(Invocation.deadline().isEmpty(), "the invocation's deadline ends with it");
    }

    /** An event's JSON as the function reads it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(String json) throws java.io.IOException {
        return (Map<String, Object>) Json.readTree(json);
    }
}
