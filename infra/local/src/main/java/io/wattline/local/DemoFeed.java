package io.wattline.local;

import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.store.TelemetryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo plant live, as meter gateways feed a real one: a few seconds after every minute it posts
 * each machine's new readings to {@code POST /api/v1/readings} (and, once an hour is over, its production to
 * {@code POST /api/v1/production}) through the local gateway, and writes the hour's outdoor temperature
 * (which has no ingestion route) through the telemetry port. The values are the {@link DemoPlant}'s, so a
 * fed minute equals what seeding would have written; a round that fails is retried whole on the next one
 * (writes are idempotent), so a pause only delays minutes, never loses them.
 */
public final class DemoFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoFeed.class);
    /** A few seconds into each minute: the demo plant models the minute's reading (its start's power, its energy) at once. */
    static final Duration DELAY = Duration.ofSeconds(2);

    private final DemoPlant plant;
    private final IngestClient ingest;
    private final TelemetryStore telemetry;
    private final int maxRows;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-feed");
        t.setDaemon(true);
        return t;
    });
    private Instant fedUntil;
    private boolean failing;

    /**
     * @param fedUntil the exclusive end of what is already written (the seeder's end)
     * @param maxRows  rows per request (the ingestion API's {@code MAX_BATCH_ROWS})
     */
    public DemoFeed(DemoPlant plant, IngestClient ingest, TelemetryStore telemetry, Instant fedUntil, int maxRows) {
        this.plant = plant;
        this.ingest = ingest;
        this.telemetry = telemetry;
        this.fedUntil = fedUntil;
        this.maxRows = maxRows;
    }

    /**
     * Runs a round now, before returning (the minutes that passed while the local cloud seeded: on a busy machine a
     * minute or two, which a first caller would otherwise read as a feed that stopped), and then a few seconds after
     * every minute until closed, so {@code latest} is never more than about a minute old.
     */
    public DemoFeed start() {
        tick(Instant.now());
        long now = System.currentTimeMillis();
        long first = 60_000 - now % 60_000 + DELAY.toMillis();
        timer.scheduleAtFixedRate(() -> tick(Instant.now()), first, 60_000, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The exclusive end of what the feed has written. */
    public synchronized Instant fedUntil() {
        return fedUntil;
    }

    /**
     * One round: everything from where the feed stands to the minute of {@code now} (inclusive).
     *
     * @return the readings posted (0 when there was nothing new, or the round failed and will be retried)
     */
    synchronized int tick(Instant now) {
        Instant to = now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
        if (!to.isAfter(fedUntil)) return 0;
        List<Reading> readings = new ArrayList<>();
        List<ProductionCount> production = new ArrayList<>();
        for (Machine m : DemoPlant.MACHINES) {
            DemoPlant.Batch batch = plant.generate(m, fedUntil, to);
            readings.addAll(batch.readings());
            production.addAll(batch.production());
        }
        try {
            for (int i = 0; i < readings.size(); i += maxRows) {
                ingest.readings(readings.subList(i, Math.min(readings.size(), i + maxRows)));
            }
            for (int i = 0; i < production.size(); i += maxRows) {
                ingest.production(production.subList(i, Math.min(production.size(), i + maxRows)));
            }
            for (Factory f : DemoPlant.FACTORIES) telemetry.writeOutdoorTemperatures(plant.weather(f.id(), fedUntil, to));
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            if (!failing) LOG.warn("demo feed: minutes from {} not written yet, retrying every minute: {}", fedUntil, e.toString());
            failing = true;
            return 0;
        }
        if (failing) LOG.info("demo feed: caught up to {}", to);
        failing = false;
        fedUntil = to;
        return readings.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
