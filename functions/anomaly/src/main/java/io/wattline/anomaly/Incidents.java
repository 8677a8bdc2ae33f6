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
import java.util.TreeSet;

/**
 * Anomalies of one machine and one type that follow each other without a gap are one incident: detection stores an
 * air leak of 90 minutes as two hourly energy spikes, and an energy manager asks what the leak cost, not what its
 * hours did. An incident's deviation is its members' (kWh for the energy types; a stuck meter has none), each hour
 * counted once: a drift spans the 24 hours before the run that first saw it that day, so the drifts of days in a row
 * overlap, and their sum counted the shared hours twice.
 */
final class Incidents {
    /** How far around the anomalies asked about their incidents are looked for: an incident longer is cut there. */
    static final Duration REACH = Duration.ofDays(7);

    /**
     * @param id           the incident's first anomaly's id
     * @param members      its anomalies' ids, in time order
     * @param deviationKwh its members' deviations with each hour counted once ({@link #deviationOnce}), for the energy
     *                     types; null for a stuck meter
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
        Double deviation = energy ? deviationOnce(chain) : null;
        int open = (int) chain.stream().filter(a -> Anomaly.UNRESOLVED.equals(a.status())).count();
        Incident incident = new Incident(chain.getFirst().id(), startOf(chain.getFirst()), end,
                chain.stream().map(Anomaly::id).toList(), deviation, open, chain.stream().anyMatch(this::ongoing));
        for (Anomaly a : chain) byAnomaly.put(a.id(), incident);
    }

    /**
     * The deviation over the time the anomalies cover, each stretch counted once: an anomaly's deviation is spread
     * evenly over its span, and a stretch several spans share takes their mean (a day's drift found at 14:00 and the
     * next day's found at 03:00 share 11 hours; summed, those hours counted twice). Anomalies that do not overlap (the
     * hours of an air leak) add up as they are.
     */
    static double deviationOnce(List<Anomaly> members) {
        TreeSet<Instant> cuts = new TreeSet<>();
        double total = 0;
        for (Anomaly a : members) {
            if (a.deviation() == null) continue; // no figure: it neither adds nor shares an hour's (a stuck meter's kW)
            if (!startOf(a).isBefore(a.windowEnd())) total += a.deviation(); // no span to share
            else {
                cuts.add(startOf(a));
                cuts.add(a.windowEnd());
            }
        }
        Instant from = null;
        for (Instant to : cuts) {
            if (from != null) {
                double rates = 0;
                int covering = 0;
                for (Anomaly a : members) {
                    Instant start = startOf(a), end = a.windowEnd();
                    if (a.deviation() == null || start.isAfter(from) || end.isBefore(to) || !start.isBefore(end)) continue;
                    rates += a.deviation() / Duration.between(start, end).toMillis();
                    covering++;
                }
                if (covering > 0) total += rates / covering * Duration.between(from, to).toMillis();
            }
            from = to;
        }
        return total;
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
