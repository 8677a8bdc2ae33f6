package io.wattline.bench.crash;

import io.wattline.bench.Report;
import io.wattline.config.Settings;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.KeyStore;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.dynamodb.DynamoTelemetryStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code kill -9} of the local cloud mid-ingest, repeated: a child JVM runs {@code LocalCloudMain} on a data folder
 * on disk; this process posts batches of readings to it and notes every batch answered 200, kills the child with
 * SIGKILL at a random moment, restarts it on the same folder, and goes on. At the end it reads the store over the
 * wire (DynamoDB Local of the last child): every acknowledged reading must be there, and every hour and day roll-up
 * must equal the sum of its points once {@code repairRollups} has run (as the daily {@code kpi_calculate} job runs
 * it); the roll-ups left behind by the kills are counted before the repair. Writes the {@code crash} section.
 *
 * <p>Run: {@code ./wattline bench crash [--kills 5]}.
 */
public final class CrashBench {
    static final String COMMAND = "./wattline bench crash";
    static final UUID MACHINE = UUID.fromString("c0000000-0000-0000-0000-000000000001");
    static final int BATCH = 120;

    private CrashBench() {}

    public static void main(String[] args) throws Exception {
        int kills = 5;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--kills")) kills = Integer.parseInt(args[++i]);
            else throw new IllegalArgumentException("unknown option " + args[i]);
        }
        Path data = Files.createTempDirectory("wattline-crash-");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Random random = new Random(7);
        Map<Instant, Double> acknowledged = new TreeMap<>();
        // far enough back that every batch is history (the API refuses readings from the future)
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(60));
        long[] next = {0};
        int batches = 0, failed = 0;
        List<String> rounds = new ArrayList<>();
        Process child = null;
        String load0 = Report.loadAverage();
        try {
            for (int round = 0; round <= kills; round++) {
                int port = freePort();
                child = startChild(data, port, round == 0);
                String base = "http://127.0.0.1:" + port;
                long t0 = System.nanoTime();
                awaitHealthy(http, base, child);
                long ready = (System.nanoTime() - t0) / 1_000_000;
                if (round == kills) break; // the last start only to read back
                long killAt = System.nanoTime() + (1500 + random.nextInt(2500)) * 1_000_000L;
                int sentThisRound = 0;
                while (System.nanoTime() < killAt) {
                    Map<Instant, Double> batch = new TreeMap<>();
                    StringBuilder body = new StringBuilder("{\"readings\":[");
                    for (int i = 0; i < BATCH; i++) {
                        Instant t = start.plusSeconds(60 * next[0]++);
                        double kw = 20 + random.nextInt(4000) / 100.0;
                        batch.put(t, kw);
                        if (i > 0) body.append(',');
                        body.append(String.format(Locale.ROOT, "{\"machine_id\":\"%s\",\"timestamp\":\"%s\",\"power_kw\":%.2f,\"energy_kwh\":%.6f}",
                                MACHINE, t, kw, kw / 60));
                    }
                    body.append("]}");
                    batches++;
                    sentThisRound++;
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/readings"))
                                .header("content-type", "application/json").header("x-api-key", KeyStore.LOCAL_DEVELOPMENT_KEY)
                                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) acknowledged.putAll(batch);
                        else failed++;
                    } catch (IOException e) {
                        failed++;
                    }
                }
                // the kill lands while the next batch is in flight
                AtomicBoolean sent = new AtomicBoolean();
                Thread inFlight = Thread.startVirtualThread(() -> {
                    try {
                        StringBuilder body = new StringBuilder("{\"readings\":[");
                        for (int i = 0; i < 2000; i++) {
                            Instant t = start.plusSeconds(60 * (next[0] + i));
                            if (i > 0) body.append(',');
                            body.append(String.format(Locale.ROOT, "{\"machine_id\":\"%s\",\"timestamp\":\"%s\",\"power_kw\":30,\"energy_kwh\":0.5}", MACHINE, t));
                        }
                        body.append("]}");
                        sent.set(true);
                        http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/readings")).header("content-type", "application/json")
                                .header("x-api-key", KeyStore.LOCAL_DEVELOPMENT_KEY).timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        // killed under it: not acknowledged
                    }
                });
                while (!sent.get()) Thread.sleep(1);
                Thread.sleep(random.nextInt(40));
                child.destroyForcibly().waitFor();
                inFlight.join(15_000);
                next[0] += 2000;
                rounds.add(String.format(Locale.ROOT, "| %d | %d ms | %d | killed mid-batch |", round + 1, ready, sentThisRound));
            }

            // read back over the wire from the last child's DynamoDB Local
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(data.resolve("endpoints.env"))) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
            }
            Settings settings = Settings.from(env);
            try (DynamoDbClient db = DynamoDb.client(settings)) {
                DynamoTelemetryStore store = new DynamoTelemetryStore(db, settings);
                Instant from = start, to = start.plusSeconds(60 * next[0]).plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS);
                Map<Instant, Reading> stored = new HashMap<>();
                for (Reading r : store.readings(MACHINE, from, to)) stored.put(r.timestamp(), r);
                int missing = 0;
                for (var e : acknowledged.entrySet()) {
                    Reading r = stored.get(e.getKey());
                    if (r == null || Math.abs(r.powerKw() - e.getValue()) > 0.005) missing++;
                }
                int staleBefore = inconsistent(store, from, to);
                int repaired = store.repairRollups(MACHINE, from, to);
                int staleAfter = inconsistent(store, from, to);
                StringBuilder md = new StringBuilder(Report.header("Crash: kill -9 of the local cloud mid-ingest", COMMAND));
                md.append("- Load average at start: ").append(load0).append("; at end: ").append(Report.loadAverage()).append("\n\n")
                        .append("A child JVM runs the local cloud on a data folder on disk; batches of ").append(BATCH)
                        .append(" one-minute readings of Compressor-1 are posted one after another, and after 1.5-4 s the child is ")
                        .append("killed with SIGKILL while a batch of 2,000 is in flight, then restarted on the same folder.\n\n")
                        .append("| start | ready after | batches posted | end |\n|---:|---:|---:|---|\n");
                rounds.forEach(r -> md.append(r).append('\n'));
                md.append(String.format(Locale.ROOT, "%n| figure | value |%n|---|---:|%n| kills | %d |%n| batches posted / acknowledged (200) | %d / %d |"
                        + "%n| acknowledged readings missing or wrong after the restarts | **%d** of %d |"
                        + "%n| hour and day roll-ups not equal to the sum of their points, before repair | %d |"
                        + "%n| hours repaired by `repairRollups` | %d |%n| roll-ups not equal to their points after repair | **%d** |%n",
                        kills, batches, batches - failed, missing, acknowledged.size(), staleBefore, repaired, staleAfter));
                md.append("\nA batch cut by the kill may be partly stored (its hours written one by one): that part is kept, "
                        + "never acknowledged, and a client re-sending the batch overwrites the same points. The roll-ups of its "
                        + "hours can be behind their points until `repairRollups` runs (daily, in `kpi_calculate`, over the days it "
                        + "snapshots); a run where no kill landed between a batch's points and its roll-ups shows 0 before the "
                        + "repair too: `RollupRepairTest` cuts a write at exactly that point every time.\n");
                System.out.println(md);
                Report.write(repoRoot().resolve("docs/BENCHMARKS.md"), "crash", md.toString());
            }
        } finally {
            if (child != null && child.isAlive()) child.destroyForcibly().waitFor();
        }
    }

    /** Hour roll-ups whose energy differs from the sum of their points, and day roll-ups that differ from their hours. */
    static int inconsistent(DynamoTelemetryStore store, Instant from, Instant to) {
        Map<Instant, Double> points = new HashMap<>();
        for (Reading r : store.readings(MACHINE, from, to)) points.merge(r.timestamp().truncatedTo(ChronoUnit.HOURS), r.energyKwh(), Double::sum);
        int bad = 0;
        Map<Instant, Double> hours = new HashMap<>();
        for (Rollup h : store.rollups(MACHINE, Resolution.HOUR, from, to)) {
            hours.put(h.bucket(), h.energyKwh());
            if (Math.abs(h.energyKwh() - points.getOrDefault(h.bucket(), 0.0)) > 1e-6) bad++;
        }
        for (Instant hour : points.keySet()) if (!hours.containsKey(hour)) bad++;
        Map<Instant, Double> perDay = new HashMap<>();
        points.forEach((h, e) -> perDay.merge(h.truncatedTo(ChronoUnit.DAYS), e, Double::sum));
        for (Rollup d : store.rollups(MACHINE, Resolution.DAY, from, to)) {
            if (Math.abs(d.energyKwh() - perDay.getOrDefault(d.bucket(), 0.0)) > 1e-6) bad++;
        }
        return bad;
    }

    /** The local cloud in a child JVM on {@code data}; it seeds a day of the demo plant when the folder is empty. */
    static Process startChild(Path data, int port, boolean seed) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath(),
                "io.wattline.local.LocalCloudMain", "--data", data.toString(), "--port", Integer.toString(port),
                "--days", "1", "--no-scheduler", "--no-live"));
        Map<String, String> props = new TreeMap<>();
        for (String k : List.of("sqlite4java.library.path")) if (System.getProperty(k) != null) props.put(k, System.getProperty(k));
        props.forEach((k, v) -> cmd.add(2, "-D" + k + "=" + v));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(data.resolve("child.log").toFile()).start();
    }

    /** This program's class path: the class loader's (Maven's exec:java runs it in its own loader), else the JVM's. */
    static String classPath() {
        if (CrashBench.class.getClassLoader() instanceof java.net.URLClassLoader u) {
            List<String> parts = new ArrayList<>();
            for (java.net.URL url : u.getURLs()) {
                try {
                    parts.add(Path.of(url.toURI()).toString());
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return String.join(java.io.File.pathSeparator, parts);
        }
        return System.getProperty("java.class.path");
    }

    static void awaitHealthy(HttpClient http, String base, Process child) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) throw new IllegalStateException("the local cloud ended before it answered; see its log");
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no healthy local cloud within 180 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("wattline"))) p = p.getParent();
        return p == null ? Path.of("").toAbsolutePath() : p;
    }
}
