package io.wattline.anomaly;

import io.wattline.analytics.baseline.BaselineModel;
import io.wattline.domain.Machine;
import io.wattline.domain.OutdoorTemperature;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.CatalogStore;
import io.wattline.store.TelemetryStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drivers a baseline can regress energy on, and the assembly of a machine's samples (one per bucket:
 * energy and each driver) from the roll-ups, the factory's weather and, only when asked for, raw readings.
 */
final class Drivers {
    static final String PRODUCTION = "production_count", OUTDOOR = "outdoor_temperature_c",
            HEATING = "heating_degrees", COOLING = "cooling_degrees", FACTORY_PRODUCTION = "factory_production",
            POWER = "power_kw", MACHINE_TEMPERATURE = "temperature_c";
    /** Every driver, in the order the API lists them. */
    static final List<String> KNOWN = List.of(PRODUCTION, OUTDOOR, HEATING, COOLING, FACTORY_PRODUCTION, POWER,
            MACHINE_TEMPERATURE);
    /** Other names clients use for the same drivers. */
    static final Map<String, String> ALIASES = Map.of("production", PRODUCTION, "outdoor_temperature", OUTDOOR);
    /** Degree base (°C) of heating and cooling degrees: the usual 18 °C (65 °F) balance point. */
    static final double DEGREE_BASE_C = 18;

    private Drivers() {}

    /** The canonical name of a driver, or null if unknown. */
    static String canonical(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT);
        if (KNOWN.contains(n)) return n;
        return ALIASES.get(n);
    }

    /**
     * Drivers when the client names none: production for a machine that counts units; for the others (HVAC,
     * boilers) the factory's production (people and shifts in the building) and heating and cooling degrees.
     * Energy's own proxy, {@code power_kw}, is never a default: a baseline on it cannot see an energy anomaly.
     */
    static List<String> defaults(boolean producing) {
        return producing ? List.of(PRODUCTION) : List.of(FACTORY_PRODUCTION, HEATING, COOLING);
    }

    /** A machine's complete samples in time order: buckets with energy and every driver's value. */
    record Samples(List<String> drivers, Instant[] time, double[] energy, double[][] x) {
        int size() {
            return energy.length;
        }

        /**
         * The same samples without the drivers whose value never changes in the part a baseline is fitted on
         * (their effect cannot be estimated).
         */
        Samples varying() {
            int fitted = x.length - Math.max(1, (int) Math.round(x.length * io.wattline.analytics.baseline.BaselineTrainer.HOLDOUT_SHARE));
            List<Integer> keep = new ArrayList<>();
            for (int j = 0; j < drivers.size(); j++) {
                for (int i = 1; i < fitted; i++) {
                    if (x[i][j] != x[0][j]) {
                        keep.add(j);
                        break;
                    }
                }
            }
            if (keep.size() == drivers.size()) return this;
            double[][] kept = new double[x.length][keep.size()];
            for (int i = 0; i < x.length; i++) {
                for (int k = 0; k < keep.size(); k++) kept[i][k] = x[i][keep.get(k)];
            }
            return new Samples(keep.stream().map(drivers::get).toList(), time, energy, kept);
        }
    }

    static Resolution resolution(BaselineModel.Granularity g) {
        return switch (g) {
            case MIN15 -> Resolution.MIN15;
            case HOURLY -> Resolution.HOUR;
            case DAILY, MONTHLY -> Resolution.DAY;
        };
    }

    static Samples load(CatalogStore catalog, TelemetryStore telemetry, Machine m, List<String> drivers,
                        Resolution res, Instant from, Instant to) {
        List<Rollup> rollups = telemetry.rollups(m.id(), res, from, to);
        // production is counted per hour: a 15-minute bucket gets a quarter of its hour's count
        Map<Instant, Double> production = drivers.contains(PRODUCTION) ? production(telemetry, m, res, from, to) : Map.of();
        // weather is hourly: a 15-minute bucket takes its hour's temperature
        Resolution weatherRes = res == Resolution.MIN15 ? Resolution.HOUR : res;
        Map<Instant, Double> outdoor = drivers.stream().anyMatch(d -> d.equals(OUTDOOR) || d.equals(HEATING) || d.equals(COOLING))
                ? outdoor(telemetry, m, weatherRes, weatherRes.bucketOf(from), to) : Map.of();
        Map<Instant, Double> factory = new HashMap<>();
        if (drivers.contains(FACTORY_PRODUCTION)) {
            for (Machine other : catalog.machines()) {
                if (!other.factoryId().equals(m.factoryId())) continue;
                production(telemetry, other, res, from, to).forEach((t, v) -> factory.merge(t, v, Double::sum));
            }
        }
        Map<Instant, double[]> temperature = drivers.contains(MACHINE_TEMPERATURE) ? temperature(telemetry, m, res, from, to) : Map.of();

        List<Instant> times = new ArrayList<>();
        List<Double> energy = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (Rollup r : rollups) {
            if (r.samples() == 0) continue;
            double[] row = new double[drivers.size()];
            boolean complete = true;
            for (int j = 0; j < row.length && complete; j++) {
                Instant b = r.bucket();
                double weather = outdoor.getOrDefault(weatherRes.bucketOf(b), Double.NaN);
                double v = switch (drivers.get(j)) {
                    case PRODUCTION -> production.getOrDefault(b, 0.0);
                    case OUTDOOR -> weather;
                    case HEATING -> Math.max(0, DEGREE_BASE_C - weather);
                    case COOLING -> Math.max(0, weather - DEGREE_BASE_C);
                    case FACTORY_PRODUCTION -> factory.getOrDefault(b, 0.0);
                    case POWER -> r.powerAvg();
                    case MACHINE_TEMPERATURE -> {
                        double[] s = temperature.get(b);
                        yield s == null || s[1] == 0 ? Double.NaN : s[0] / s[1];
                    }
                    default -> throw new IllegalArgumentException("unknown driver " + drivers.get(j));
                };
                if (Double.isNaN(v)) complete = false; // Math.max(0, NaN) is NaN too
                row[j] = v;
            }
            if (!complete) continue;
            times.add(r.bucket());
            energy.add(r.energyKwh());
            rows.add(row);
        }
        return new Samples(List.copyOf(drivers), times.toArray(Instant[]::new),
                energy.stream().mapToDouble(Double::doubleValue).toArray(), rows.toArray(double[][]::new));
    }

    private static Map<Instant, Double> production(TelemetryStore telemetry, Machine m, Resolution res, Instant from, Instant to) {
        Map<Instant, Double> out = new HashMap<>();
        if (res == Resolution.MIN15) {
            for (Rollup h : telemetry.rollups(m.id(), Resolution.HOUR, Resolution.HOUR.bucketOf(from), to)) {
                for (int q = 0; q < 4; q++) out.put(h.bucket().plusSeconds(900L * q), h.production() / 4.0);
            }
        } else {
            for (Rollup r : telemetry.rollups(m.id(), res, from, to)) out.put(r.bucket(), (double) r.production());
        }
        return out;
    }

    private static Map<Instant, Double> outdoor(TelemetryStore telemetry, Machine m, Resolution res, Instant from, Instant to) {
        Map<Instant, double[]> sums = new TreeMap<>();
        for (OutdoorTemperature o : telemetry.outdoorTemperatures(m.factoryId(), from, to)) {
            double[] s = sums.computeIfAbsent(res.bucketOf(o.timestamp()), k -> new double[2]);
            s[0] += o.temperatureC();
            s[1]++;
        }
        Map<Instant, Double> out = new HashMap<>();
        sums.forEach((t, s) -> out.put(t, s[0] / s[1]));
        return out;
    }

    private static Map<Instant, double[]> temperature(TelemetryStore telemetry, Machine m, Resolution res, Instant from, Instant to) {
        Map<Instant, double[]> sums = new HashMap<>();
        for (Reading r : telemetry.readings(m.id(), from, to)) {
            if (r.temperatureC() == null) continue;
            double[] s = sums.computeIfAbsent(res.bucketOf(r.timestamp()), k -> new double[2]);
            s[0] += r.temperatureC();
            s[1]++;
        }
        return sums;
    }
}
