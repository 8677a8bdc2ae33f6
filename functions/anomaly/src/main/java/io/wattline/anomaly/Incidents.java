package io.wattline.anomaly;

import io.wattline.analytics.baseline.AnomalyRules;
import io.wattline.anomaly.store.Anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anomalies of one machine and one type that follow each other without a gap are one incident: detection stores an
 * air leak of 90 minutes as two hourly energy spikes, and an energy manager asks what the leak cost, not what its
 * hours did. An incident's deviation is the sum of its members' (kWh for the energy types; a stuck meter has none).
 */
final class Incidents {
    /** How far around the anomalies asked about their incidents are looked for: an incident longer is cut there. */
    static final Duration REACH = Duration.ofDays(7);

    /**
     * @param id           the incident's first anomaly's id
     * @param members      its anomalies' ids, in time order
     * @param deviationKwh the sum of its members' deviations, for the energy types; null for a stuck meter
     * @param unresolved   how many of its members are unresolved
     */
    record Incident(String id, Instant start, Instant end, List<String> members, Double deviationKwh, int unresolved,
                    boolean ongoing) {
        double hours() {
            return Duration.between(start, end).toMinutes() / 60.0;
        }
    }

    /** An incident whose data ends this close to the time it is read about may still be going on ("is anything wrong now?"). */
    static final Duration ONGOING = Duration.ofHours(2);

    private final Map<String, Incident> byAnomaly = new HashMap<>();
    private final Instant now;

    /**
     * Where what an anomaly judged begins: a drift is stored at the end of the day it judged (one per machine and day),
     * and spans the {@value AnomalyRules#DRIFT_HOURS} hours before it (as its own stored moment it was an incident of 0
     * hours, and each day's drift one of its own).
     */
    static Instant startOf(Anomaly a) {
        return "drift".equals(a.anomalyType()) ? a.windowEnd().minus(Duration.ofHours(AnomalyRules.DRIFT_HOURS)) : a.detectedAt();
    }

    /**
     * The incidents among these stored anomalies (every status: a resolved hour is still part of what happened), as read
     * at {@code now}.
     */
    Incidents(List<Anomaly> context, Instant now) {
        this.now = now;
        Map<String, List<Anomaly>> runs = new HashMap<>();
        for (Anomaly a : context) runs.computeIfAbsent(a.machineId() + "|" + a.anomalyType(), k -> new ArrayList<>()).add(a);
        for (List<Anomaly> same : runs.values()) {
            same.sort(Comparator.comparing(Incidents::startOf).thenComparing(Anomaly::id));
            List<Anomaly> chain = new ArrayList<>();
            Instant reached = null; // the furthest end of the chain's anomalies
            for (Anomaly a : same) {
                if (reached != null && startOf(a).isAfter(reached)) {
                    close(chain);
                    chain = new ArrayList<>();
                    reached = null;
                }
                chain.add(a);
                reached = reached == null || a.windowEnd().isAfter(reached) ? a.windowEnd() : reached;
            }
            close(chain);
        }
    }

    private void close(List<Anomaly> chain) {
        if (chain.isEmpty()) return;
        Instant end = chain.stream().map(Anomaly::windowEnd).max(Comparator.naturalOrder()).orElseThrow();
        boolean energy = "kWh".equals(AnomalyViews.AnomalyView.unit(chain.getFirst().anomalyType()));
        Double deviation = null;
        if (energy) {
            double sum = 0;
            for (Anomaly a : chain) sum += a.deviation() == null ? 0 : a.deviation();
            deviation = sum;
        }
        int open = (int) chain.stream().filter(a -> Anomaly.UNRESOLVED.equals(a.status())).count();
        Incident incident = new Incident(chain.getFirst().id(), startOf(chain.getFirst()), end,
                chain.stream().map(Anomaly::id).toList(), deviation, open, chain.stream().anyMatch(this::ongoing));
        for (Anomaly a : chain) byAnomaly.put(a.id(), incident);
    }

    /** The incident of a stored anomaly of the context (itself alone if it was not in it). */
    Incident of(Anomaly a) {
        Incident i = byAnomaly.get(a.id());
        return i != null ? i : new Incident(a.id(), startOf(a), a.windowEnd(), List.of(a.id()),
                "kWh".equals(AnomalyViews.AnomalyView.unit(a.anomalyType())) ? a.deviation() : null,
                Anomaly.UNRESOLVED.equals(a.status()) ? 1 : 0, ongoing(a));
    }

    /**
     * An unresolved member whose data ends within {@link #ONGOING} of now (an older hour left open while the newest was
     * resolved is not "going on"); a drift, judged once a day at the end of the day it judged, within a day and that.
     */
    private boolean ongoing(Anomaly a) {
        Duration reach = "drift".equals(a.anomalyType()) ? ONGOING.plusDays(1) : ONGOING;
        return Anomaly.UNRESOLVED.equals(a.status()) && !a.windowEnd().isBefore(now.minus(reach));
    }
}
