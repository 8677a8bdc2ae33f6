package io.wattline.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.domain.Machine;
import io.wattline.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The forecasting routes over HTTP against a local cloud (DynamoDB Local, S3Proxy, the gateway): three weeks of the
 * demo plant's Compressor-1, both models trained (versions in the registry, artefacts in S3), forecasts, the peak
 * and the schedule, then a restart on the same data folder: the new functions load the models, they do not retrain.
 */
class ForecastEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String M = "c0000000-0000-0000-0000-000000000001";

    record Answer(int status, JsonNode body) {}

    static Answer call(LocalCloud cloud, String method, String pathAndQuery, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(cloud.url() + pathAndQuery))
                .header("content-type", "application/json")
                .header("x-api-key", io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> response = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), Json.PLAIN.readTree(response.body()));
    }

    static LocalCloud start(Path dir) {
        return LocalCloud.start(LocalCloud.Options.defaults().withDataDir(dir).withPort(0).withSeedDays(0)
                .withScheduler(false).withLive(false).withProgress(new PrintStream(OutputStream.nullOutputStream())));
    }

    @Test
    void trainForecastScheduleAndRestart(@TempDir Path dir) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofDays(21));
        String arimaPath;
        JsonNode demand;
        try (LocalCloud cloud = start(dir)) {
            DemoPlant.FACTORIES.forEach(cloud.stores().catalog()::put);
            DemoPlant.MACHINES.forEach(cloud.stores().catalog()::put);
            DemoPlant.TARIFFS.forEach(cloud.stores().catalog()::put);
            Machine compressor = DemoPlant.MACHINES.get(0);
            DemoPlant plant = new DemoPlant(42, end);
            for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofDays(1))) {
                DemoPlant.Batch b = plant.generate(compressor, t, t.plus(Duration.ofDays(1)));
                cloud.stores().telemetry().write(b.readings(), b.production());
            }
            String period = "\"machine_id\":\"" + M + "\",\"start_date\":\"" + start + "\",\"end_date\":\"" + end + "\"";

            assertEquals(404, call(cloud, "POST", "/api/v1/forecast/predict", "{\"machine_id\":\"" + M + "\",\"forecast_hours\":24}").status());
            Answer arima = call(cloud, "POST", "/api/v1/forecast/train/arima", "{" + period + ",\"model_params\":{\"p\":1,\"d\":1,\"q\":1}}");
            assertEquals(200, arima.status(), arima.body().toString());
            assertEquals("ARIMA(1,0,1)(0,1,1)[168]", arima.body().get("model").asText());
            arimaPath = arima.body().get("model_path").asText();
            assertTrue(arimaPath.startsWith("s3://"), arimaPath);
            assertTrue(arima.body().get("metrics").get("mape").asDouble() > 0);
            Answer prophet = call(cloud, "POST", "/api/v1/forecast/train/prophet", "{" + period + ",\"seasonality_mode\":\"additive\"}");
            assertEquals(200, prophet.status(), prophet.body().toString());

            Answer status = call(cloud, "GET", "/api/v1/forecast/models/" + M, null);
            assertEquals(arimaPath, status.body().get("arima").get("path").asText());
            assertTrue(status.body().get("prophet").get("trained").asBoolean());

            Answer predict = call(cloud, "POST", "/api/v1/forecast/predict",
                    "{\"machine_id\":\"" + M + "\",\"model_type\":\"prophet\",\"forecast_hours\":24}");
            assertEquals(200, predict.status(), predict.body().toString());
            assertEquals("Compressor-1", predict.body().get("machine_name").asText());
            assertEquals(24, predict.body().get("predictions").size());
            assertTrue(predict.body().get("total_predicted_energy").asDouble() > 0);

            demand = call(cloud, "GET", "/api/v1/forecast/demand?machine_id=" + M + "&hours=48&model_type=arima", null).body();
            assertEquals(48, demand.get("predictions").size());

            LocalDate tomorrow = LocalDate.now(ZoneId.of("America/Los_Angeles")).plusDays(1);
            Answer peak = call(cloud, "GET", "/api/v1/forecast/peak?machine_id=" + M + "&date=" + tomorrow, null);
            assertEquals(200, peak.status(), peak.body().toString());
            assertEquals("America/Los_Angeles", peak.body().get("predicted_peak").get("timezone").asText());

            Answer schedule = call(cloud, "POST", "/api/v1/forecast/optimal-schedule", "{\"machine_id\":\"" + M + "\",\"date\":\""
                    + tomorrow + "\",\"constraints\":{\"production_target\":100,\"max_runtime_hours\":20}}");
            assertEquals(200, schedule.status(), schedule.body().toString());
            assertTrue(schedule.body().get("cost_savings").asDouble() >= 0);
            int operating = 0;
            for (JsonNode h : schedule.body().get("schedule")) if (h.get("operate").asBoolean()) operating++;
            assertEquals(schedule.body().get("hours_scheduled").asInt(), operating);

            Answer infeasible = call(cloud, "POST", "/api/v1/forecast/optimal-schedule", "{\"machine_id\":\"" + M + "\",\"date\":\""
                    + tomorrow + "\",\"constraints\":{\"production_target\":100000000,\"max_runtime_hours\":20}}");
            assertEquals(400, infeasible.status());
            assertTrue(infeasible.body().get("detail").asText().startsWith("Production target not reachable: at most"));
        }
        // a restart: cold functions load the stored models (same path, same forecast of the same hours)
        try (LocalCloud cloud = start(dir)) {
            Answer status = call(cloud, "GET", "/api/v1/forecast/models/" + M, null);
            assertEquals(arimaPath, status.body().get("arima").get("path").asText());
            JsonNode again = call(cloud, "GET", "/api/v1/forecast/demand?machine_id=" + M + "&hours=48&model_type=arima", null).body();
            if (again.get("forecast_start").equals(demand.get("forecast_start"))) {
                assertEquals(demand.get("predictions").toString(), again.get("predictions").toString());
            }
            assertEquals(1, status.body().get("arima").get("version").asInt());
        }
    }

    @Test
    void aWeatherForecastPostedToTheApiIsWhatAWeatherModelForecastsFrom(@TempDir Path dir) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofDays(21));
        try (LocalCloud cloud = start(dir)) {
            DemoPlant.FACTORIES.forEach(cloud.stores().catalog()::put);
            DemoPlant.MACHINES.forEach(cloud.stores().catalog()::put);
            DemoPlant.TARIFFS.forEach(cloud.stores().catalog()::put);
            Machine hvac = DemoPlant.MACHINES.stream().filter(m -> m.name().equals("HVAC-EU-North")).findFirst().orElseThrow();
            DemoPlant plant = new DemoPlant(42, end);
            for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofDays(1))) {
                DemoPlant.Batch b = plant.generate(hvac, t, t.plus(Duration.ofDays(1)));
                cloud.stores().telemetry().write(b.readings(), b.production());
            }
            cloud.stores().telemetry().writeOutdoorTemperatures(plant.weather(hvac.factoryId(), start, end));
            Answer trained = call(cloud, "POST", "/api/v1/forecast/train/prophet", "{\"machine_id\":\"" + hvac.id()
                    + "\",\"start_date\":\"" + start + "\",\"end_date\":\"" + end + "\",\"regressors\":\"weather\"}");
            assertEquals(200, trained.status(), trained.body().toString());
            String predict = "{\"machine_id\":\"" + hvac.id() + "\",\"model_type\":\"prophet\",\"forecast_hours\":24}";
            Answer guessed = call(cloud, "POST", "/api/v1/forecast/predict", predict);
            assertEquals(200, guessed.status(), guessed.body().toString());

            // a cold snap forecast for the next day: 15 degrees under the last week's, posted as a client would
            StringBuilder body = new StringBuilder("{\"temperatures\":[");
            for (int h = 1; h <= 24; h++) {
                Instant t = end.plusSeconds(3600L * h);
                double lastWeek = plant.weather(hvac.factoryId(), t.minus(Duration.ofDays(7)), t.minus(Duration.ofDays(7)).plusSeconds(1))
                        .get(0).temperatureC();
                body.append(h == 1 ? "" : ",").append("{\"factory_id\":\"").append(hvac.factoryId()).append("\",\"timestamp\":\"")
                        .append(t).append("\",\"temperature_c\":").append(lastWeek - 15).append('}');
            }
            Answer posted = call(cloud, "POST", "/api/v1/weather", body.append("]}").toString());
            assertEquals(200, posted.status(), posted.body().toString());
            assertEquals(24, posted.body().get("accepted").asInt());
            Answer cold = call(cloud, "POST", "/api/v1/forecast/predict", predict);
            assertEquals(200, cold.status(), cold.body().toString());
            double before = guessed.body().get("total_predicted_energy").asDouble(), after = cold.body().get("total_predicted_energy").asDouble();
            assertTrue(after > 1.1 * before, "the heating the cold snap asks for: " + before + " -> " + after + " kWh");

            // far colder than anything it was fitted on: the weather term extrapolates, the machine does not
            StringBuilder arctic = new StringBuilder("{\"temperatures\":[");
            for (int h = 1; h <= 24; h++) {
                arctic.append(h == 1 ? "" : ",").append("{\"factory_id\":\"").append(hvac.factoryId()).append("\",\"timestamp\":\"")
                        .append(end.plusSeconds(3600L * h)).append("\",\"temperature_c\":-45}");
            }
            assertEquals(200, call(cloud, "POST", "/api/v1/weather", arctic.append("]}").toString()).status());
            Answer capped = call(cloud, "POST", "/api/v1/forecast/predict", predict);
            assertEquals(200, capped.status(), capped.body().toString());
            for (var p : capped.body().get("predictions")) {
                for (String field : List.of("predicted_energy", "lower_bound", "upper_bound")) {
                    assertTrue(p.get(field).asDouble() <= hvac.ratedPowerKw(), "at most its rated power: " + p);
                }
            }
        }
    }
}
