package io.wattline.local;

import io.wattline.domain.Machine;
import io.wattline.store.CatalogStore;
import io.wattline.store.StateStore;
import io.wattline.store.TelemetryStore;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the demo plant when the store is empty, and tops it up to "now" on later starts, so the
 * demo always ends at the present. Writes go through the same telemetry port (and roll-ups) as
 * ingestion. Prints a progress line while it works.
 */
public final class Seeder {
    private static final Logger LOG = LoggerFactory.getLogger(Seeder.class);
    private static final Duration CHUNK = Duration.ofDays(1);

    private final CatalogStore catalog;
    private final TelemetryStore telemetry;
    private final StateStore state;
    private final PrintStream progress;

    public Seeder(CatalogStore catalog, TelemetryStore telemetry, StateStore state, PrintStream progress) {
        this.catalog = catalog;
        this.telemetry = telemetry;
        this.state = state;
        this.progress = progress;
    }

    /**
     * What a run did.
     *
     * @param end the exclusive end of the data it leaves behind (the live feed continues from there)
     */
    public record Result(long readings, long production, boolean firstSeeding, Instant anchor, Instant end, Duration took) {}

    /**
     * @param days  how far back the first seeding reaches
     * @param seed  the generator seed (the same seed gives the same plant)
     */
    public Result run(int days, long seed, Instant now) throws InterruptedException {
        long t0 = System.nanoTime();
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        Instant candidate = end.truncatedTo(ChronoUnit.HOURS);
        Instant anchor = anchor(candidate);
        boolean first = anchor.equals(candidate);
        DemoPlant plant = new DemoPlant(seed, anchor);
        DemoPlant.FACTORIES.forEach(catalog::put);
        DemoPlant.DEPARTMENTS.forEach(catalog::put);
        DemoPlant.MACHINES.forEach(catalog::put);
        DemoPlant.TARIFFS.forEach(catalog::put);
        DemoPlant.CARBON.forEach(catalog::put);

        Instant earliest = end.minus(Duration.ofDays(days));
        List<Span> work = new ArrayList<>();
        for (Machine m : DemoPlant.MACHINES) {
            Instant from = telemetry.latest(m.id()).map(r -> r.timestamp().plusSeconds(1)).orElse(earliest);
            for (Instant t = from; t.isBefore(end); t = t.plus(CHUNK)) {
                Instant to = t.plus(CHUNK).isBefore(end) ? t.plus(CHUNK) : end;
                work.add(new Span(m, t, to));
            }
        }
        if (work.isEmpty()) return new Result(0, 0, false, anchor, end, Duration.ofNanos(System.nanoTime() - t0));
        AtomicLong readings = new AtomicLong(), production = new AtomicLong(), done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(2 * Runtime.getRuntime().availableProcessors());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Span s : work) {
                futures.add(pool.submit(() -> {
                    DemoPlant.Batch batch = plant.generate(s.machine, s.from, s.to);
                    telemetry.write(batch.readings(), batch.production());
                    readings.addAndGet(batch.readings().size());
                    production.addAndGet(batch.production().size());
                    done.incrementAndGet();
                }));
            }
            for (var f : DemoPlant.FACTORIES) {
                Instant from = work.stream().map(Span::from).min(Instant::compareTo).orElse(end);
                telemetry.writeOutdoorTemperatures(plant.weather(f.id(), from, end));
            }
            long lastPrint = 0;
            while (done.get() < work.size()) {
                Thread.sleep(200);
                if (System.nanoTime() - lastPrint > 1_000_000_000L) {
                    lastPrint = System.nanoTime();
                    printProgress(done.get(), work.size(), readings.get(), t0);
                }
                for (Future<?> f : futures) {
                    if (f.isDone()) {
                        try {
                            f.get();
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw new IllegalStateException("seeding failed: " + e.getCause(), e.getCause());
                        }
                    }
                }
            }
            printProgress(done.get(), work.size(), readings.get(), t0);
            progress.println();
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("demo plant {}: {} readings, {} production counts in {} s", first ? "seeded" : "topped up",
                readings.get(), production.get(), took.toSeconds());
        return new Result(readings.get(), production.get(), first, anchor, end, took);
    }

    private void printProgress(long done, long total, long readings, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = readings / Math.max(seconds, 1e-3);
        long eta = done == 0 ? 0 : Math.round(seconds * (total - done) / done);
        progress.printf("\rseeding demo plant: %3d%% (%d/%d machine-days), %,d readings, %,.0f readings/s, ETA %d s   ",
                total == 0 ? 100 : done * 100 / total, done, total, readings, rate, eta);
        progress.flush();
    }

    /** The instant the demo was first seeded; written once (a conditional first write), so incidents stay put. */
    private Instant anchor(Instant candidate) {
        try {
            state.put("demo", "anchor", "\"" + candidate + "\"", 0);
            return candidate;
        } catch (StateStore.StaleVersionException exists) {
            String json = state.get("demo", "anchor").orElseThrow().json();
            return Instant.parse(json.substring(1, json.length() - 1));
        }
    }

    private record Span(Machine machine, Instant from, Instant to) {}
}
