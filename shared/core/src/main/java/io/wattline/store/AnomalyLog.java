package io.wattline.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The read side of the stored anomalies, for functions that show them without owning them (the heatmaps'
 * {@code anomaly} flag, {@code health}'s {@code recent_anomalies}, the hours forecasting does not learn from). The
 * anomaly function writes them.
 */
@FunctionalInterface
public interface AnomalyLog {
    /** Nothing stored (a function wired without the log). */
    AnomalyLog NONE = (from, to) -> List.of();

    /**
     * One stored anomaly, as much of it as readers need: {@code [detectedAt, windowEnd)} is the stretch it covers, its
     * {@code type} the seed's {@code anomaly_type} ({@code energy_spike}, {@code energy_drop}, {@code stuck_meter}, ...).
     */
    record Entry(String id, UUID machineId, Instant detectedAt, Instant windowEnd, String type, String severity,
                 String status) {}

    /** Anomalies detected in {@code [from, to)}, in time order. */
    List<Entry> detectedBetween(Instant from, Instant to);

    /** Anomalies judged hour by hour, whose incident usually reaches into the hours either side. */
    Set<String> HOURLY_FINDINGS = Set.of("energy_spike", "energy_drop");

    /** What the anomaly function stores about a meter's hours that no model should learn as the machine's habit. */
    Set<String> NOT_LEARNT_FROM = Set.of("energy_spike", "energy_drop", "stuck_meter");

    /**
     * A spike or drop longer than this is the machine's new level rather than an incident: left in, so that a baseline
     * fitted after it learns the level (left out, every weekly retraining would keep the old one and flag the new level
     * for good, until too few hours were left to train on). A stuck meter's readings are wrong however long it sticks.
     */
    Duration LONGEST_INCIDENT = Duration.ofHours(24);

    /** How far back a stuck meter's run is traced to its first reading, where it is stored: the longest such run. */
    Duration LONGEST_STUCK_RUN = Duration.ofDays(31);

    /**
     * The hours of {@code [from, to)} (UTC hour starts) that the machine's stored anomalies of {@link #NOT_LEARNT_FROM}
     * types cover, whatever their status (resolved or not, the hour was not the machine's habit; a spike or drop of
     * more than {@link #LONGEST_INCIDENT} excepted), and for a spike or drop also the hour before and after it: an
     * incident seldom starts and ends on the hour, and the part of it in an edge hour may be too small to be flagged (a
     * leak until 16:30 leaves 16:00-17:00 a quarter above its usual).
     * Forecasts and baselines are fitted without them.
     */
    default Set<Instant> incidentHours(UUID machineId, Instant from, Instant to) {
        Set<Instant> hours = new HashSet<>();
        // a stuck meter is stored at the start of its run: look back a day for runs reaching into the window
        for (Entry e : detectedBetween(from.minus(Duration.ofDays(1)), to.plus(Duration.ofHours(1)))) {
            if (!e.machineId().equals(machineId) || !NOT_LEARNT_FROM.contains(e.type())) continue;
            boolean edges = HOURLY_FINDINGS.contains(e.type());
            if (edges && Duration.between(e.detectedAt(), e.windowEnd()).compareTo(LONGEST_INCIDENT) > 0) continue;
            Instant first = e.detectedAt().truncatedTo(ChronoUnit.HOURS), end = e.windowEnd();
            if (edges) {
                first = first.minus(Duration.ofHours(1));
                end = end.plus(Duration.ofHours(1));
            }
            for (Instant h = first; h.isBefore(end); h = h.plusSeconds(3600)) {
                if (!h.isBefore(from.truncatedTo(ChronoUnit.HOURS)) && h.isBefore(to)) hours.add(h);
            }
        }
        return hours;
    }
}
