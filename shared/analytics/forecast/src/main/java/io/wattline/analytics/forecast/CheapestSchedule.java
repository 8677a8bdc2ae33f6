package io.wattline.analytics.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Which hours of a day to run a machine so that it makes {@code target} units within {@code maxRuntime} hours at the
 * least cost: each operating hour makes {@code unitsPerHour} and draws its forecast power at that hour's tariff rate;
 * when the day's highest demand (the 15-minute mean a bill measures, which an hour's mean understates) exceeds the
 * month's billed peak so far, the excess is billed at the demand charge.
 *
 * <p>Exact: the demand charge depends only on the highest demand run, so for every candidate cap (each hour's demand)
 * a dynamic programme over the hours finds the cheapest set of exactly c hours whose demand stays under the cap, for
 * every c; the cheapest (cap, c) with c·unitsPerHour ≥ target wins. The true optimum's own highest demand is one of
 * the caps, so nothing cheaper is missed. O(hours² · maxRuntime) — trivial for 23-25 hours.
 */
public final class CheapestSchedule {
    private CheapestSchedule() {}

    /**
     * One hour of the day: its power if the machine runs then (kW, the hour's mean), its length (h), energy rate, and the
     * demand it would set (kW: its highest 15-minute mean, at least its power).
     */
    public record Hour(double powerKw, double hours, double rate, double demandKw) {
        /** An hour whose demand is its mean power (a load that is flat within the hour). */
        public Hour(double powerKw, double hours, double rate) {
            this(powerKw, hours, rate, powerKw);
        }

        double energyCost() {
            return powerKw * hours * rate;
        }
    }

    /** The chosen hours (indexes into the day), their energy (kWh), energy cost, demand charge and total cost. */
    public record Plan(boolean[] operate, int hoursRun, double energyKwh, double energyCost, double demandCharge,
                       double cost) {}

    /** The target cannot be met; {@code reachable} is the most the day allows. */
    public static final class Infeasible extends RuntimeException {
        public final double reachable;
        public final long hoursNeeded;

        Infeasible(double reachable, long hoursNeeded) {
            super("production target not reachable: at most " + reachable);
            this.reachable = reachable;
            this.hoursNeeded = hoursNeeded;
        }
    }

    /**
     * The starts of a local day's hours, on its clock: 24, or 23 and 25 on daylight-saving days (the skipped hour is
     * absent, the repeated one appears twice). Where the clock moves by half an hour (Lord Howe Island) the hour it
     * moves in is 30 or 90 minutes and the hours after it still start on the hour, as the forecasting function's local
     * hours have them (stepped 3,600 seconds from midnight, every hour after the change started at half past).
     */
    public static List<java.time.Instant> hourStarts(java.time.LocalDate date, java.time.ZoneId zone) {
        java.util.TreeSet<java.time.Instant> out = new java.util.TreeSet<>();
        for (int h = 0; h < 24; h++) {
            // an hour in a gap starts where the clock resumes (LA's 02:00 is its 03:00, dropped as a repeat); one the
            // clock shows twice is two hours
            java.time.ZonedDateTime t = date.atTime(h, 0).atZone(zone);
            out.add(t.withEarlierOffsetAtOverlap().toInstant());
            out.add(t.withLaterOffsetAtOverlap().toInstant());
        }
        return List.copyOf(out);
    }

    /** The hours needed for the target (at least one when the target is positive). */
    public static long hoursNeeded(double target, double unitsPerHour) {
        if (target <= 0) return 0;
        return (long) Math.ceil(target / unitsPerHour - 1e-9); // a target of 1e12 needs billions of hours: not an int
    }

    public static Plan solve(List<Hour> day, double target, double unitsPerHour, int maxRuntime, double demandChargePerKw,
                             double monthPeakKw) {
        return solve(day, target, unitsPerHour, maxRuntime, demandChargePerKw, monthPeakKw, new int[day.size()]);
    }

    /**
     * As {@link #solve(List, double, double, int, double, double)}, and among plans of the same cost the one whose hours
     * rank first in {@code rank} (the least sum of ranks; e.g. the machine's usual hours ranked 0, 1, 2, ...): with a
     * flat tariff every hour costs the same, and the night was chosen over the usual shift, to save nothing.
     */
    public static Plan solve(List<Hour> day, double target, double unitsPerHour, int maxRuntime, double demandChargePerKw,
                             double monthPeakKw, int[] rank) {
        int n = day.size();
        int limit = Math.min(maxRuntime, n);
        long need = hoursNeeded(target, unitsPerHour);
        if (need > limit) throw new Infeasible(limit * unitsPerHour, need);
        TreeSet<Double> caps = new TreeSet<>();
        for (Hour h : day) caps.add(h.demandKw());
        if (caps.isEmpty()) caps.add(0.0);
        Plan best = null;
        long bestRank = Long.MAX_VALUE;
        for (double cap : caps) {
            double excess = Math.max(0, cap - monthPeakKw) * demandChargePerKw;
            // cost[i][c]: cheapest energy cost of exactly c allowed hours among the first i (ties: least rank sum);
            // runs[i][c]: whether that plan runs hour i
            double[][] cost = new double[n + 1][limit + 1];
            long[][] ranks = new long[n + 1][limit + 1];
            boolean[][] runs = new boolean[n + 1][limit + 1];
            for (double[] row : cost) Arrays.fill(row, Double.POSITIVE_INFINITY);
            cost[0][0] = 0;
            for (int i = 1; i <= n; i++) {
                Hour h = day.get(i - 1);
                boolean allowed = h.demandKw() <= cap;
                for (int c = 0; c <= limit; c++) {
                    cost[i][c] = cost[i - 1][c];
                    ranks[i][c] = ranks[i - 1][c];
                    if (!allowed || c == 0 || cost[i - 1][c - 1] == Double.POSITIVE_INFINITY) continue;
                    double run = cost[i - 1][c - 1] + h.energyCost();
                    long runRank = ranks[i - 1][c - 1] + rank[i - 1];
                    if (cheaper(run, runRank, cost[i][c], ranks[i][c])) {
                        cost[i][c] = run;
                        ranks[i][c] = runRank;
                        runs[i][c] = true;
                    }
                }
            }
            for (int c = (int) need; c <= limit; c++) {
                if (cost[n][c] == Double.POSITIVE_INFINITY) continue;
                if (best != null && !cheaper(cost[n][c] + excess, ranks[n][c], best.cost(), bestRank)) continue;
                boolean[] operate = new boolean[n];
                for (int i = n, left = c; i > 0 && left > 0; i--) {
                    if (runs[i][left]) {
                        operate[i - 1] = true;
                        left--;
                    }
                }
                Plan p = evaluate(day, operate, demandChargePerKw, monthPeakKw);
                if (best == null || cheaper(p.cost(), ranks[n][c], best.cost(), bestRank)) {
                    best = p;
                    bestRank = ranks[n][c];
                }
            }
        }
        return best;
    }

    /** Whether a plan costs less than another, or as much (to a billionth) with hours that rank first. */
    private static boolean cheaper(double cost, long rank, double otherCost, long otherRank) {
        if (otherCost == Double.POSITIVE_INFINITY) return cost < otherCost;
        double tolerance = 1e-9 * Math.max(1, Math.abs(otherCost));
        return cost < otherCost - tolerance || (cost <= otherCost + tolerance && rank < otherRank);
    }

    /** The cost of running exactly the marked hours. */
    public static Plan evaluate(List<Hour> day, boolean[] operate, double demandChargePerKw, double monthPeakKw) {
        double energy = 0, energyCost = 0, peak = 0;
        int hours = 0;
        for (int i = 0; i < day.size(); i++) {
            if (!operate[i]) continue;
            Hour h = day.get(i);
            hours++;
            energy += h.powerKw() * h.hours();
            energyCost += h.energyCost();
            peak = Math.max(peak, h.demandKw());
        }
        double demand = Math.max(0, peak - monthPeakKw) * demandChargePerKw;
        return new Plan(operate, hours, energy, energyCost, demand, energyCost + demand);
    }

    /** The plan of running the {@code count} hours ranked first (the machine's usual hours, most usual first). */
    public static Plan usual(List<Hour> day, List<Integer> ranking, int count, double demandChargePerKw, double monthPeakKw) {
        boolean[] operate = new boolean[day.size()];
        List<Integer> chosen = new ArrayList<>(ranking.subList(0, Math.min(count, ranking.size())));
        for (int i : chosen) operate[i] = true;
        return evaluate(day, operate, demandChargePerKw, monthPeakKw);
    }
}
