package io.wattline.local;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Router;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The OpenAPI document over the wire: every route the functions serve is documented (coverage 100 %), parameters
 * carry what the handlers read (type, format, required, default, enum, bounds), request bodies their events/
 * example, and Swagger UI is served at /docs from its WebJar.
 */
class OpenApiTest {

    static JsonNode param(JsonNode op, String name) {
        for (JsonNode p : op.get("parameters")) if (p.get("name").asText().equals(name)) return p;
        fail("no parameter " + name + " in " + op);
        return null;
    }

    @Test
    void everyServedRouteIsDocumentedWithWhatItsHandlerReads() {
        LocalCloud cloud = TestCloud.get();
        TestCloud.Response r = TestCloud.get("/openapi.json");
        assertEquals(200, r.status(), r.text());
        JsonNode doc = r.json();
        assertEquals("3.1.0", doc.get("openapi").asText());
        List<String> missing = new ArrayList<>();
        int served = 0;
        for (Map.Entry<String, LambdaFunction> f : cloud.functions().all().entrySet()) {
            for (Router.Route route : f.getValue().router().routes()) {
                served++;
                JsonNode op = doc.path("paths").path(route.template()).path(route.method().toLowerCase(Locale.ROOT));
                if (op.isMissingNode() || !op.has("responses") || !op.has("summary")
                        || !op.at("/responses/200/content/application~1json/schema").has("type")) missing.add(route.routeKey());
            }
        }
        assertTrue(missing.isEmpty(), "routes without documentation (or without their 200 body's schema): " + missing);
        assertTrue(served >= 59, "routes served: " + served);

        JsonNode energy = doc.at("/paths/~1api~1v1~1timeseries~1energy/get");
        JsonNode machine = param(energy, "machine_id");
        assertTrue(machine.get("required").asBoolean());
        assertEquals("uuid", machine.at("/schema/format").asText());
        assertEquals("date-time", param(energy, "start_time").at("/schema/format").asText());

        JsonNode recent = doc.at("/paths/~1api~1v1~1anomaly~1recent/get");
        JsonNode limit = param(recent, "limit");
        assertFalse(limit.get("required").asBoolean());
        assertEquals("integer", limit.at("/schema/type").asText());
        assertEquals(10, limit.at("/schema/default").asInt());
        assertEquals(1, limit.at("/schema/minimum").asInt());
        assertEquals(1000, limit.at("/schema/maximum").asInt());
        List<String> severities = new ArrayList<>();
        param(recent, "severity").at("/schema/enum").forEach(v -> severities.add(v.asText()));
        assertEquals(List.of("low", "medium", "high", "critical"), severities);

        // free text is a string (it takes "1.5" too), a boolean a boolean (it takes 1 and 0 too), a fraction a number
        // with its open bounds, a comma-separated list of literals an array in form style
        JsonNode list = doc.at("/paths/~1api~1v1~1machines/get");
        assertEquals("string", param(list, "search").at("/schema/type").asText());
        assertEquals("string", param(list, "type").at("/schema/type").asText());
        assertEquals("boolean", param(list, "is_active").at("/schema/type").asText());
        assertEquals("string", param(doc.at("/paths/~1system~1state/get"), "asset_id").at("/schema/type").asText());
        assertEquals("^(?!\\.+$)[A-Za-z0-9._:-]{1,64}$", param(doc.at("/paths/~1system~1state/get"), "asset_id").at("/schema/pattern").asText());
        JsonNode demand = param(doc.at("/paths/~1api~1v1~1forecast~1demand/get"), "confidence");
        assertEquals("number", demand.at("/schema/type").asText());
        assertEquals(0, demand.at("/schema/exclusiveMinimum").asInt());
        assertEquals(1, demand.at("/schema/exclusiveMaximum").asInt());
        JsonNode metrics = param(doc.at("/paths/~1api~1v1~1comparison~1machines/get"), "metrics");
        assertEquals("array", metrics.at("/schema/type").asText(), metrics.toString());
        assertFalse(metrics.get("explode").asBoolean());
        assertEquals("energy", metrics.at("/schema/default/0").asText());

        JsonNode trigger = doc.at("/paths/~1api~1v1~1model-performance~1retrain~1trigger/post");
        assertEquals(4, param(trigger, "model_type").at("/schema/enum").size());
        assertTrue(param(trigger, "trigger_type").get("required").asBoolean());

        // a body's example from events/, its schema inferred from it; Azure's routes document Azure's error shape
        JsonNode entire = doc.at("/paths/~1anomalydetector~1{version}~1timeseries~1entire~1detect/post");
        assertEquals("array", entire.at("/requestBody/content/application~1json/schema/properties/series/type").asText(), entire.toString());
        assertTrue(entire.at("/requestBody/content/application~1json/example/series").isArray());
        assertEquals("#/components/schemas/AzureError", entire.at("/responses/400/content/application~1json/schema/$ref").asText());
        assertEquals("#/components/schemas/ValidationError",
                doc.at("/paths/~1api~1v1~1readings/post/responses/422/content/application~1json/schema/$ref").asText());
        // response bodies as Jackson writes the declared records: snake_case for the seeds, Azure's camelCase
        JsonNode machines = doc.at("/paths/~1api~1v1~1machines/get/responses/200/content/application~1json/schema");
        assertEquals("array", machines.get("type").asText());
        assertEquals("uuid", machines.at("/items/properties/factory_id/format").asText(), machines.toString());
        assertTrue(entire.at("/responses/200/content/application~1json/schema/properties").has("expectedValues"));
        // public routes need no key; the others name the key schemes
        assertEquals(0, doc.at("/paths/~1/get/security/0").size());
        assertEquals("ApiKey", doc.at("/paths/~1api~1v1~1machines/get/security/0").fieldNames().next());
        // a JSON body's fields as its handler reads them: type, bounds, default, required (its container too)
        JsonNode arima = doc.at("/paths/~1api~1v1~1forecast~1train~1arima/post/requestBody/content/application~1json/schema");
        assertEquals(5, arima.at("/properties/model_params/properties/p/maximum").asInt(), arima.toString());
        assertEquals(1, arima.at("/properties/model_params/properties/p/default").asInt(), arima.toString());
        assertEquals("uuid", arima.at("/properties/machine_id/format").asText(), arima.toString());
        JsonNode schedule = doc.at("/paths/~1api~1v1~1forecast~1optimal-schedule/post/requestBody/content/application~1json/schema");
        // the seed's production target or (an extension) operating hours: one of the two, said in their descriptions
        assertTrue(schedule.at("/properties/constraints/properties/production_target/description").asText()
                .contains("operating_hours"), schedule.toString());
        assertTrue(schedule.at("/properties/constraints/properties/operating_hours/description").asText()
                .contains("instead of production_target"), schedule.toString());
        // every key header the authenticator reads (Azure's clients send Ocp-Apim-Subscription-Key)
        assertEquals("Ocp-Apim-Subscription-Key", doc.at("/components/securitySchemes/AzureKey/name").asText());
        assertEquals(4, entire.get("security").size());
        // a read-scoped key on a write route, a body too large; Azure's versions
        assertTrue(doc.at("/paths/~1api~1v1~1readings/post/responses").has("403"));
        assertTrue(doc.at("/paths/~1api~1v1~1readings/post/responses").has("413"));
        assertFalse(doc.at("/paths/~1api~1v1~1machines/get/responses").has("403"));
        assertTrue(param(entire, "version").at("/schema/pattern").asText().contains("v1\\.1"), entire.toString());
        // describing the routes wrote nothing: no model was trained by reading the train route's parameters
        assertEquals(404, TestCloud.get("/api/v1/forecast/models/c0000000-0000-0000-0000-0000000000ff").status());
    }

    @Test
    void everyStatusARouteCanAnswerIsDocumented() {
        LocalCloud cloud = TestCloud.get();
        JsonNode doc = TestCloud.get("/openapi.json").json();
        for (Map.Entry<String, LambdaFunction> f : cloud.functions().all().entrySet()) {
            for (Router.Route route : f.getValue().router().routes()) {
                JsonNode responses = doc.path("paths").path(route.template()).path(route.method().toLowerCase(Locale.ROOT))
                        .path("responses");
                // what its route table declares for it alone, and what any route can answer: a logged internal error
                for (Router.Answer a : route.answers()) assertTrue(responses.has(Integer.toString(a.status())), route.routeKey() + " " + a);
                assertTrue(responses.has("500"), route.routeKey());
                // a key sent is checked on every route, public ones too
                assertTrue(responses.has("401") && responses.has("429") && responses.has("503"), route.routeKey());
            }
        }
        // the twin's writes lose to concurrent requests as a 409 (TwinDocuments), on every /system route
        int twin = 0;
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            if (!path.getKey().startsWith("/system/")) continue;
            for (JsonNode op : path.getValue()) {
                twin++;
                JsonNode conflict = op.at("/responses/409");
                assertTrue(conflict.path("description").asText().startsWith("Conflict"), path.getKey() + ": " + conflict);
                assertEquals("#/components/schemas/HTTPError", conflict.at("/content/application~1json/schema/$ref").asText());
            }
        }
        assertEquals(6, twin);
        // so do trainings that register a model version (ModelRegistry), and nothing that does not
        for (String training : List.of("/paths/~1api~1v1~1baseline~1train/post", "/paths/~1api~1v1~1forecast~1train~1arima/post",
                "/paths/~1api~1v1~1forecast~1train~1prophet/post")) {
            assertTrue(doc.at(training + "/responses").has("409"), training);
        }
        // ingestion's machine-hours, whose room concurrent writers claim (DynamoTelemetryStore), and not the weather's
        assertTrue(doc.at("/paths/~1api~1v1~1readings/post/responses/409/description").asText().startsWith("Other writes"));
        assertFalse(doc.at("/paths/~1api~1v1~1weather/post/responses").has("409"));
        // health answers 503 with its own body when a store is down, or the key store's error for a key sent
        JsonNode unhealthy = doc.at("/paths/~1api~1v1~1health/get/responses/503/content/application~1json/schema/oneOf");
        assertEquals(2, unhealthy.size(), unhealthy.toString());
        assertTrue(unhealthy.get(0).at("/properties").has("database"), unhealthy.toString());
        assertEquals("#/components/schemas/HTTPError", unhealthy.get(1).get("$ref").asText());
        assertEquals("#/components/schemas/InternalError",
                doc.at("/paths/~1api~1v1~1machines/get/responses/500/content/application~1json/schema/$ref").asText());
        assertEquals("#/components/schemas/AzureError", doc.at("/paths/~1anomalydetector~1{version}~1timeseries~1entire~1detect"
                + "/post/responses/500/content/application~1json/schema/$ref").asText());
        // over the wire: a public route refuses a wrong key as documented (the next right key clears the address)
        TestCloud.Response wrong = TestCloud.sendWithKey("wlk_not-a-key", "GET", "/api/v1/health", null);
        assertEquals(401, wrong.status(), wrong.text());
        assertEquals(200, TestCloud.get("/api/v1/health").status());
    }

    /** A developer reading /docs alone learns what each parameter means (none had a description). */
    @Test
    void everyParameterSaysWhatItMeans() {
        JsonNode doc = TestCloud.get("/openapi.json").json();
        java.util.List<String> bare = new java.util.ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            for (JsonNode p : op.getValue().path("parameters")) {
                if (p.path("description").asText().isBlank()) bare.add(op.getKey() + " " + path.getKey() + " " + p.path("name").asText());
            }
        }));
        assertEquals(java.util.List.of(), bare);
        JsonNode predictDate = doc.at("/paths/~1api~1v1~1forecast~1predict/post/requestBody/content/application~1json/schema/properties/date");
        assertTrue(predictDate.path("description").asText().contains("local day"), predictDate.toString());
        assertTrue(doc.toString().contains("`factory` (the machine's factory's zone)"), "timezone=factory is documented");
    }

    /**
     * {@code docs/api/openapi.json} is the document the AWS stack publishes at /openapi.json: it must be the one the
     * route tables generate. {@code ./wattline test -Dopenapi.update=true} (or this test alone) rewrites it.
     */
    @Test
    void thePublishedDocumentIsTheGeneratedOne() throws Exception {
        TestCloud.get();
        JsonNode served = TestCloud.get("/openapi.json").json();
        java.nio.file.Path published = java.nio.file.Path.of("../../docs/api/openapi.json");
        String pretty = JsonTrees.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
        if (Boolean.getBoolean("openapi.update")) java.nio.file.Files.writeString(published, pretty);
        assertTrue(java.nio.file.Files.isRegularFile(published), "no " + published + ": run ./wattline test -Dopenapi.update=true");
        assertEquals(served, JsonTrees.readTree(java.nio.file.Files.readString(published)),
                "docs/api/openapi.json is not what the route tables generate: run ./wattline test -Dopenapi.update=true");
    }

    @Test
    void swaggerUiIsServedFromItsWebJar() {
        TestCloud.get();
        TestCloud.Response index = TestCloud.get("/docs/");
        assertEquals(200, index.status());
        assertTrue(index.text().contains("swagger-ui"), index.text());
        TestCloud.Response init = TestCloud.get("/docs/swagger-initializer.js");
        assertTrue(init.text().contains("/openapi.json"));
        TestCloud.Response bundle = TestCloud.get("/docs/swagger-ui-bundle.js");
        assertEquals(200, bundle.status());
        assertTrue(bundle.text().length() > 100_000);
        assertEquals(404, TestCloud.get("/docs/../pom.xml").status());
        JsonNode root = TestCloud.get("/").json();
        assertEquals("/docs", root.at("/endpoints/docs").asText());
        assertEquals("/openapi.json", root.at("/endpoints/openapi").asText());
    }
}
