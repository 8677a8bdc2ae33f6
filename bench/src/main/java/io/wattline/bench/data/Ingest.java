package io.wattline.bench.data;

import io.wattline.domain.Machine;
import io.wattline.domain.Reading;
import io.wattline.local.DemoPlant;
import io.wattline.local.IngestClient;
import io.wattline.store.TelemetryStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingestion throughput: batches of 1-minute readings of the eight demo machines, each batch with
 * timestamps never written before, posted to {@code POST /api/v1/readings} on the local gateway, and
 * (the reference) the same kind of batch written in process with {@code TelemetryStore.writeReadings}.
 * The two paths alternate batch by batch (ABBA order) and share one timestamp cursor, so both append to
 * hour items in the same state. Request bodies are built before the clock starts.
 */
final class Ingest {
    /** One batch size's figures: wall time of the measured batches of each path. */
    record Result(int batchSize, int batches, double httpSeconds, double directSeconds, double[] httpMs,
                  double[] directMs) {
        double httpRate() { return (double) batchSize * batches / httpSeconds; }
        double directRate() { return (double) batchSize * batches / directSeconds; }
    }

    private final URI url;
    private final TelemetryStore telemetry;
    private final DemoPlant plant;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Instant first;
    private long cursor; // readings handed out so far: minute = cursor / 8, machine = cursor % 8

    /**
     * @param first the first minute to write; the region from there on must hold no data
     */
    Ingest(URI url, TelemetryStore telemetry, DemoPlant plant, Instant first) {
        this.url = url;
        this.telemetry = telemetry;
        this.plant = plant;
        this.first = first;
    }

    Instant first() { return first; }

    /** The end (exclusive) of the minutes handed out so far. */
    Instant end() {
        return first.plusSeconds(60 * ((cursor + DemoPlant.MACHINES.size() - 1) / DemoPlant.MACHINES.size()));
    }

    long written() { return cursor; }

    Result run(int batchSize, int warmups, int batches) throws IOException, InterruptedException {
        for (int i = 0; i < warmups; i++) {
            http(next(batchSize));
            direct(next(batchSize));
        }
        double[] httpMs = new double[batches], directMs = new double[batches];
        for (int i = 0; i < batches; i++) {
            boolean httpFirst = i % 4 == 0 || i % 4 == 3; // ABBA
            List<Reading> a = next(batchSize), b = next(batchSize);
            if (httpFirst) {
                httpMs[i] = http(a);
                directMs[i] = direct(b);
            } else {
                directMs[i] = direct(a);
                httpMs[i] = http(b);
            }
        }
        return new Result(batchSize, batches, sum(httpMs) / 1000, sum(directMs) / 1000, httpMs, directMs);
    }

    private List<Reading> next(int n) {
        List<Reading> out = new ArrayList<>(n);
        int machines = DemoPlant.MACHINES.size();
        for (int i = 0; i < n; i++, cursor++) {
            Machine m = DemoPlant.MACHINES.get((int) (cursor % machines));
            out.add(plant.reading(m, first.plusSeconds(60 * (cursor / machines))));
        }
        return out;
    }

    /** Posts the batch; returns the round trip in ms (body built before the clock starts). */
    private double http(List<Reading> batch) throws IOException, InterruptedException {
        String body = IngestClient.readingsBody(batch);
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/api/v1/readings")).header("x-api-key", io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (response.statusCode() != 200 || !response.body().contains("\"accepted\":" + batch.size())) {
            throw new IllegalStateException("ingestion answered " + response.statusCode() + ": " + response.body());
        }
        return ms;
    }

    private double direct(List<Reading> batch) {
        long t0 = System.nanoTime();
        telemetry.writeReadings(batch);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Readings stored in the ingestion region, over all machines (every batch must have landed). */
    long stored() {
        long n = 0;
        for (Machine m : DemoPlant.MACHINES) n += telemetry.readings(m.id(), first, end()).size();
        return n;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s;
    }
}
