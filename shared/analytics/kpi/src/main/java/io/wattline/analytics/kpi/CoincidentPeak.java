package io.wattline.analytics.kpi;

import io.wattline.domain.Rollup;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A factory's coincident peak: the highest mean power of its machines together over one 15-minute demand interval,
 * what a utility bills on the factory's one meter. A quarter's power is each machine's mean over it, added up (a
 * machine that sent nothing in a quarter adds nothing); a quarter counts by the rule of a machine's own peak
 * ({@link PeriodReader#demandInterval}: ended, cut by at most a minute), and ties go to the earliest. Each machine's
 * peak is its own highest quarter, at its own time, so the machines' peaks added up are at least this, and the demand
 * charges on them overstate the factory's (a voice-assistant hunt: 1,103.48 USD for a week of the demo's Los Angeles
 * plant against about 994 on its coincident peak).
 */
public final class CoincidentPeak {
    private CoincidentPeak() {}

    /**
     * @param valueKw             the highest quarter's summed mean power; null without a demand interval with readings
     * @param at                  the start of that quarter
     * @param sumOfMachinePeaksKw each machine's own peak over the same quarters, added up (null without readings)
     * @param months              the coincident peak of each local month, for the demand charge ({@link Kpis#demandMonths})
     */
    public record Result(Double valueKw, Instant at, Double sumOfMachinePeaksKw, MonthlyPeaks months) {}

    /** @param machines each machine's 15-minute roll-ups of {@code [from, to)} */
    public static Result of(List<List<Rollup>> machines, Instant from, Instant to, Instant now, ZoneId zone) {
        Map<Instant, Double> summed = new TreeMap<>();
        double peaks = 0;
        boolean metered = false;
        for (List<Rollup> quarters : machines) {
            double own = Double.NEGATIVE_INFINITY;
            for (Rollup q : quarters) {
                if (q.samples() == 0 || !PeriodReader.demandInterval(q.bucket(), from, to, now)) continue;
                summed.merge(q.bucket(), q.powerAvg(), Double::sum);
                own = Math.max(own, q.powerAvg());
            }
            if (own > Double.NEGATIVE_INFINITY) {
                peaks += own;
                metered = true;
            }
        }
        MonthlyPeaks months = new MonthlyPeaks(zone);
        Instant at = null;
        double best = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Instant, Double> e : summed.entrySet()) { // in time order: a tie keeps the earliest
            if (e.getValue() > best) {
                best = e.getValue();
                at = e.getKey();
            }
            months.add(KpiTotals.ofBucket(new Rollup(e.getKey(), 0, e.getValue(), e.getValue(), 1, 0, 0), null, true));
        }
        return new Result(at == null ? null : best, at, metered ? peaks : null, months);
    }
}
