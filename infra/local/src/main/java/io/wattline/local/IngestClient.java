package io.wattline.local;

import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.http.Json;
import io.wattline.http.Times;
import io.wattline.store.KeyStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A meter gateway's side of the ingestion API: readings and production posted as batches over HTTP. */
public final class IngestClient {
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public IngestClient(URI api) {
        this.api = api;
    }

    /** {@code POST /api/v1/readings} body. */
    public static String readingsBody(List<Reading> readings) {
        List<Map<String, Object>> rows = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("machine_id", r.machineId().toString());
            row.put("timestamp", Times.iso(r.timestamp()));
            row.put("power_kw", r.powerKw());
            row.put("energy_kwh", r.energyKwh());
            row.put("current_a", r.currentA());
            row.put("voltage_v", r.voltageV());
            row.put("power_factor", r.powerFactor());
            row.put("frequency_hz", r.frequencyHz());
            row.put("temperature_c", r.temperatureC());
            rows.add(row);
        }
        return Json.write(Json.PLAIN, Map.of("readings", rows));
    }

    /** {@code POST /api/v1/production} body. */
    public static String productionBody(List<ProductionCount> counts) {
        List<Map<String, Object>> rows = new ArrayList<>(counts.size());
        for (ProductionCount p : counts) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("machine_id", p.machineId().toString());
            row.put("timestamp", Times.iso(p.timestamp()));
            row.put("production_count", p.productionCount());
            row.put("bad_count", p.badCount());
            rows.add(row);
        }
        return Json.write(Json.PLAIN, Map.of("production", rows));
    }

    public void readings(List<Reading> readings) throws IOException, InterruptedException {
        post("/api/v1/readings", readingsBody(readings), readings.size());
    }

    public void production(List<ProductionCount> counts) throws IOException, InterruptedException {
        post("/api/v1/production", productionBody(counts), counts.size());
    }

    /** Posts one batch; anything but a 200 that accepted every row is an exception (the caller retries). */
    private void post(String path, String body, int rows) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .header("x-api-key", KeyStore.LOCAL_DEVELOPMENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"accepted\":" + rows)) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
