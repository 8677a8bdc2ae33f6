package io.wattline.analytics.kpi;

import io.wattline.domain.Rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Energy heatmaps in the factories' local time: kWh per local (date, hour) and per local date.
 *
 * <p>A cell's value is the energy of the roll-up buckets that start in it, null when no reading fell in
 * it (no data is not zero). In the autumn DST change the repeated local hour holds both of its real
 * hours; the hour skipped in spring stays null. With several machines (a factory or the whole plant),
 * each machine is placed in its own factory's local time and the cells add up. {@code anomaly} is true
 * when a stored anomaly's timestamp falls in the cell.
 */
public final class Heatmap {
    private Heatmap() {}

    /** One machine's buckets (15-minute or hour roll-ups, see {@link #hourBucketsFit}) and anomaly times. */
    public record Series(ZoneId zone, List<Rollup> buckets, List<Instant> anomalies) {}

    /** One machine's local-day totals and anomaly times. */
    public record DailySeries(ZoneId zone, Map<LocalDate, KpiTotals> days, List<Instant> anomalies) {}

    public record HourCell(LocalDate date, int hour, Double value, boolean anomaly) {}

    /** @param dayOfWeek Monday = 0 … Sunday = 6 (Python's {@code date.weekday()}, as the seed's service used) */
    public record DayCell(LocalDate date, int dayOfWeek, Double value, boolean anomaly) {}

    /** Every hour of every date in {@code first..last} (24 a day), in order. */
    public static List<HourCell> hourly(LocalDate first, LocalDate last, List<Series> series) {
        Map<LocalDate, double[]> sums = new HashMap<>();
        Map<LocalDate, boolean[]> seen = new HashMap<>();
        Set<String> flagged = new HashSet<>();
        for (Series s : series) {
            for (Rollup b : s.buckets()) {
                if (b.samples() == 0) continue;
                ZonedDateTime t = b.bucket().atZone(s.zone());
                LocalDate d = t.toLocalDate();
                if (d.isBefore(first) || d.isAfter(last)) continue;
                sums.computeIfAbsent(d, k -> new double[24])[t.getHour()] += b.energyKwh();
                seen.computeIfAbsent(d, k -> new boolean[24])[t.getHour()] = true;
            }
            for (Instant a : s.anomalies()) {
                ZonedDateTime t = a.atZone(s.zone());
                flagged.add(t.toLocalDate() + "#" + t.getHour());
            }
        }
        List<HourCell> out = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            double[] v = sums.get(d);
            boolean[] has = seen.get(d);
            for (int h = 0; h < 24; h++) {
                out.add(new HourCell(d, h, has != null && has[h] ? v[h] : null, flagged.contains(d + "#" + h)));
            }
        }
        return out;
    }

    /** Every date in {@code first..last}, in order. */
    public static List<DayCell> daily(LocalDate first, LocalDate last, List<DailySeries> series) {
        Map<LocalDate, Double> sums = new HashMap<>();
        Set<LocalDate> flagged = new HashSet<>();
        for (DailySeries s : series) {
            s.days().forEach((d, t) -> {
                if (t.samples() > 0) sums.merge(d, t.energyKwh(), Double::sum);
            });
            for (Instant a : s.anomalies()) flagged.add(a.atZone(s.zone()).toLocalDate());
        }
        List<DayCell> out = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            out.add(new DayCell(d, d.getDayOfWeek().getValue() - 1, sums.get(d), flagged.contains(d)));
        }
        return out;
    }

    /**
     * Whether UTC hour roll-ups fall each inside one local hour of {@code zone} over {@code [from, to)}:
     * true when every offset in force is a whole number of hours. Otherwise (India +05:30, Nepal +05:45,
     * Adelaide +09:30/+10:30, …) use 15-minute roll-ups.
     */
    public static boolean hourBucketsFit(ZoneId zone, Instant from, Instant to) {
        ZoneRules rules = zone.getRules();
        if (rules.getOffset(from).getTotalSeconds() % 3600 != 0) return false;
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && t.getInstant().isBefore(to);
             t = rules.nextTransition(t.getInstant())) {
            if (t.getOffsetAfter().getTotalSeconds() % 3600 != 0) return false;
        }
        return true;
    }
}
