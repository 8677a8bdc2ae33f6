package io.wattline.local;

import io.wattline.http.JsonTrees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.http.Json;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Router;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every sample in {@code events/<function>/} through that function's Lambda entry point, as
 * the Lambda runtime would, and checks that each function's routes and jobs all have a sample.
 * Samples are replayed in file-name order; one named {@code <name>.<status>.json} expects that status
 * (a refused transition of a state machine), any other a 2xx.
 */
class EventsReplayTest {
    static final Path EVENTS = Path.of("../../events");

    static List<Path> samples(String function) throws IOException {
        try (Stream<Path> files = Files.list(EVENTS.resolve(function))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @TestFactory
    List<DynamicTest> everySampleAnswers() throws IOException {
        LocalFunctions functions = TestCloud.get().functions();
        List<DynamicTest> tests = new ArrayList<>();
        for (String function : functions.all().keySet()) {
            for (Path file : samples(function)) {
                tests.add(DynamicTest.dynamicTest(function + "/" + file.getFileName(), () -> {
                    byte[] event = recent(Files.readAllBytes(file));
                    JsonNode out = JsonTrees.readTree(functions.invoke(function, event));
                    if ("Scheduled Event".equals(JsonTrees.readTree(event).path("detail-type").asText())) {
                        assertTrue(out.isObject(), "a job answers with its summary: " + out);
                    } else {
                        int status = out.path("statusCode").asInt();
                        java.util.regex.Matcher expect = java.util.regex.Pattern.compile(".*\\.(\\d{3})\\.json")
                                .matcher(file.getFileName().toString());
                        if (expect.matches()) {
                            assertEquals(Integer.parseInt(expect.group(1)), status, file + " answered " + out.path("body"));
                        } else {
                            // a period that still holds no data after recent() moved it: a KPI route answers
                            // the seed's own 404, which still proves the event reached it
                            boolean noData = status == 404 && out.path("body").asText().contains("No data available for this period");
                            assertTrue(status >= 200 && status < 300 || noData,
                                    file + " answered " + status + ": " + out.path("body"));
                        }
                        assertTrue(out.path("headers").has(Router.REQUEST_ID_HEADER));
                        if (status == 200) conformsToTheDocument(functions, function, JsonTrees.readTree(event), out, file);
                    }
                }));
            }
        }
        return tests;
    }

    /** Responses checked against the OpenAPI document's schema of their route, and those that had none. */
    static final java.util.concurrent.atomic.AtomicInteger VALIDATED = new java.util.concurrent.atomic.AtomicInteger();

    /** A 200 body conforms to the schema the OpenAPI document gives its route (the route's declared record). */
    static void conformsToTheDocument(LocalFunctions functions, String function, JsonNode event, JsonNode out, Path file)
            throws IOException {
        Router.Route route = functions.all().get(function).router()
                .find(event.at("/requestContext/http/method").asText(), event.path("rawPath").asText()).orElseThrow();
        assertNotNull(route.returns(), route.routeKey() + " declares no response body for the OpenAPI document");
        com.fasterxml.jackson.databind.node.ObjectNode schema = OpenApi.responseSchema(route.returns());
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        var errors = com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                .getSchema(JsonTrees.MAPPER.writeValueAsString(schema)).validate(JsonTrees.readTree(out.path("body").asText()));
        assertTrue(errors.isEmpty(), file + ": the response does not match the document: " + errors);
        VALIDATED.incrementAndGet();
    }

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /**
     * A GET sample's query dates moved by whole days so that its latest date is yesterday (UTC), inside
     * the test cloud's seeded days: routes that answer 404 "No data available for this period" for a range
     * without data (the KPI routes) then answer with data. Bodies (ingestion samples) are left alone.
     */
    static byte[] recent(byte[] raw) throws IOException {
        JsonNode event = JsonTrees.readTree(raw);
        if (!"GET".equals(event.at("/requestContext/http/method").asText())) return raw;
        String query = event.path("rawQueryString").asText();
        LocalDate latest = null;
        Matcher m = DATE.matcher(query);
        while (m.find()) {
            LocalDate d = LocalDate.parse(m.group());
            if (latest == null || d.isAfter(latest)) latest = d;
        }
        if (latest == null) return raw;
        long shift = ChronoUnit.DAYS.between(latest, LocalDate.now(ZoneOffset.UTC).minusDays(1));
        ObjectNode copy = (ObjectNode) event.deepCopy();
        copy.put("rawQueryString", shiftDates(query, shift));
        if (copy.get("queryStringParameters") instanceof ObjectNode params) {
            List<String> names = new ArrayList<>();
            params.fieldNames().forEachRemaining(names::add);
            for (String k : names) params.put(k, shiftDates(params.get(k).asText(), shift));
        }
        return JsonTrees.MAPPER.writeValueAsBytes(copy);
    }

    private static String shiftDates(String text, long days) {
        return DATE.matcher(text).replaceAll(r -> LocalDate.parse(r.group()).plusDays(days).toString());
    }

    @Test
    void everyRouteAndJobHasASample() throws IOException {
        for (var f : TestCloud.get().functions().all().entrySet()) {
            LambdaFunction function = f.getValue();
            Set<String> covered = new TreeSet<>();
            for (Path file : samples(f.getKey())) {
                JsonNode event = JsonTrees.readTree(Files.readString(file, StandardCharsets.UTF_8));
                if (event.has("routeKey")) covered.add(event.get("routeKey").asText());
                if (event.has("detail-type")) event.get("resources").forEach(r -> covered.add("job " + r.asText()
                        .substring(r.asText().lastIndexOf('/') + 1)));
            }
            Set<String> expected = new TreeSet<>();
            function.router().routes().forEach(r -> expected.add(r.routeKey()));
            for (Job job : JobCatalog.all()) {
                if (job.function().equals(f.getKey())) expected.add("job " + job.ruleName("wattline"));
            }
            assertEquals(expected, covered, "samples of " + f.getKey());
        }
    }
}
