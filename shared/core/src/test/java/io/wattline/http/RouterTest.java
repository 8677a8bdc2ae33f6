package io.wattline.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.wattline.http.TestRequests.get;
import static io.wattline.http.TestRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterTest {

    private static ApiResponse echo(ApiRequest r) {
        return ApiResponse.json(200, Json.PLAIN, Map.of("path", r.path(), "params", r.pathParams()));
    }

    private final Router router = new Router(ErrorStyle.FASTAPI)
            .get("/api/v1/machines", r -> ApiResponse.ok(Map.of("route", "list")))
            .get("/api/v1/machines/active", r -> ApiResponse.ok(Map.of("route", "active")))
            .get("/api/v1/machines/{machine_id}", RouterTest::echo)
            .get("/api/v1/anomaly/{anomaly_id}/resolve", RouterTest::echo)
            .get("/", r -> ApiResponse.ok(Map.of("route", "root")))
            .get("/boom", r -> { throw new IllegalStateException("secret db password in message"); })
            .get("/gone", r -> { throw ApiException.notFound("Machine not found"); })
            .get("/teapot", r -> { throw new ApiException(418, "I'm a teapot"); })
            .get("/validate", r -> { Params p = r.params(); p.query("start_time", Params::dateTime); p.validate(); return null; })
            .add("GET", "/anomalydetector/v1.1/timeseries/{op}", ErrorStyle.AZURE,
                    r -> { throw new ApiException(400, "InvalidSeries", "The series is too short."); });

    private static JsonNode body(ApiResponse r) throws Exception {
        return JsonTrees.readTree(r.body());
    }

    @Test
    void aRouteDeclaresTheStatusesOnlyItAnswersBesideItsBody() {
        record Body(String state) {}
        Router r = new Router(ErrorStyle.FASTAPI)
                .post("/system/reset", q -> ApiResponse.ok(Map.of())).answers(409, "Conflict: lost every retry").returns(Body.class)
                .get("/health", q -> ApiResponse.ok(Map.of())).returns(Body.class)
                .answers(new Router.Answer(503, "Unhealthy", new Router.Returns(Body.class, false, Json.SNAKE)))
                .get("/plain", q -> ApiResponse.ok(Map.of()));
        Router.Route reset = r.routes().get(0), health = r.routes().get(1), plain = r.routes().get(2);
        // in either order, one declaration keeps the other
        assertEquals(Body.class, reset.returns().type());
        assertEquals(java.util.List.of(new Router.Answer(409, "Conflict: lost every retry", null)), reset.answers());
        assertEquals(Body.class, health.returns().type());
        assertEquals(503, health.answers().get(0).status());
        assertEquals(Body.class, health.answers().get(0).body().type());
        assertTrue(plain.answers().isEmpty());
        assertNull(plain.returns());
    }

    @Test
    void exactRouteMatches() throws Exception {
        ApiResponse r = router.dispatch(get("/api/v1/machines"));
        assertEquals(200, r.status());
        assertEquals("list", body(r).get("route").asText());
        assertEquals("root", body(router.dispatch(get("/"))).get("route").asText());
    }

    @Test
    void literalRouteRegisteredBeforeTemplateWins() throws Exception {
        assertEquals("active", body(router.dispatch(get("/api/v1/machines/active"))).get("route").asText());
    }

    @Test
    void templateBindsPathParameters() throws Exception {
        JsonNode b = body(router.dispatch(get("/api/v1/anomaly/42/resolve")));
        assertEquals("42", b.at("/params/anomaly_id").asText());
    }

    @Test
    void trailingSlashMatchesTheSameRoute() throws Exception {
        assertEquals("list", body(router.dispatch(get("/api/v1/machines/"))).get("route").asText());
        assertEquals("7", body(router.dispatch(get("/api/v1/machines/7/"))).at("/params/machine_id").asText());
    }

    @Test
    void pathParametersAreUrlDecoded() throws Exception {
        assertEquals("Compressor 1/ä", body(router.dispatch(get("/api/v1/machines/Compressor%201%2F%C3%A4")))
                .at("/params/machine_id").asText());
    }

    @Test
    void plusInAPathSegmentIsLiteral() throws Exception {
        // RFC 3986: '+' means space only in form-encoded query strings, never in a path
        assertEquals("a+b", body(router.dispatch(get("/api/v1/machines/a+b"))).at("/params/machine_id").asText());
    }

    @Test
    void malformedPercentEncodingIsNotA500() throws Exception {
        ApiResponse r = router.dispatch(get("/api/v1/machines/%E0%A4%A"));
        assertEquals(200, r.status());
        assertEquals("%E0%A4%A", body(r).at("/params/machine_id").asText(), "kept as typed for the handler to reject");
    }

    @Test
    void emptySegmentDoesNotMatchATemplate() throws Exception {
        ApiResponse r = router.dispatch(get("/api/v1/anomaly//resolve"));
        assertEquals(404, r.status());
    }

    @Test
    void unknownPathIs404InFastApiShape() throws Exception {
        ApiResponse r = router.dispatch(get("/api/v2/nothing"));
        assertEquals(404, r.status());
        assertEquals("{\"detail\":\"Not Found\"}", r.body());
        assertEquals("application/json", r.headers().get("content-type"));
    }

    @Test
    void unknownPathsUnderAnApisPrefixAreRefusedInItsShape() throws Exception {
        // the $default function answers every unmatched path; an Azure client's misspelt operation or version is
        // refused as Azure's gateway refused it, the rest as FastAPI
        Router r = new Router(ErrorStyle.FASTAPI).errorsUnder("/anomalydetector/", ErrorStyle.AZURE)
                .get("/", q -> ApiResponse.ok(Map.of()));
        ApiResponse a = r.dispatch(request("POST", "/anomalydetector/v1.1/timeseries/foo/detect", "{}"));
        assertEquals(404, a.status());
        assertEquals("{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}", a.body());
        assertEquals("404", a.headers().get("x-ms-error-code"));
        assertEquals(ErrorStyle.AZURE, r.styleAt("POST", "/anomalydetector/v2/timeseries/entire/detect"));
        ApiResponse f = r.dispatch(get("/anomalydetectorx"));
        assertEquals("{\"detail\":\"Not Found\"}", f.body());
        assertEquals(ErrorStyle.FASTAPI, r.styleAt("GET", "/api/v9"));
    }

    @Test
    void knownPathWithOtherMethodIs405() throws Exception {
        ApiResponse r = router.dispatch(request("DELETE", "/api/v1/machines/7", null));
        assertEquals(405, r.status());
        assertEquals("{\"detail\":\"Method Not Allowed\"}", r.body());
        // an Azure path answers a wrong method in Azure's shape, with its error code header
        Router azure = new Router(ErrorStyle.FASTAPI).add("POST", "/anomalydetector/{version}/timeseries/entire/detect",
                ErrorStyle.AZURE, Access.PUBLIC, RouterTest::echo);
        ApiResponse a = azure.dispatch(request("GET", "/anomalydetector/v1.1/timeseries/entire/detect", null));
        assertEquals(405, a.status());
        assertEquals("{\"code\":\"405\",\"message\":\"Method Not Allowed\"}", a.body());
        assertEquals("405", a.headers().get("x-ms-error-code"));
    }

    @Test
    void everyResponseCarriesTheRequestId() {
        for (String path : new String[]{"/api/v1/machines", "/nope", "/boom", "/gone", "/validate"}) {
            assertEquals("req-1", router.dispatch(get(path)).headers().get("x-request-id"), path);
        }
        assertEquals("req-1", router.dispatch(request("POST", "/", null)).headers().get("x-request-id"));
        assertEquals(null, router.dispatch(get("/api/v1/machines")).headers().get("apim-request-id"));
        // Azure's routes also carry the ids its clients log for a support case: apim-request-id, their own echoed
        Router azure = new Router(ErrorStyle.FASTAPI).add("POST", "/anomalydetector/{version}/timeseries/entire/detect",
                ErrorStyle.AZURE, Access.PUBLIC, RouterTest::echo);
        ApiRequest sent = new ApiRequest("POST", "/anomalydetector/v1.1/timeseries/entire/detect", Map.of(),
                Map.of("x-ms-client-request-id", "c0ffee00-1234"), "{}", "req-1", Map.of());
        for (ApiResponse r : List.of(azure.dispatch(sent), azure.dispatch(new ApiRequest("GET", sent.path(), Map.of(),
                sent.headers(), null, "req-1", Map.of())))) {
            assertEquals("req-1", r.headers().get("apim-request-id"));
            assertEquals("c0ffee00-1234", r.headers().get("x-ms-client-request-id"));
        }
    }

    @Test
    void unexpectedExceptionIs500WithRequestIdAndNoDetails() throws Exception {
        ApiResponse r = router.dispatch(get("/boom"));
        assertEquals(500, r.status());
        assertEquals("{\"detail\":\"Internal Server Error\",\"request_id\":\"req-1\"}", r.body());
        assertFalse(r.body().contains("secret"));
        assertFalse(r.body().contains("IllegalStateException"));
        assertFalse(r.body().contains("at io.wattline"));
    }

    @Test
    void apiExceptionKeepsItsStatusAndDetail() throws Exception {
        ApiResponse gone = router.dispatch(get("/gone"));
        assertEquals(404, gone.status());
        assertEquals("{\"detail\":\"Machine not found\"}", gone.body());
        ApiResponse teapot = router.dispatch(get("/teapot"));
        assertEquals(418, teapot.status());
        assertEquals("I'm a teapot", body(teapot).get("detail").asText());
    }

    @Test
    void validationErrorIs422WithPydanticList() throws Exception {
        ApiResponse r = router.dispatch(get("/validate"));
        assertEquals(422, r.status());
        assertEquals("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"query\",\"start_time\"],"
                + "\"msg\":\"Field required\",\"input\":null}]}", r.body());
    }

    @Test
    void azureStyleUsesCodeMessageAndHeader() throws Exception {
        ApiResponse r = router.dispatch(get("/anomalydetector/v1.1/timeseries/entire"));
        assertEquals(400, r.status());
        assertEquals("{\"code\":\"InvalidSeries\",\"message\":\"The series is too short.\"}", r.body());
        assertEquals("InvalidSeries", r.headers().get("x-ms-error-code"));
        assertEquals("req-1", r.headers().get("x-request-id"));
    }

    @Test
    void azureStyleRendersValidationAndInternalErrors() throws Exception {
        Router azure = new Router(ErrorStyle.AZURE)
                .get("/v", r -> { Params p = r.params(); p.query("granularity", Params::text); p.validate(); return null; })
                .get("/x", r -> { throw new RuntimeException("NullPointer somewhere"); });
        ApiResponse v = azure.dispatch(get("/v"));
        assertEquals(400, v.status());
        assertEquals("BadArgument", body(v).get("code").asText());
        assertEquals("Field required", body(v).get("message").asText());
        assertEquals("BadArgument", v.headers().get("x-ms-error-code"));
        ApiResponse x = azure.dispatch(get("/x"));
        assertEquals(500, x.status());
        assertEquals("InternalServerError", x.headers().get("x-ms-error-code"));
        assertTrue(body(x).get("message").asText().contains("req-1"));
        assertFalse(x.body().contains("NullPointer"));
        assertNull(body(x).get("detail"));
    }

    @Test
    void matchesAndRouteKeys() {
        assertTrue(Router.matches("/api/v1/machines/{machine_id}", "/api/v1/machines/abc"));
        assertFalse(Router.matches("/api/v1/machines/{machine_id}", "/api/v1/machines"));
        assertFalse(Router.matches("/api/v1/machines/{machine_id}", "/api/v1/machines/a/b"));
        assertEquals("GET /api/v1/machines/{machine_id}", router.routes().get(2).routeKey());
    }
}
