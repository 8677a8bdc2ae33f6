package io.wattline.bench.data;

import io.wattline.bench.Report;
import io.wattline.domain.Machine;
import io.wattline.domain.Reading;
import io.wattline.local.DemoPlant;
import io.wattline.local.LocalCloud;
import io.wattline.local.Seeder;
import io.wattline.store.TelemetryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The data-plane figures of issue 2, written to the section "data-plane" of {@code docs/BENCHMARKS.md}:
 * <ol>
 *   <li>seeding 30 days of the demo plant, and ingestion over HTTP at batch sizes 100 and 1,000, each
 *       against writing the same kind of batch in process;</li>
 *   <li>{@code GET /api/v1/timeseries/energy} over 30 days at {@code 1hour} and {@code 1min}, warm,
 *       against computing the same answer from raw points;</li>
 *   <li>cold start of each function from its shaded jar in a fresh JVM, against a hello-world JVM.</li>
 * </ol>
 * It starts the local cloud in this JVM (DynamoDB Local in memory, data under a temporary folder,
 * gateway on a free port, no scheduler). Run it with
 * {@code mvn -B -q -pl bench -am compile -Dbench.main=io.wattline.bench.data.DataPlaneBench}, after
 * building the function jars ({@code mvn -B -q -pl functions/data -am package -DskipTests}).
 */
public final class DataPlaneBench {
    static final String SECTION = "data-plane";
    static final String COMMAND = "./wattline bench data";

    /** {@code -Ddataplane.quick=true}: a few samples of everything over 2 days, printed and not written (a smoke test). */
    static final boolean QUICK = Boolean.getBoolean("dataplane.quick");
    static final int SEED_DAYS = QUICK ? 2 : 30;
    static final int[][] INGEST = QUICK ? new int[][]{{100, 1, 2}, {1000, 1, 1}}
            : new int[][]{{100, 3, 30}, {1000, 2, 12}}; // batch size, warm-up pairs, measured pairs
    static final int SERIES_WARMUPS = QUICK ? 1 : 5, SERIES_SAMPLES = QUICK ? 3 : 30;
    static final int COLD_RUNS = QUICK ? 1 : 7;

    private DataPlaneBench() {}

    public static void main(String[] args) throws Exception {
        long began = System.nanoTime();
        Path root = root();
        Path work = Files.createTempDirectory("wattline-dataplane-");
        String markdown;
        LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().withInMemory(true).withDataDir(work.resolve("cloud"))
                .withPort(0).withSeedDays(SEED_DAYS).withScheduler(false).withLive(false));
        try {
            double startupSeconds = (System.nanoTime() - began) / 1e9;
            Seeder.Result seeding = cloud.seeding();
            TelemetryStore telemetry = cloud.stores().telemetry();

            // the seeded range, exactly: the last reading closes it, 30 days of minutes before it
            Machine machine = DemoPlant.MACHINES.get(0);
            Reading last = telemetry.latest(machine.id()).orElseThrow(() -> new IllegalStateException("nothing seeded"));
            Instant end = last.timestamp().plusSeconds(60);
            Instant start = end.minus(Duration.ofDays(SEED_DAYS));

            // 1. ingestion, into minutes before the seeded range (never written, outside the 30-day window)
            System.out.println("ingestion ...");
            Ingest ingest = new Ingest(cloud.url(), telemetry, new DemoPlant(42, seeding.anchor()),
                    start.minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.HOURS));
            List<Ingest.Result> ingestion = new ArrayList<>();
            for (int[] s : INGEST) {
                Ingest.Result r = ingest.run(s[0], s[1], s[2]);
                System.out.printf("  batch %d: HTTP %.0f readings/s, direct %.0f readings/s%n", r.batchSize(),
                        r.httpRate(), r.directRate());
                ingestion.add(r);
            }
            if (!ingest.end().isBefore(start)) throw new IllegalStateException("ingestion ran into the seeded range");
            long stored = ingest.stored();
            if (stored != ingest.written()) {
                throw new IllegalStateException("ingested " + ingest.written() + " readings but " + stored + " are stored");
            }

            // 2. time series over the seeded 30 days
            System.out.println("time series ...");
            Series series = new Series(cloud.url(), telemetry, machine.id(), start, end);
            List<Series.Result> timeseries = new ArrayList<>();
            for (var interval : List.of(Map.entry("1hour", Duration.ofHours(1)), Map.entry("1min", Duration.ofMinutes(1)))) {
                Series.Result r = series.run(interval.getKey(), interval.getValue(), SERIES_WARMUPS, SERIES_SAMPLES);
                System.out.printf("  %s: API p50 %.1f ms, raw p50 %.1f ms%n", r.interval(),
                        Report.percentile(r.apiMs(), 50), Report.percentile(r.rawMs(), 50));
                timeseries.add(r);
            }

            // 3. cold start, each function's JVM pointed at this local cloud's DynamoDB
            System.out.println("cold start ...");
            Map<String, String> env = ColdStart.lambdaEnvironment(cloud.settings());
            ColdStart coldStart = new ColdStart(root, env, COLD_RUNS, work);
            List<ColdStart.Result> cold = coldStart.run();

            double totalSeconds = (System.nanoTime() - began) / 1e9;
            markdown = markdown(startupSeconds, seeding, start, end, machine, ingest, ingestion, timeseries, coldStart,
                    cold, totalSeconds);
        } finally {
            cloud.close();
            deleteTree(work);
        }
        System.out.println(markdown);
        if (QUICK) {
            System.out.println("quick run: docs/BENCHMARKS.md left alone");
            return;
        }
        Path file = root.resolve("docs/BENCHMARKS.md");
        Report.write(file, SECTION, markdown);
        System.out.printf("wrote section \"%s\" of %s in %.0f s%n", SECTION, file, (System.nanoTime() - began) / 1e9);
    }

    // ------------------------------------------------------------------ report

    private static String markdown(double startupSeconds, Seeder.Result seeding, Instant start, Instant end, Machine machine,
                                   Ingest ingest, List<Ingest.Result> ingestion, List<Series.Result> timeseries,
                                   ColdStart coldStart, List<ColdStart.Result> cold, double totalSeconds) {
        StringBuilder md = new StringBuilder(Report.header("Data plane: ingestion, time series, cold start", COMMAND)
                .stripTrailing()).append("\n- Code: ").append(revision()).append("\n\n");
        md.append("""
                What ran: one JVM (Maven's, through `exec:java`) started the local cloud in process: DynamoDB Local \
                3.3.1 in memory, S3Proxy, the HTTP gateway on a free loopback port, no scheduler. It seeded %d days \
                of the demo plant, then measured three things, each beside a reference measured in the same run; \
                read the ratios, not the absolute figures: the machine's 2 cores were shared with other builds, and \
                client, gateway, function and DynamoDB Local all ran on them. The whole run took %.0f s \
                (local cloud start with seeding: %.0f s).

                """.formatted(SEED_DAYS, totalSeconds, startupSeconds));

        // seeding and ingestion
        Ingest.Result big = ingestion.get(ingestion.size() - 1);
        double seedRate = seeding.readings() / (seeding.took().toNanos() / 1e9);
        md.append("### 1. Ingestion (readings per second)\n\n");
        md.append("| what | batches (warm-up + measured) | readings/s | reference: in-process `writeReadings`, readings/s | ratio |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (Ingest.Result r : ingestion) {
            int[] spec = spec(r.batchSize());
            md.append("| `POST /api/v1/readings`, batch %,d | %d + %d | %,.0f | %,.0f | %.2f |\n".formatted(r.batchSize(),
                    spec[1], spec[2], r.httpRate(), r.directRate(), r.httpRate() / r.directRate()));
        }
        md.append("| seeding %d days × %d machines (`TelemetryStore.write`, 1 machine-day per call, %d writer threads) "
                .formatted(SEED_DAYS, DemoPlant.MACHINES.size(), 2 * Runtime.getRuntime().availableProcessors()))
                .append("| %,d readings + %,d production counts in %.1f s | %,.0f | %,.0f (in-process, batch %,d, one thread) | %.2f |\n\n"
                        .formatted(seeding.readings(), seeding.production(), seeding.took().toNanos() / 1e9, seedRate,
                                big.directRate(), big.batchSize(), seedRate / big.directRate()));
        md.append("Per-batch latency, ms (p50 / p95): ");
        for (int i = 0; i < ingestion.size(); i++) {
            Ingest.Result r = ingestion.get(i);
            md.append(i == 0 ? "" : "; ").append("batch %,d: HTTP %.0f / %.0f, in-process %.0f / %.0f".formatted(r.batchSize(),
                    Report.percentile(r.httpMs(), 50), Report.percentile(r.httpMs(), 95),
                    Report.percentile(r.directMs(), 50), Report.percentile(r.directMs(), 95)));
        }
        md.append(".\n\n");
        md.append("""
                Batches are 1-minute readings of the %d demo machines (minute by minute, all machines each minute), \
                timestamps never written before (a region before the seeded range), one batch in flight, HTTP and \
                in-process batches alternating (ABBA) on one timestamp cursor. The HTTP path is gateway → API Gateway \
                v2 event JSON → `DataFunction` → validation (one catalogue lookup per machine of the batch) → \
                `DynamoTelemetryStore`; the reference is `DynamoTelemetryStore.writeReadings` alone (hour-item \
                updates, hour and day roll-ups). Afterwards all %,d ingested readings were read back and counted.

                """.formatted(DemoPlant.MACHINES.size(), ingest.written()));

        // time series
        md.append("### 2. `GET /api/v1/timeseries/energy`, %d days of one machine, warm\n\n".formatted(SEED_DAYS));
        md.append("| interval | buckets | response | API p50 ms | API p95 ms | reference p50 ms | reference p95 ms "
                + "| ratio p50 | ratio p95 |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Series.Result r : timeseries) {
            double a50 = Report.percentile(r.apiMs(), 50), a95 = Report.percentile(r.apiMs(), 95);
            double r50 = Report.percentile(r.rawMs(), 50), r95 = Report.percentile(r.rawMs(), 95);
            md.append("| `%s` | %,d | %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |\n".formatted(r.interval(), r.buckets(),
                    size(r.responseBytes()), a50, a95, r50, r95, a50 / r50, a95 / r95));
        }
        Series.Result first = timeseries.get(0);
        md.append("""

                Machine %s (`%s`), range `%s` to `%s` (exactly the seeded %d days, %,d readings). Each interval: \
                %d warm-up + %d measured requests, alternating (ABBA) with the reference, which reads every raw \
                reading of the range with `TelemetryStore.readings` and sums energy into the same buckets in \
                process (no HTTP, no JSON). The API is timed end to end over HTTP: gateway, event JSON, \
                `DataFunction`, DynamoDB Local, response JSON, body read. Both answers were compared bucket by \
                bucket: %s. `1hour` is answered from the hour roll-ups (raw points only for the two partial edge \
                hours); `1min` from raw points, for which `RangeRollups` queries the same hour items twice \
                (readings, then production), and the response carries %s of JSON.

                """.formatted(machine.name(), machine.id(), start, end, SEED_DAYS, first.readings(), SERIES_WARMUPS,
                SERIES_SAMPLES, agreement(timeseries), size(timeseries.get(timeseries.size() - 1).responseBytes())));

        // cold start
        md.append("### 3. Cold start from the shaded jar (fresh JVM per run)\n\n");
        if (cold.isEmpty() && coldStart.skipped.isEmpty()) {
            md.append("No function module was found under functions/.\n\n");
        } else if (!cold.isEmpty()) {
            md.append("| function | jar | JVM flags | runs | JVM start → handler constructed ms | → first response (no I/O) ms "
                    + "| → second response (reads its store) ms | reference: hello-world JVM ms | ratio first | ratio second |\n");
            md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (ColdStart.Result r : cold) {
                double f = ColdStart.median(r.firstMs()), s = ColdStart.median(r.secondMs()), h = ColdStart.median(r.helloMs());
                md.append("| `%s`%s | %.1f MiB | %s | %d | %s | %s | %s | %s | %.1f | %.1f |\n".formatted(r.function(),
                        r.jarOlderThanSources() ? " (jar older than its sources!)" : "", r.jarMiB(), r.config().label(),
                        r.runs(), range(r.initMs()), range(r.firstMs()), range(r.secondMs()), range(r.helloMs()), f / h, s / h));
            }
            md.append("""

                    Medians, with (min–max) of the runs. Each run spawns `%s <flags> -cp coldstart-driver.jar:function.jar`; \
                    the clock starts just before the spawn; each column is the arrival of one of the driver's lines. \
                    The driver (JDK classes only, alone in its jar) creates the handler with its no-argument \
                    constructor, as the Lambda runtime does (the end of Lambda's init phase), then passes an API Gateway v2 event for \
                    a request that needs no I/O and then one that reads the function's store to `handleRequest` \
                    with a minimal `Context` (data: `GET /` then `GET /api/v1/machines`; kpi: `GET /api/v1/kpi/all` \
                    without parameters (422) then `GET /api/v1/comparison/available`; calibration: an invalid \
                    `POST /system/inject-fault` (422) then `GET /system/state`; detection: `GET /v1/usage` without a \
                    key (401) then `entire/detect` with the development key); the second builds the DynamoDB client \
                    and queries the local cloud's DynamoDB Local (loopback, no TLS) with `DYNAMODB_ENDPOINT` and the \
                    local keys. No response was a 5xx. The \
                    reference JVM runs the same driver jar, prints at once and ends; it alternates with the \
                    function runs. One discarded launch of each first, so the jar is in the page cache. \
                    The first row uses the plain defaults; the second adds what the Lambda Java 21 managed runtime \
                    sets by default (AWS documents that for Java 17 and 21 it stops tiered compilation at level 1; \
                    serial GC is the small-instance default).

                    Not measured here, and different on AWS: the runtime interface client (it fetches the event \
                    from the Runtime API over HTTP), Corretto 21 instead of this JDK %s, the CPU share of the \
                    function's memory size, and a real DynamoDB over TLS (handshake, credential lookup). **SnapStart** \
                    changes the picture: it restores a snapshot taken at the end of the init phase, so the \
                    "handler constructed" column is replaced by the restore. Every function primes itself before \
                    the snapshot (`LambdaFunction.beforeCheckpoint`: the route table, one request through router, \
                    JSON and error rendering; the data function also builds its DynamoDB client), so part of the \
                    first-response time above moves into the snapshot; how much is not measured here (no SnapStart \
                    outside AWS).

                    """.formatted(coldStart.java(), Runtime.version().feature()));
        }
        if (!coldStart.skipped.isEmpty()) {
            md.append("**Failed or skipped:** ");
            for (int i = 0; i < coldStart.skipped.size(); i++) {
                ColdStart.Skipped s = coldStart.skipped.get(i);
                md.append(i == 0 ? "" : "; ").append("`").append(s.module()).append("`: ").append(s.reason());
            }
            md.append(".\n");
        }
        return md.toString();
    }

    private static int[] spec(int batchSize) {
        for (int[] s : INGEST) if (s[0] == batchSize) return s;
        throw new IllegalArgumentException();
    }

    private static String agreement(List<Series.Result> results) {
        StringBuilder s = new StringBuilder();
        for (Series.Result r : results) {
            s.append(s.isEmpty() ? "" : ", ").append("`%s` %,d/%,d buckets equal (largest difference %.1e kWh)"
                    .formatted(r.interval(), r.buckets(), r.buckets(), r.maxDifferenceKwh()));
        }
        return s.toString();
    }

    /**
     * The code measured: {@code -Dbench.revision} when given (a run outside a git checkout), else the
     * checkout's HEAD and whether sources outside this benchmark had uncommitted changes.
     */
    private static String revision() {
        String given = System.getProperty("bench.revision");
        if (given != null && !given.isBlank()) return given;
        Path root = root();
        String head = git(root, "rev-parse", "--short", "HEAD");
        if (head == null) return "not a git checkout";
        String dirty = git(root, "status", "--porcelain", "--", "shared", "functions", "infra", "pom.xml");
        return "`" + head + "`" + (dirty == null || dirty.isBlank() ? "" : " with uncommitted changes in shared/, functions/ or infra/");
    }

    private static String git(Path dir, String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String range(double[] v) {
        double min = Double.MAX_VALUE, max = 0;
        for (double d : v) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        return "%.0f (%.0f–%.0f)".formatted(ColdStart.median(v), min, max);
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? "%.1f MiB".formatted(bytes / 1048576.0) : "%.0f KiB".formatted(bytes / 1024.0);
    }

    /** The checkout: {@code -Dwattline.root} (set by bench/pom.xml), else the first parent with docs/ or functions/. */
    public static Path root() {
        String configured = System.getProperty("wattline.root");
        if (configured != null) return Path.of(configured).toAbsolutePath().normalize();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("functions")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("cannot find the checkout; set -Dwattline.root");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
