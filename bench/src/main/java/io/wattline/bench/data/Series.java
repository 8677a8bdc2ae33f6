package io.wattline.bench.data;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.domain.Reading;
import io.wattline.store.TelemetryStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/timeseries/energy} over 30 days of one machine, warm, against the reference:
 * the same answer computed from raw points (every reading of the 30 days read with
 * {@code TelemetryStore.readings} and summed into buckets in process). The two alternate request by
 * request, in ABBA order. The API is timed end to end over HTTP (gateway, event JSON, function,
 * DynamoDB Local, response JSON, body read); the reference has no HTTP and no JSON.
 */
final class Series {
    record Result(String interval, int warmups, int samples, int buckets, int readings, long responseBytes,
                  double[] apiMs, double[] rawMs, double maxDifferenceKwh) {}

    private final URI url;
    private final TelemetryStore telemetry;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final UUID machine;
    private final Instant start, end;

    Series(URI url, TelemetryStore telemetry, UUID machine, Instant start, Instant end) {
        this.url = url;
        this.telemetry = telemetry;
        this.machine = machine;
        this.start = start;
        this.end = end;
    }

    Result run(String interval, Duration bucket, int warmups, int samples) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/api/v1/timeseries/energy?machine_id=" + machine
                + "&start_time=" + start + "&end_time=" + end + "&interval=" + interval)).header("x-api-key", io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY).GET().build();
        double[] apiMs = new double[samples], rawMs = new double[samples];
        byte[] lastBody = null;
        Raw lastRaw = null;
        for (int i = -warmups; i < samples; i++) {
            boolean apiFirst = Math.floorMod(i, 4) == 0 || Math.floorMod(i, 4) == 3; // ABBA
            double a = 0, r = 0;
            for (int k = 0; k < 2; k++) {
                if ((k == 0) == apiFirst) {
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    a = (System.nanoTime() - t0) / 1e6;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(interval + " answered " + response.statusCode() + ": "
                                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                    lastBody = response.body();
                } else {
                    long t0 = System.nanoTime();
                    lastRaw = raw(bucket.toMillis());
                    r = (System.nanoTime() - t0) / 1e6;
                }
            }
            if (i >= 0) {
                apiMs[i] = a;
                rawMs[i] = r;
            }
        }
        // the two answers must be the same answer
        JsonNode points = JsonTrees.readTree(lastBody).path("data_points");
        int nonEmpty = 0;
        double maxDiff = 0;
        int p = 0;
        for (int b = 0; b < lastRaw.energy.length; b++) {
            if (lastRaw.count[b] == 0) continue;
            nonEmpty++;
            if (p >= points.size()) throw new IllegalStateException(interval + ": the API has fewer buckets than the raw points");
            JsonNode point = points.get(p++);
            Instant t = OffsetDateTime.parse(point.path("timestamp").asText()).toInstant();
            Instant expected = Instant.ofEpochMilli(lastRaw.base + b * bucket.toMillis());
            if (!t.equals(expected)) throw new IllegalStateException(interval + ": bucket " + t + ", expected " + expected);
            maxDiff = Math.max(maxDiff, Math.abs(point.path("value").asDouble() - lastRaw.energy[b]));
        }
        if (p != points.size()) throw new IllegalStateException(interval + ": the API has more buckets than the raw points");
        if (maxDiff > 2e-6) throw new IllegalStateException(interval + ": answers differ by " + maxDiff + " kWh");
        return new Result(interval, warmups, samples, nonEmpty, lastRaw.readings, lastBody.length, apiMs, rawMs, maxDiff);
    }

    /** The reference answer: energy per bucket from every raw reading of the range. */
    private record Raw(long base, double[] energy, int[] count, int readings) {}

    private Raw raw(long len) {
        List<Reading> readings = telemetry.readings(machine, start, end);
        long base = Math.floorDiv(start.toEpochMilli(), len) * len;
        int n = (int) ((end.toEpochMilli() - 1 - base) / len) + 1;
        double[] energy = new double[n];
        int[] count = new int[n];
        for (Reading r : readings) {
            int b = (int) ((r.timestamp().toEpochMilli() - base) / len);
            energy[b] += r.energyKwh();
            count[b]++;
        }
        return new Raw(base, energy, count, readings.size());
    }
}
