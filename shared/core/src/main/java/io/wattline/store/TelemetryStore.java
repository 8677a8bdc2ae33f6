package io.wattline.store;

import io.wattline.config.Settings;
import io.wattline.domain.OutdoorTemperature;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.domain.TwinSample;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Time series of machines and factories. Writes are idempotent on (series, timestamp): writing a
 * point again replaces it. Roll-ups are kept in step with the points by the same write. Ranges are
 * half-open, {@code [from, to)}, and results come in time order.
 */
public interface TelemetryStore {
    /** Builds the store of an account whose telemetry is in Timestream; that adapter registers one (java.util.ServiceLoader). */
    interface Factory {
        TelemetryStore create(Settings settings);
    }

    void writeReadings(List<Reading> readings);
    void writeProduction(List<ProductionCount> counts);
    void writeOutdoorTemperatures(List<OutdoorTemperature> temperatures);

    /** Readings and production of the same period in one write (adapters may merge them into fewer requests). */
    default void write(List<Reading> readings, List<ProductionCount> production) {
        if (!readings.isEmpty()) writeReadings(readings);
        if (!production.isEmpty()) writeProduction(production);
    }

    List<Reading> readings(UUID machineId, Instant from, Instant to);
    List<ProductionCount> production(UUID machineId, Instant from, Instant to);

    /** A machine's readings and production of one period. */
    record Points(List<Reading> readings, List<ProductionCount> production) {}

    /** Both kinds of point in one read (adapters that store them together read once). */
    default Points points(UUID machineId, Instant from, Instant to) {
        return new Points(readings(machineId, from, to), production(machineId, from, to));
    }
    List<OutdoorTemperature> outdoorTemperatures(UUID factoryId, Instant from, Instant to);
    /** Stored buckets that start in {@code [from, to)}; empty buckets are absent. */
    List<Rollup> rollups(UUID machineId, Resolution resolution, Instant from, Instant to);
    Optional<Reading> latest(UUID machineId);

    /**
     * Recomputes the roll-ups of {@code [from, to)} that are behind their points (a writer that stopped between
     * storing points and their roll-ups); returns the hours repaired. Stores without roll-ups have nothing to do.
     */
    default int repairRollups(UUID machineId, Instant from, Instant to) {
        return 0;
    }

    /**
     * Repairs the roll-ups of the machine's older days that writes marked before storing their points
     * ({@link #repairRollups} covers the recent days a job looks at; a backfill that stopped half way may have touched
     * any day): each day marked by a write that began before {@code before} (none of them can still be running), then
     * takes those marks away. Returns the hours repaired.
     */
    default int repairMarkedDays(UUID machineId, Instant before) {
        return repairMarkedDays(machineId, before, day -> { });
    }

    /**
     * As {@link #repairMarkedDays(UUID, Instant)}, calling {@code repaired} with each day's UTC start once its roll-ups
     * are right and before its mark is taken away: what was derived from the lagging roll-ups goes there, and if that
     * fails the mark stays, so the next run repairs and calls again.
     */
    default int repairMarkedDays(UUID machineId, Instant before, java.util.function.Consumer<Instant> repaired) {
        return 0;
    }

    /**
     * The UTC days (their starts) of the machine within {@code [from, to)} that a write marked and has not finished (or
     * that {@link #repairMarkedDays} has not repaired): their roll-ups may be behind their points, so nothing derived
     * from them (a KPI day snapshot) may be kept. Stores without roll-ups have none.
     */
    default java.util.Set<Instant> markedDays(UUID machineId, Instant from, Instant to) {
        return java.util.Set.of();
    }

    /**
     * The longest a write of points may take: twice the longest Lambda timeout of a function that writes them (60 s).
     * A write that began longer ago has ended, stored or stopped.
     */
    java.time.Duration LONGEST_WRITE = java.time.Duration.ofMinutes(2);

    /** Twin sensor samples, one series per asset; idempotent on (asset, timestamp) like the rest. */
    void writeTwinSamples(List<TwinSample> samples);

    List<TwinSample> twinSamples(String assetId, Instant from, Instant to);

    /**
     * Deletes the asset's samples in {@code [from, to)}; returns how many. A backend that cannot delete
     * (Timestream, whose records leave only by the table's retention) deletes none and says so in its log.
     */
    default int deleteTwinSamples(String assetId, Instant from, Instant to) {
        return deleteTwinSamples(assetId, from, to, Integer.MAX_VALUE);
    }

    /**
     * Deletes at most {@code limit} of the asset's oldest samples in {@code [from, to)}; returns how many (fewer than
     * the limit: none are left there). Monitoring writes a sample per second, 86,400 a day: a long history is deleted
     * in parts, each within a call's time.
     */
    int deleteTwinSamples(String assetId, Instant from, Instant to, int limit);

    /**
     * Deletes exactly the asset's samples at these instants (those one task wrote: a range could hold another's);
     * returns how many keys (milliseconds) that was. A backend that cannot delete deletes none, as above.
     */
    int deleteTwinSamples(String assetId, java.util.Collection<Instant> timestamps);
}
