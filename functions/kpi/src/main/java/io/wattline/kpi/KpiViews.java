package io.wattline.kpi;

import io.wattline.analytics.kpi.Comparison;
import io.wattline.analytics.kpi.Heatmap;
import io.wattline.analytics.kpi.KpiResult;
import io.wattline.analytics.kpi.KpiTotals;
import io.wattline.analytics.kpi.Sankey;
import io.wattline.domain.Machine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the KPI context, field for field as seed 001 names them, plus additive fields
 * (a {@code reason} beside a null value, the demand charge, tariff bands). Values are rounded on the
 * wire only: kWh, kW, kg and ratios to 4 decimals, percentages and money to 2, per-unit money to 4.
 */
final class KpiViews {
    private KpiViews() {}

    static Double r(Double v, int decimals) {
        if (v == null || !Double.isFinite(v)) return null;
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    static Map<String, Object> head(Machine m, KpiResult k) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine_id", m.id());
        out.put("machine_name", m.name());
        return out;
    }

    static Map<String, Object> timePeriod(KpiResult k) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("start", k.start());
        t.put("end", k.end());
        t.put("hours", r(k.hours(), 4));
        return t;
    }

    static Map<String, Object> sec(KpiResult k, boolean withTotals) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("value", r(k.sec().value(), 4));
        s.put("unit", "kWh/unit");
        if (withTotals) {
            s.put("total_energy", r(k.totals().energyKwh(), 4));
            s.put("total_production", k.totals().productionUnits());
        } else {
            s.put("description", "Specific Energy Consumption");
        }
        if (k.sec().reason() != null) s.put("reason", k.sec().reason());
        return s;
    }

    static Map<String, Object> peak(KpiResult k, boolean detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("value", r(k.peak().valueKw(), 4));
        p.put("unit", "kW");
        if (!detail) p.put("description", "Maximum Power Demand");
        p.put("timestamp", k.peak().at());
        if (detail) p.put("avg_power", r(k.totals().avgPowerKw(), 4));
        p.put("interval_minutes", 15);
        return p;
    }

    static Map<String, Object> loadFactor(KpiResult k, boolean detail) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("value", r(k.loadFactor().ratio(), 4));
        l.put("percent", r(k.loadFactor().percent(), 2));
        l.put("unit", "ratio");
        l.put("description", "Average/Peak Power Ratio");
        if (detail) {
            l.put("avg_power", r(k.totals().avgPowerKw(), 4));
            l.put("peak_demand", r(k.peak().valueKw(), 4));
        }
        if (k.loadFactor().reason() != null) l.put("reason", k.loadFactor().reason());
        return l;
    }

    static Map<String, Object> energyCost(KpiResult k, boolean detail) {
        KpiResult.Cost c = k.cost();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("value", r(c.energyCost(), 2));
        e.put("cost_per_unit", r(c.costPerUnit(), 4));
        e.put("unit", c.currency());
        e.put("description", "Total Energy Cost (Time-of-Use Tariff)");
        if (detail) e.put("total_energy", r(k.totals().energyKwh(), 4));
        List<Map<String, Object>> bands = new ArrayList<>();
        c.bands().forEach((name, b) -> bands.add(band(name, b)));
        e.put("breakdown", bands);
        e.put("demand_charge", r(c.demandCharge(), 2));
        e.put("total_cost", r(c.totalCost(), 2));
        if (c.reason() != null) e.put("reason", c.reason());
        return e;
    }

    private static Map<String, Object> band(String name, KpiTotals.Band b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("band", name);
        m.put("energy_kwh", r(b.energyKwh(), 4));
        m.put("rate", b.energyKwh() == 0 ? null : r(b.cost() / b.energyKwh(), 4));
        m.put("cost", r(b.cost(), 2));
        return m;
    }

    /** The demand charge on its own line. */
    static Map<String, Object> demandCharge(KpiResult k) {
        KpiResult.Cost c = k.cost();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("value", r(c.demandCharge(), 2));
        d.put("rate_per_kw", c.energyCost() == null ? null : c.demandChargePerKw());
        d.put("peak_demand_kw", r(k.peak().valueKw(), 4));
        d.put("unit", c.currency());
        d.put("description", "Demand Charge (rate x peak 15-minute demand of the period)");
        if (c.energyCost() == null) d.put("reason", c.reason());
        return d;
    }

    static Map<String, Object> carbon(KpiResult k, boolean detail) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("value", r(k.carbon().kgCo2(), 4));
        c.put("co2_per_unit", r(k.carbon().perUnit(), 4));
        c.put("unit", "kg CO2");
        c.put("description", "Total Carbon Emissions");
        c.put("factor_kg_per_kwh", k.carbon().factorKgPerKwh());
        c.put("region", k.carbon().region());
        if (detail) c.put("total_energy", r(k.totals().energyKwh(), 4));
        if (k.carbon().perUnit() == null) c.put("reason", io.wattline.analytics.kpi.Kpis.NO_PRODUCTION);
        return c;
    }

    static Map<String, Object> totals(KpiResult k) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("total_energy_kwh", r(k.totals().energyKwh(), 4));
        t.put("avg_power_kw", r(k.totals().avgPowerKw(), 4));
        t.put("total_production_units", k.totals().productionUnits());
        t.put("total_cost", r(k.cost().totalCost(), 2));
        t.put("readings", k.totals().samples());
        return t;
    }

    static Map<String, Object> all(Machine m, KpiResult k) {
        Map<String, Object> out = head(m, k);
        out.put("machine_type", m.type());
        out.put("time_period", timePeriod(k));
        Map<String, Object> kpis = new LinkedHashMap<>();
        kpis.put("sec", sec(k, false));
        kpis.put("peak_demand", peak(k, false));
        kpis.put("load_factor", loadFactor(k, false));
        kpis.put("energy_cost", energyCost(k, false));
        kpis.put("demand_charge", demandCharge(k));
        kpis.put("carbon_intensity", carbon(k, false));
        out.put("kpis", kpis);
        out.put("totals", totals(k));
        return out;
    }

    static Map<String, Object> single(Machine m, KpiResult k, String key, Object value) {
        Map<String, Object> out = head(m, k);
        out.put("time_period", timePeriod(k));
        out.put(key, value);
        return out;
    }

    // ------------------------------------------------------------------ comparison

    static Map<String, Object> comparison(LocalDate first, LocalDate last, Comparison.Result result,
                                          List<Comparison.Metric> metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("start_date", first.toString());
        out.put("end_date", last.toString());
        List<Map<String, Object>> machines = new ArrayList<>();
        for (Comparison.Ranked r : result.machines()) {
            KpiResult k = r.entry().kpis();
            boolean metered = k.totals().samples() > 0;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("machine_id", r.entry().machineId());
            m.put("machine_name", r.entry().machineName());
            Map<String, Object> v = new LinkedHashMap<>();
            if (metrics.contains(Comparison.Metric.ENERGY)) {
                v.put("total_energy", metered ? r(k.totals().energyKwh(), 4) : null);
            }
            if (metrics.contains(Comparison.Metric.COST)) {
                v.put("total_cost", metered ? r(k.cost().energyCost(), 2) : null);
                v.put("demand_charge", metered ? r(k.cost().demandCharge(), 2) : null);
                v.put("currency", r.entry().currency());
            }
            if (metrics.contains(Comparison.Metric.ENERGY) || metrics.contains(Comparison.Metric.POWER)) {
                v.put("avg_power", r(k.totals().avgPowerKw(), 4));
            }
            if (metrics.contains(Comparison.Metric.POWER)) v.put("peak_demand", r(k.peak().valueKw(), 4));
            if (metrics.contains(Comparison.Metric.SEC)) {
                v.put("sec", r(k.sec().value(), 4));
                v.put("total_production", k.totals().productionUnits());
                if (k.sec().reason() != null) v.put("sec_reason", k.sec().reason());
            }
            m.put("metrics", v);
            m.put("rank", r.rank());
            if (!metered) m.put("note", KpiService.NO_DATA);
            machines.add(m);
        }
        out.put("machines", machines);
        out.put("best_performer", result.bestPerformer());
        out.put("worst_performer", result.worstPerformer());
        Map<String, Object> ranking = new LinkedHashMap<>();
        ranking.put("metric", switch (result.rankedBy()) {
            case ENERGY -> "total_energy";
            case POWER -> "avg_power";
            case SEC -> "sec";
            case COST -> "total_cost";
        });
        ranking.put("order", "ascending");
        ranking.put("rule", Comparison.RULE);
        out.put("ranking", ranking);
        out.put("currencies", List.copyOf(result.currencies()));
        return out;
    }

    // ------------------------------------------------------------------ Sankey and heatmaps

    static Map<String, Object> sankey(Sankey.Diagram d, LocalDate date) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Sankey.Node n : d.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("name", n.name());
            m.put("level", n.level());
            nodes.add(m);
        }
        List<Map<String, Object>> links = new ArrayList<>();
        for (Sankey.Link l : d.links()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", l.source());
            m.put("target", l.target());
            m.put("value", l.value());
            m.put("percentage", l.percentage());
            links.add(m);
        }
        out.put("nodes", nodes);
        out.put("links", links);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("date", date.toString());
        meta.put("total_energy", d.totalEnergy());
        meta.put("factory_count", d.factoryCount());
        meta.put("machine_count", d.machineCount());
        meta.put("unit", "kWh");
        out.put("metadata", meta);
        return out;
    }

    static Map<String, Object> heatmap(Machine m, LocalDate first, LocalDate last, List<?> cells) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine_id", m == null ? null : m.id());
        out.put("machine_name", m == null ? "All machines" : m.name());
        out.put("start_date", first.toString());
        out.put("end_date", last.toString());
        out.put("unit", "kWh");
        List<Map<String, Object>> data = new ArrayList<>();
        for (Object o : cells) {
            Map<String, Object> c = new LinkedHashMap<>();
            if (o instanceof Heatmap.HourCell h) {
                c.put("date", h.date().toString());
                c.put("hour", h.hour());
                c.put("value", r(h.value(), 4));
                c.put("anomaly", h.anomaly());
            } else if (o instanceof Heatmap.DayCell d) {
                c.put("date", d.date().toString());
                c.put("day_of_week", d.dayOfWeek());
                c.put("value", r(d.value(), 4));
                c.put("anomaly", d.anomaly());
            }
            data.add(c);
        }
        out.put("data", data);
        return out;
    }
}
