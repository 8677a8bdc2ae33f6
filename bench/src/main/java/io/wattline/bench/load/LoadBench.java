package io.wattline.bench.load;

import io.wattline.bench.Report;
import io.wattline.local.LocalCloud;
import io.wattline.store.KeyStore;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mixed reads at a fixed rate over HTTP against the local cloud (started in this JVM, in memory, one seeded day,
 * or {@code --url} of one already running): the machine list, latest readings, a day of hourly energy, a day of
 * KPIs and the health, with the development key. Open loop: each request is sent at its scheduled time whatever
 * the earlier ones are doing, and its latency counts from that time, so a server that falls behind shows it.
 * Two runs: {@code --rate} (default 200/s) for {@code --seconds} (default 60), then an overload run at five times
 * the rate for a third of the time, where the gateway's bounded queue must answer 429 rather than let latency grow.
 * Writes the {@code load} section of docs/BENCHMARKS.md. Run it alone on the machine.
 *
 * <p>Run: {@code ./wattline bench load [--rate 200] [--seconds 60] [--url http://127.0.0.1:8001]}.
 */
public final class LoadBench {
    static final String COMMAND = "./wattline bench load";
    static final String[] MACHINES = {"c0000000-0000-0000-0000-000000000001", "c0000000-0000-0000-0000-000000000002",
            "c0000000-0000-0000-0000-000000000005", "c0000000-0000-0000-0000-000000000008"};

    private LoadBench() {}

    record Outcome(int status, double ms) {}

    record Run(String name, int rate, int seconds, int sent, Map<Integer, Integer> statuses, int errors, double p50, double p99,
               double max, double achieved) {}

    public static void main(String[] args) throws Exception {
        int rate = 200, seconds = 60;
        String url = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--url" -> url = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String load0 = Report.loadAverage();
        LocalCloud cloud = null;
        if (url == null) {
            Path work = Files.createTempDirectory("wattline-load-");
            cloud = LocalCloud.start(LocalCloud.Options.defaults().withInMemory(true).withDataDir(work).withPort(0)
                    .withSeedDays(1).withScheduler(false).withLive(false).withProgress(new PrintStream(OutputStream.nullOutputStream())));
            url = cloud.url().toString();
        }
        List<Run> runs = new ArrayList<>(), warmUp = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(pool).build()) {
            List<URI> targets = targets(url);
            // a fresh JVM compiles the hot paths in its first seconds: ramp up to the rate, as traffic reaches a new
            // deployment, so that "steady" measures the warm local cloud (the warm-up's figures are reported too)
            warmUp.add(run(http, targets, Math.max(1, rate / 4), 10, "warm-up 1/4"));
            warmUp.add(run(http, targets, Math.max(1, rate / 2), 10, "warm-up 1/2"));
            warmUp.add(run(http, targets, rate, 10, "warm-up 1/1"));
            runs.add(run(http, targets, rate, seconds, "steady"));
            runs.add(run(http, targets, 5 * rate, Math.max(10, seconds / 3), "overload"));
        } finally {
            pool.shutdownNow(); // the client leaves an executor it was given running
            if (cloud != null) cloud.close();
        }
        StringBuilder md = new StringBuilder(Report.header("Load: mixed reads at a fixed rate over HTTP", COMMAND));
        md.append("- Load average at start: ").append(load0).append("; at end: ").append(Report.loadAverage()).append("\n\n")
                .append("The local cloud ").append(cloud != null ? "in this JVM (in-memory DynamoDB Local, one seeded day; "
                        + "the load generator shares the 2 cores with it)" : "at " + url)
                .append("; requests cycle through `GET /api/v1/machines`, `/api/v1/timeseries/latest/{id}`, "
                        + "`/api/v1/timeseries/energy` (a day, hourly), `/api/v1/kpi/all` (a day) and `/api/v1/health`, "
                        + "with the development key. Open loop: latency counts from each request's scheduled time. The fresh JVM first gets 10 s each at a quarter, half and the full rate (the warm-up rows), then the steady and overload runs.\n\n")
                .append("| run | rate req/s | seconds | sent | achieved req/s | statuses | errors | p50 ms | p99 ms | max ms |\n")
                .append("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
        for (Run r : concat(warmUp, runs)) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %s | %d | %.1f | %.1f | %.1f |%n", r.name(), r.rate(),
                    r.seconds(), r.sent(), r.achieved(), r.statuses(), r.errors(), r.p50(), r.p99(), r.max()));
        }
        md.append("\nErrors: no answer, or a status other than 200 and 429. A 429 is the gateway's bounded queue "
                + "(64 requests in functions at once, then up to 2 s of waiting) turning work away with `Retry-After`.\n");
        System.out.println(md);
        Report.write(repoRoot().resolve("docs/BENCHMARKS.md"), "load", md.toString());
    }

    static List<Run> concat(List<Run> a, List<Run> b) {
        List<Run> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static List<URI> targets(String base) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS), start = end.minus(Duration.ofDays(1));
        List<URI> out = new ArrayList<>();
        for (String m : MACHINES) {
            out.add(URI.create(base + "/api/v1/machines"));
            out.add(URI.create(base + "/api/v1/timeseries/latest/" + m));
            out.add(URI.create(base + "/api/v1/timeseries/energy?machine_id=" + m + "&start_time=" + start + "&end_time=" + end
                    + "&interval=1hour"));
            out.add(URI.create(base + "/api/v1/kpi/all?machine_id=" + m + "&start=" + start + "&end=" + end));
            out.add(URI.create(base + "/api/v1/health"));
        }
        return out;
    }

    static Run run(HttpClient http, List<URI> targets, int rate, int seconds, String name) throws InterruptedException {
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicLong sent = new AtomicLong();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate, total = (long) rate * seconds;
        long t0 = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            long i = sent.getAndIncrement();
            if (i >= total) return;
            long scheduled = t0 + i * periodNanos;
            HttpRequest req = HttpRequest.newBuilder(targets.get((int) (i % targets.size()))).timeout(Duration.ofSeconds(30))
                    .header("x-api-key", KeyStore.LOCAL_DEVELOPMENT_KEY).GET().build();
            CompletableFuture<?> f = http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                    .handle((res, err) -> {
                        outcomes.add(new Outcome(err != null ? -1 : res.statusCode(), (System.nanoTime() - scheduled) / 1e6));
                        return null;
                    });
            synchronized (pending) {
                pending.add(f);
            }
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (sent.get() < total) Thread.sleep(50);
        ticker.shutdownNow();
        List<CompletableFuture<?>> all;
        synchronized (pending) {
            all = new ArrayList<>(pending);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<Double> ms = new ArrayList<>();
        int errors = 0;
        for (Outcome o : outcomes) {
            statuses.merge(o.status(), 1, Integer::sum);
            if (o.status() != 200 && o.status() != 429) errors++;
            ms.add(o.ms());
        }
        double[] lat = ms.stream().mapToDouble(Double::doubleValue).toArray();
        double max = ms.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.err.printf(Locale.ROOT, "%s: %d at %d/s, statuses %s, p99 %.1f ms%n", name, outcomes.size(), rate, statuses,
                Report.percentile(lat, 99));
        return new Run(name, rate, seconds, outcomes.size(), statuses, errors, Report.percentile(lat, 50), Report.percentile(lat, 99),
                max, outcomes.size() / wall);
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("wattline"))) p = p.getParent();
        return p == null ? Path.of("").toAbsolutePath() : p;
    }
}
