package io.wattline.analytics.kpi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Ranking of machines over the same dates.
 *
 * <p><b>Ranking rule.</b> Lower is better for every metric (less energy, less power, less energy per
 * unit, less cost). The ranking key is the first of {@code sec, energy, power, cost} — in that order of
 * preference, because SEC is the energy performance indicator that stays fair between machines of
 * different size and output — that the caller asked for and that is comparable across the machines:
 * {@code sec} only when every machine with readings has production and all are of one type (kWh per unit of
 * different products, a compressor's and a moulding machine's, do not compare); {@code cost} only when all machines
 * bill in one currency with a tariff. When none of the requested metrics is comparable, the key is
 * {@code energy}. Machines without readings in the period are not ranked by any key: they come last,
 * sharing the last rank. Equal keys share a rank (competition ranking 1, 2, 2, 4) and are listed by
 * machine name. The best performer is the first machine, the worst the last machine that has a key.
 */
public final class Comparison {
    private Comparison() {}

    public enum Metric {
        ENERGY, POWER, SEC, COST;

        public String literal() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static final List<String> LITERALS = List.of("energy", "power", "sec", "cost");

        public static Metric of(String literal) {
            return valueOf(literal.toUpperCase(Locale.ROOT));
        }
    }

    public static final String RULE = "Lower is better. The key is the first comparable requested metric in the order"
            + " sec, energy, power, cost (sec only when every machine has production and all are of one type, cost only"
            + " in one currency);"
            + " otherwise energy. Machines without readings rank last; equal keys share a rank.";

    /** One machine's KPIs over the compared dates, its type (what its units are), and the currency its cost is in. */
    public record Entry(UUID machineId, String machineName, String type, String currency, KpiResult kpis) {}

    /** @param key the ranking key's value, null for an unranked machine */
    public record Ranked(Entry entry, int rank, Double key) {}

    /**
     * @param rankedBy the metric used as key ({@code sec}, {@code energy}, {@code power}, {@code cost})
     * @param currencies the currencies the machines' costs are in (more than one means costs were not ranked)
     */
    public record Result(List<Ranked> machines, Metric rankedBy, UUID bestPerformer, UUID worstPerformer,
                         Set<String> currencies) {}

    public static Result rank(List<Entry> entries, List<Metric> requested) {
        Metric key = chooseKey(entries, requested);
        List<Entry> sorted = new ArrayList<>(entries);
        Comparator<Entry> byKey = Comparator.comparing((Entry e) -> value(e, key),
                Comparator.nullsLast(Comparator.naturalOrder()));
        sorted.sort(byKey.thenComparing(Entry::machineName, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Entry::machineId));
        List<Ranked> out = new ArrayList<>();
        Double previous = null;
        int rank = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Double v = value(sorted.get(i), key);
            if (i == 0 || !java.util.Objects.equals(v, previous)) rank = i + 1;
            previous = v;
            out.add(new Ranked(sorted.get(i), rank, v));
        }
        // among the machines with a key: with none (no energy anywhere in the period) neither is named
        UUID best = out.isEmpty() || out.get(0).key() == null ? null : out.get(0).entry().machineId();
        UUID worst = null;
        for (Ranked r : out) if (r.key() != null) worst = r.entry().machineId();
        Set<String> currencies = new java.util.TreeSet<>();
        for (Entry e : entries) if (e.currency() != null) currencies.add(e.currency());
        return new Result(List.copyOf(out), key, best, worst, currencies);
    }

    static Metric chooseKey(List<Entry> entries, List<Metric> requested) {
        Set<Metric> asked = new HashSet<>(requested);
        for (Metric m : List.of(Metric.SEC, Metric.ENERGY, Metric.POWER, Metric.COST)) {
            if (asked.contains(m) && comparable(entries, m)) return m;
        }
        return Metric.ENERGY;
    }

    static boolean comparable(List<Entry> entries, Metric m) {
        return switch (m) {
            case SEC -> entries.stream().filter(e -> e.kpis().totals().samples() > 0)
                    .allMatch(e -> e.kpis().sec().value() != null)
                    && entries.stream().filter(e -> e.kpis().totals().samples() > 0)
                    .map(e -> String.valueOf(e.type()).toLowerCase(Locale.ROOT)).distinct().count() <= 1;
            case COST -> entries.stream().map(Entry::currency).distinct().count() <= 1
                    && entries.stream().filter(e -> e.kpis().totals().samples() > 0)
                    .allMatch(e -> e.kpis().cost().totalCost() != null);
            case ENERGY, POWER -> true;
        };
    }

    /** The key value of a machine, null when it has no readings (or no value for the key). */
    public static Double value(Entry e, Metric m) {
        KpiResult k = e.kpis();
        if (k.totals().samples() == 0) return null;
        return switch (m) {
            case SEC -> k.sec().value();
            case ENERGY -> k.totals().energyKwh();
            case POWER -> k.totals().avgPowerKw();
            case COST -> k.cost().totalCost(); // what the machine costs: its energy and its part of the demand charge
        };
    }
}
