package io.wattline.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.domain.Machine;
import io.wattline.http.Json;
import io.wattline.store.AnomalyLog;
import io.wattline.store.KeyStore;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a demo needs beyond its readings: each demo machine's energy baseline, the anomalies of the seeded days and
 * both forecast models, made through the API (as a user would) on a thread of their own once the cloud is up. Without
 * them a fresh demo answered "Model not trained" to every forecast question and listed none of its planted incidents
 * (the hourly detection job looks at the last three hours only). A machine that already has a model (a restarted
 * cloud) keeps it; detection runs on every start (it stores nothing twice). {@code ./wattline local --no-models}
 * leaves all of it to the user.
 */
final class DemoModels implements AutoCloseable {
    /** The history the models learn from: what {@code baseline_retrain} and the forecasts' defaults read. */
    static final Duration HISTORY = Duration.ofDays(30);

    private final URI api;
    private final PrintStream progress;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean closed;

    /** The summary of a run: what was made, and each distinct refusal with the machines it was given for. */
    record Outcome(int baselines, int anomalies, int forecasts, Map<String, List<String>> problems) {}

    private volatile Outcome outcome;

    private DemoModels(URI api, Instant from, Instant to, PrintStream progress) {
        this.api = api;
        this.progress = progress;
        this.thread = Thread.ofPlatform().daemon().name("demo-models").unstarted(() -> run(from, to));
    }

    /** Starts making the models of the data in {@code [from, to)}, at most {@link #HISTORY} of it. */
    static DemoModels start(URI api, Instant from, Instant to, PrintStream progress) {
        Instant since = from.isBefore(to.minus(HISTORY)) ? to.minus(HISTORY) : from;
        DemoModels m = new DemoModels(api, since, to, progress);
        m.thread.start();
        return m;
    }

    /** Waits for the run to end (tests); null if it did not end in time. */
    Outcome await(Duration timeout) throws InterruptedException {
        thread.join(timeout);
        return outcome;
    }

    private void run(Instant from, Instant to) {
        long t0 = System.nanoTime();
        progress.println("demo models: training each machine's baseline, finding the anomalies of the seeded days and"
                + " training the forecasts in the background (under a minute on a 2-core machine; the API answers meanwhile; --no-models skips this)");
        int baselines = 0, anomalies = 0, forecasts = 0;
        Map<String, List<String>> problems = new LinkedHashMap<>();
        List<Machine> machines = DemoPlant.MACHINES;
        try {
            for (Machine m : machines) {
                if (closed) return;
                String id = m.id().toString();
                Map<String, Object> period = new LinkedHashMap<>();
                period.put("machine_id", id);
                period.put("start_date", from.toString());
                period.put("end_date", to.toString());
                boolean trained = false;
                if (get("/api/v1/baseline/models?machine_id=" + id).path("total_models").asInt() == 0) {
                    if (post("/api/v1/baseline/train", period, problems, m, "baseline") == null) continue;
                    baselines++;
                    trained = true;
                }
                // every start, also with the baselines kept from an earlier one: detection stores nothing twice, and a
                // restart's topped-up days (or a first run stopped before this step) are judged here, not only their
                // last three hours by the hourly job
                Map<String, Object> window = Map.of("machine_id", id, "start_time", from.toString(), "end_time", to.toString());
                JsonNode found = post("/api/v1/anomaly/detect", window, problems, m, "anomaly detection");
                if (found != null) anomalies += found.path("new_anomalies").asInt();
                // a baseline just fitted on days with incidents learnt them as the machine's habit (its error several
                // times its usual): fitted again without them, as the weekly retraining would, and judged again
                if (trained && found != null && incidentFound(found)
                        && post("/api/v1/baseline/train", period, problems, m, "baseline") != null) {
                    JsonNode more = post("/api/v1/anomaly/detect", window, problems, m, "anomaly detection");
                    if (more != null) anomalies += more.path("new_anomalies").asInt();
                }
            }
            for (Machine m : machines) {
                String id = m.id().toString();
                JsonNode status = get("/api/v1/forecast/models/" + id);
                for (String model : List.of("arima", "prophet")) {
                    if (closed) return;
                    if (status.path(model).path("trained").asBoolean()) continue;
                    if (post("/api/v1/forecast/train/" + model, Map.of("machine_id", id, "start_date", from.toString(),
                            "end_date", to.toString()), problems, m,
                            "forecast (" + model + ")") != null) forecasts++;
                }
            }
        } catch (RuntimeException e) {
            if (!closed) problems.put("stopped: " + e, List.of());
        } finally {
            outcome = new Outcome(baselines, anomalies, forecasts, problems);
        }
        if (closed) return;
        problems.forEach((p, names) -> progress.println("demo models: " + (names.isEmpty() ? p
                : p.replaceFirst(" not made", " not made for " + String.join(", ", names)))));
        progress.printf("demo models ready in %d s: %d baselines trained, %d new anomalies found, %d forecast models trained%n",
                (System.nanoTime() - t0) / 1_000_000_000L, baselines, anomalies, forecasts);
    }

    /** Whether a detection found an incident a baseline is not fitted on ({@link AnomalyLog#NOT_LEARNT_FROM}). */
    static boolean incidentFound(JsonNode detection) {
        for (JsonNode a : detection.path("anomalies")) {
            if (AnomalyLog.NOT_LEARNT_FROM.contains(a.path("anomaly_type").asText())) return true;
        }
        return false;
    }

    private JsonNode get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(api.resolve(path)).GET());
        if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        return LocalJson.parse(r.body());
    }

    /** The answer's JSON, or null after noting the refusal (a message once, with every machine it was given for). */
    private JsonNode post(String path, Object body, Map<String, List<String>> problems, Machine machine, String what) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(api.resolve(path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Json.PLAIN, body))));
        if (r.statusCode() == 200) return LocalJson.parse(r.body());
        String detail = r.body();
        try {
            JsonNode error = LocalJson.parse(r.body());
            if (error.path("detail").isTextual()) detail = error.path("detail").asText();
        } catch (RuntimeException notJson) {
            // the body as it came
        }
        problems.computeIfAbsent(what + " not made (" + r.statusCode() + "): " + detail, k -> new ArrayList<>()).add(machine.name());
        return null;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("X-Api-Key", KeyStore.LOCAL_DEVELOPMENT_KEY).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the run: its request under way is abandoned (waited for up to 5 s), and the client's threads end. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.shutdownNow();
    }
}
