package io.wattline.bench.kpi;

import io.wattline.analytics.kpi.DailyKpiSnapshot;
import io.wattline.analytics.kpi.PeriodReader;
import io.wattline.analytics.kpi.TouSchedule;
import io.wattline.bench.Report;
import io.wattline.domain.Machine;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.local.DemoPlant;
import io.wattline.local.LocalCloud;
import io.wattline.kpi.store.KpiSnapshotStore;
import io.wattline.store.TelemetryStore;
import io.wattline.kpi.store.DynamoKpiSnapshotStore;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/kpi/all} for one machine over 1, 30 and 365 days of 1-minute data on the local
 * cloud (DynamoDB Local in process, the HTTP gateway), warm p50/p95, against the naive computation
 * from raw points (read through the same telemetry port) in the same run. Writes the {@code kpi}
 * section of {@code docs/BENCHMARKS.md}.
 *
 * <p>Run: {@code ./wattline bench kpi [--days 365] [--iterations 30]}, i.e.
 * {@code mvn -B -q -pl bench -am compile -Dbench.main=io.wattline.bench.kpi.KpiBench -Dexec.args="..."}.
 */
public final class KpiBench {
    static final String COMMAND = "./wattline bench kpi";
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    /** Keeps the naive results observable. */
    static volatile double sink;

    private KpiBench() {}

    public static void main(String[] args) throws Exception {
        int days = 365, iterations = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path root = repoRoot();
        Path data = Files.createTempDirectory("kpi-bench");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().withDataDir(data).withInMemory(true)
                .withPort(0).withSeedDays(0).withScheduler(false).withLive(false).withProgress(quiet))) {
            run(cloud, root, days, iterations);
        }
    }

    static void run(LocalCloud cloud, Path root, int days, int iterations) throws Exception {
        DemoPlant.FACTORIES.forEach(cloud.stores().catalog()::put);
        DemoPlant.DEPARTMENTS.forEach(cloud.stores().catalog()::put);
        DemoPlant.MACHINES.forEach(cloud.stores().catalog()::put);
        DemoPlant.TARIFFS.forEach(cloud.stores().catalog()::put);
        DemoPlant.CARBON.forEach(cloud.stores().catalog()::put);
        Machine machine = DemoPlant.MACHINES.get(0); // Compressor-1, Los Angeles, ToU tariff with demand charge
        TelemetryStore telemetry = cloud.stores().telemetry();

        Instant dataEnd = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant dataStart = dataEnd.minus(Duration.ofDays(days + 1));
        DemoPlant plant = new DemoPlant(42, dataEnd);
        long t0 = System.nanoTime(), points = 0;
        for (Instant t = dataStart; t.isBefore(dataEnd); t = t.plus(Duration.ofDays(1))) {
            DemoPlant.Batch b = plant.generate(machine, t, t.plus(Duration.ofDays(1)).isAfter(dataEnd) ? dataEnd : t.plus(Duration.ofDays(1)));
            telemetry.write(b.readings(), b.production());
            points += b.readings().size() + b.production().size();
        }
        double ingestSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "ingested %,d points (%d days) in %.1f s%n", points, days + 1, ingestSeconds);

        HttpClient http = HttpClient.newHttpClient();
        Instant end = dataEnd.minus(Duration.ofMinutes(17)).minusSeconds(23); // edges off the quarter hour
        int[] spans = {1, 30, days};
        Map<Integer, String> urls = new LinkedHashMap<>();
        for (int d : spans) {
            urls.put(d, cloud.url() + "/api/v1/kpi/all?machine_id=" + machine.id() + "&start="
                    + end.minus(Duration.ofDays(d)) + "&end=" + end);
        }

        // first calls: no snapshots yet, every whole day is read from 15-minute roll-ups (and then stored)
        Map<Integer, Double> cold = new LinkedHashMap<>();
        for (int d : new int[]{days, 30, 1}) cold.put(d, time(http, urls.get(d)));
        for (int w = 0; w < 3; w++) for (int d : spans) time(http, urls.get(d));

        Map<Integer, double[]> warm = new LinkedHashMap<>();
        for (int d : spans) warm.put(d, new double[iterations]);
        for (int i = 0; i < iterations; i++) {
            for (int d : spans) warm.get(d)[i] = time(http, urls.get(d));
        }

        // what a warm read touches
        KpiSnapshotStore snapshots = new DynamoKpiSnapshotStore(cloud.stores().dynamoDb(), cloud.settings().tables().state());
        TouSchedule tou = new TouSchedule(DemoPlant.TARIFFS.get(0), LA);
        Map<Integer, PeriodReader.Read> reads = new LinkedHashMap<>();
        for (int d : spans) {
            reads.put(d, PeriodReader.read(machine.id(), end.minus(Duration.ofDays(d)), end, LA, tou,
                    source(telemetry, snapshots, machine), Instant.now()));
        }

        // the naive way: every raw point of the period through the same port
        Map<Integer, double[]> naive = new LinkedHashMap<>();
        Map<Integer, Integer> rawCount = new LinkedHashMap<>();
        for (int d : spans) {
            int n = d >= 365 ? 3 : d >= 30 ? 5 : 10;
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                long a = System.nanoTime();
                rawCount.put(d, naiveKpis(telemetry, machine, end.minus(Duration.ofDays(d)), end));
                s[i] = (System.nanoTime() - a) / 1e6;
            }
            naive.put(d, s);
        }

        StringBuilder md = new StringBuilder(Report.header("KPIs over long ranges (GET /api/v1/kpi/all)", COMMAND));
        md.append(String.format(Locale.ROOT, "One machine (Compressor-1, Los Angeles, time-of-use tariff with demand charge), "
                + "%,d points of 1-minute demo data over %d days written through the telemetry port (%.0f s) into "
                + "DynamoDB Local in process; requests over HTTP through the local gateway, periods ending %s "
                + "(edges off the quarter hour). Warm: %d calls per period after 3 warm-up rounds, day snapshots stored "
                + "by the first calls. Naive: every raw reading and production count of the period read through the "
                + "same port and the KPIs computed from them, in the same run.%n%n", points, days + 1, ingestSeconds,
                end, iterations));
        md.append("| period | first call (no snapshots) ms | warm p50 ms | warm p95 ms | items read (snapshots + 15-min roll-ups + raw edge points) | naive p50 ms | raw points | naive ÷ warm p50 |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        double p50day = Report.percentile(warm.get(1), 50);
        for (int d : spans) {
            double p50 = Report.percentile(warm.get(d), 50), p95 = Report.percentile(warm.get(d), 95);
            double n50 = Report.percentile(naive.get(d), 50);
            PeriodReader.Read r = reads.get(d);
            md.append(String.format(Locale.ROOT, "| %d day%s | %.0f | %.1f | %.1f | %d (%d + %d + %d) | %.0f | %,d | %.0f× |%n",
                    d, d == 1 ? "" : "s", cold.get(d), p50, p95, r.items(), r.snapshots(), r.quarters(), r.rawPoints(),
                    n50, rawCount.get(d), n50 / p50));
        }
        md.append(String.format(Locale.ROOT, "%nThe %d-day warm p50 is %.1f× the 1-day warm p50. Load average at the end "
                + "of the run: %s (other processes share the cores; p95 and the naive figures are the most affected).%n", days,
                Report.percentile(warm.get(days), 50) / p50day, loadAverage()));
        Report.write(root.resolve("docs/BENCHMARKS.md"), "kpi", md.toString());
        System.out.println(md);
    }

    static double time(HttpClient http, String url) throws Exception {
        long a = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).header("x-api-key", io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - a) / 1e6;
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        return ms;
    }

    static PeriodReader.Source source(TelemetryStore t, KpiSnapshotStore s, Machine m) {
        return new PeriodReader.Source() {
            @Override public List<DailyKpiSnapshot> snapshots(LocalDate first, LocalDate last) { return s.range(m.id(), first, last); }
            @Override public List<Rollup> quarters(Instant from, Instant to) { return t.rollups(m.id(), Resolution.MIN15, from, to); }
            @Override public List<Reading> readings(Instant from, Instant to) { return t.readings(m.id(), from, to); }
            @Override public List<ProductionCount> production(Instant from, Instant to) { return t.production(m.id(), from, to); }
        };
    }

    /** The KPIs from raw points; returns how many points were read. */
    static int naiveKpis(TelemetryStore t, Machine m, Instant from, Instant to) {
        List<Reading> rs = t.readings(m.id(), from, to);
        List<ProductionCount> ps = t.production(m.id(), from, to);
        double e = 0, sum = 0, cost = 0;
        Map<Long, double[]> q = new TreeMap<>();
        for (Reading r : rs) {
            e += r.energyKwh();
            sum += r.powerKw();
            ZonedDateTime z = r.timestamp().atZone(LA);
            cost += r.energyKwh() * (z.getDayOfWeek().getValue() <= 5 && z.getHour() >= 9 && z.getHour() < 21 ? 0.25 : 0.10);
            long s = r.timestamp().getEpochSecond();
            double[] a = q.computeIfAbsent(Math.max(s - Math.floorMod(s, 900), from.getEpochSecond()), k -> new double[2]);
            a[0] += r.powerKw();
            a[1]++;
        }
        long units = 0;
        for (ProductionCount p : ps) units += p.productionCount();
        double peak = 0;
        for (double[] a : q.values()) peak = Math.max(peak, a[0] / a[1]);
        double avg = sum / Math.max(1, rs.size());
        sink = e / Math.max(1, units) + avg / peak + cost + 15 * peak + e * 0.22;
        return rs.size() + ps.size();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The checkout ({@link io.wattline.bench.data.DataPlaneBench#root}: {@code -Dwattline.root}, else found upwards). */
    public static Path repoRoot() {
        return io.wattline.bench.data.DataPlaneBench.root();
    }
}
