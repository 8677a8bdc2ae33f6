package io.wattline.anomaly;

import io.wattline.analytics.baseline.AnomalyRules;
import io.wattline.analytics.baseline.BalancePoints;
import io.wattline.analytics.baseline.BaselineModel;
import io.wattline.analytics.baseline.BaselineTrainer;
import io.wattline.domain.Machine;
import io.wattline.domain.OutdoorTemperature;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.CatalogStore;
import io.wattline.store.TelemetryStore;

import java.time.Duration;
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
            POWER = "power_kw", MACHINE_TEMPERATURE = "temperature_c", OPERATING_HOURS = "operating_hours";
    /** Every driver, in the order the API lists them. */
    static final List<String> KNOWN = List.of(PRODUCTION, OUTDOOR, HEATING, COOLING, FACTORY_PRODUCTION,
            OPERATING_HOURS, POWER, MACHINE_TEMPERATURE);
    /** Other names clients use for the same drivers. */
    static final Map<String, String> ALIASES = Map.of("production", PRODUCTION, "outdoor_temperature", OUTDOOR);

    private Drivers() {}

    /** The canonical name of a driver, or null if unknown. */
    static String canonical(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT);
        if (KNOWN.contains(n)) return n;
        return ALIASES.get(n);
    }

    /**
     * Drivers when the client names none: production for a machine that counts units; for the others (HVAC,
     * boilers) the factory's operating hours (people in the building: lights, ventilation and heating follow the
     * shifts, not how many units the shift makes) and heating and cooling degrees.
     * Energy's own proxy, {@code power_kw}, is never a default: a baseline on it cannot see an energy anomaly.
     */
    static List<String> defaults(boolean producing) {
        return producing ? List.of(PRODUCTION) : List.of(OPERATING_HOURS, HEATING, COOLING);
    }

    /**
     * A machine's complete samples in time order: buckets the meter covered ({@link AnomalyRules#covered}) with their
     * energy and every driver's value.
     *
     * @param lacking of the metered buckets left out for a driver without a value, how many lacked each (the first
     *                such driver of a bucket counts it): what to tell a user whose period gave too few samples
     */
    record Samples(List<String> drivers, Instant[] time, double[] energy, double[][] x, Map<String, Integer> lacking) {
        int size() {
            return energy.length;
        }

        /** Why a period gave few samples, when a driver's data was missing (", and N metered hours had no ..."); or "". */
        String whyFew(Resolution res) {
            return lacking.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> {
                String what = switch (e.getKey()) {
                    case OUTDOOR, HEATING, COOLING -> "no outdoor temperature for the factory, which " + e.getKey()
                            + " is computed from (send them to POST /api/v1/weather, or name drivers without it)";
                    case MACHINE_TEMPERATURE -> "no reading with temperature_c (send it with the readings, or name drivers"
                            + " without it)";
                    default -> "no " + e.getKey();
                };
                String unit = res == Resolution.DAY ? "days" : res == Resolution.MIN15 ? "quarter hours" : "hours";
                if (e.getValue() == 1) unit = unit.substring(0, unit.length() - 1);
                return ": " + e.getValue() + " metered " + unit + " of it had " + what;
            }).orElse("");
        }

        /**
         * The same samples without the drivers whose value never changes in the part a baseline is fitted on
         * (their effect cannot be estimated).
         */
        Samples varying() {
            int fitted = BaselineTrainer.trainingSize(x.length);
            List<Integer> keep = new ArrayList<>();
            for (int j = 0; j < drivers.size(); j++) {
                for (int i = 1; i < fitted; i++) {
                    if (x[i][j] != x[0][j]) {
                        keep.add(j);
                        break;
                    }
                }
            }
            return only(keep.stream().map(drivers::get).toList());
        }

        /**
         * The same samples without the buckets that reach into any of {@code hours} (UTC hour starts): the hours of
         * the machine's stored incidents, which are not its habit ({@link io.wattline.store.AnomalyLog#incidentHours}).
         */
        Samples without(java.util.Set<Instant> hours, Resolution res) {
            if (hours.isEmpty()) return this;
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < time.length; i++) {
                boolean incident = false;
                Instant end = time[i].plus(res.length());
                for (Instant h = time[i].truncatedTo(java.time.temporal.ChronoUnit.HOURS); h.isBefore(end) && !incident;
                     h = h.plusSeconds(3600)) {
                    incident = hours.contains(h);
                }
                if (!incident) keep.add(i);
            }
            if (keep.size() == time.length) return this;
            Instant[] t = new Instant[keep.size()];
            double[] e = new double[keep.size()];
            double[][] kx = new double[keep.size()][];
            for (int k = 0; k < keep.size(); k++) {
                t[k] = time[keep.get(k)];
                e[k] = energy[keep.get(k)];
                kx[k] = x[keep.get(k)];
            }
            return new Samples(drivers, t, e, kx, lacking);
        }

        /** The same samples with only these drivers (in their order here). */
        Samples only(List<String> names) {
            List<Integer> keep = new ArrayList<>();
            for (int j = 0; j < drivers.size(); j++) if (names.contains(drivers.get(j))) keep.add(j);
            if (keep.size() == drivers.size()) return this;
            double[][] kept = new double[x.length][keep.size()];
            for (int i = 0; i < x.length; i++) {
                for (int k = 0; k < keep.size(); k++) kept[i][k] = x[i][keep.get(k)];
            }
            return new Samples(keep.stream().map(drivers::get).toList(), time, energy, kept, lacking);
        }
    }

    static Resolution resolution(BaselineModel.Granularity g) {
        return switch (g) {
            case MIN15 -> Resolution.MIN15;
            case HOURLY -> Resolution.HOUR;
            case DAILY, MONTHLY -> Resolution.DAY;
        };
    }

    /**
     * The balance points of a machine's degree drivers over {@code [from, to)}, fitted on the part of the samples
     * a baseline is trained on ({@link BalancePoints}); empty when the drivers include no degrees.
     */
    static Map<String, Double> balancePoints(CatalogStore catalog, TelemetryStore telemetry, Machine m, List<String> drivers,
                                             Resolution res, Instant from, Instant to) {
        boolean heating = drivers.contains(HEATING), cooling = drivers.contains(COOLING);
        if (!heating && !cooling) return Map.of();
        List<String> others = drivers.stream().filter(d -> !d.equals(HEATING) && !d.equals(COOLING)).toList();
        List<String> loaded = new ArrayList<>(others);
        loaded.add(OUTDOOR);
        Samples s = load(catalog, telemetry, m, loaded, res, from, to, Map.of());
        if (s.size() < BaselineTrainer.MIN_SAMPLES) return Map.of();
        double[] outdoor = new double[s.size()];
        double[][] rest = new double[s.size()][others.size()];
        for (int i = 0; i < s.size(); i++) {
            outdoor[i] = s.x()[i][others.size()];
            System.arraycopy(s.x()[i], 0, rest[i], 0, others.size());
        }
        BalancePoints.Bases b = BalancePoints.fit(outdoor, rest, s.energy(), BaselineTrainer.trainingSize(s.size()), heating, cooling);
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        if (heating) out.put(HEATING, b.heatingC());
        if (cooling) out.put(COOLING, b.coolingC());
        return out;
    }

    /** A driver's value from the outdoor temperature, for the degree drivers at the model's bases; null for others. */
    static Double fromOutdoor(String driver, double outdoorC, Map<String, Double> balancePointsC) {
        return switch (driver) {
            case HEATING -> BalancePoints.heatingDegrees(outdoorC, balancePointsC.getOrDefault(HEATING, BalancePoints.DEFAULT_C));
            case COOLING -> BalancePoints.coolingDegrees(outdoorC, balancePointsC.getOrDefault(COOLING, BalancePoints.DEFAULT_C));
            default -> null;
        };
    }

    /** The values a driver can take in one bucket, and what it is, in words for an error message. */
    record Range(double min, double max, String meaning) {}

    /**
     * The values of a driver that can be measured in one bucket of a baseline at {@code res}, as ingestion keeps them:
     * counts and power from 0 to {@link Reading#MAX_MEASURE}, outdoor temperatures within
     * [{@link OutdoorTemperature#MIN_C}, {@link OutdoorTemperature#MAX_C}] and the degrees those give at the model's
     * balance points, a machine's temperature from absolute zero, and operating hours from 0 to the bucket's hours
     * (an hour operates or not; a day has 24). What lies outside is a wrong unit or field, not a condition the model
     * can be asked about: a temperature of 500 °C gave a negative energy.
     */
    static Range range(String driver, Resolution res, Map<String, Double> balancePointsC) {
        double heatingBase = balancePointsC.getOrDefault(HEATING, BalancePoints.DEFAULT_C);
        double coolingBase = balancePointsC.getOrDefault(COOLING, BalancePoints.DEFAULT_C);
        double bucketHours = res.length().toMinutes() / 60.0;
        String bucket = switch (res) {
            case MIN15 -> "15-minute";
            case HOUR -> "hourly";
            case DAY -> "daily";
        };
        return switch (driver) {
            case PRODUCTION -> new Range(0, Reading.MAX_MEASURE, "the units the machine made in one bucket");
            case FACTORY_PRODUCTION -> new Range(0, Reading.MAX_MEASURE, "the units the factory made in one bucket");
            case POWER -> new Range(0, Reading.MAX_MEASURE, "the machine's mean power in kW");
            case OUTDOOR -> new Range(OutdoorTemperature.MIN_C, OutdoorTemperature.MAX_C, "an outdoor temperature in °C");
            case HEATING -> new Range(0, BalancePoints.heatingDegrees(OutdoorTemperature.MIN_C, heatingBase),
                    "the degrees below the model's heating base of " + fmt(heatingBase) + " °C (outdoor temperatures go down to "
                            + fmt(OutdoorTemperature.MIN_C) + " °C)");
            case COOLING -> new Range(0, BalancePoints.coolingDegrees(OutdoorTemperature.MAX_C, coolingBase),
                    "the degrees above the model's cooling base of " + fmt(coolingBase) + " °C (outdoor temperatures go up to "
                            + fmt(OutdoorTemperature.MAX_C) + " °C)");
            case OPERATING_HOURS -> new Range(0, bucketHours, "the hours the factory operated in one bucket of this "
                    + bucket + " baseline");
            case MACHINE_TEMPERATURE -> new Range(Reading.MIN_TEMPERATURE_C, Reading.MAX_TEMPERATURE_C,
                    "the machine's temperature in °C");
            default -> throw new IllegalArgumentException("unknown driver " + driver);
        };
    }

    /** A bound as a person writes it: 24, 0.25, -273.15, 1e15. */
    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        if (Math.abs(v) >= 1e6) return String.format(java.util.Locale.ROOT, "%.0e", v).replace("e+", "e").replace("e0", "e");
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** How far back the readings a bucket usually holds are counted when the window itself is shorter. */
    static final Duration USUAL_LOOKBACK = Duration.ofDays(7);

    /**
     * The readings a bucket of this meter usually holds: the median over the window, and over the week before it when
     * the window is shorter than that, so that a window of one or two half-metered buckets is not its own measure.
     */
    static long usualReadings(TelemetryStore telemetry, Machine m, Resolution res, Instant from, List<Rollup> window) {
        java.util.stream.LongStream counts = window.stream().mapToLong(Rollup::samples);
        if (window.size() * res.length().toMinutes() < USUAL_LOOKBACK.toMinutes()) {
            counts = java.util.stream.LongStream.concat(counts, telemetry.rollups(m.id(), res,
                    res.bucketOf(from.minus(USUAL_LOOKBACK)), res.bucketOf(from)).stream().mapToLong(Rollup::samples));
        }
        return AnomalyRules.usualReadings(counts.toArray());
    }

    static Samples load(CatalogStore catalog, TelemetryStore telemetry, Machine m, List<String> drivers,
                        Resolution res, Instant from, Instant to) {
        return load(catalog, telemetry, m, drivers, res, from, to, Map.of());
    }

    /** As {@link #load(CatalogStore, TelemetryStore, Machine, List, Resolution, Instant, Instant)}, degrees counted from these bases. */
    static Samples load(CatalogStore catalog, TelemetryStore telemetry, Machine m, List<String> drivers,
                        Resolution res, Instant from, Instant to, Map<String, Double> balancePointsC) {
        List<Rollup> rollups = telemetry.rollups(m.id(), res, from, to);
        // production is counted per hour: a 15-minute bucket gets a quarter of its hour's count
        Map<Instant, Double> production = drivers.contains(PRODUCTION) ? production(telemetry, m, res, from, to) : Map.of();
        // weather is hourly: a 15-minute bucket takes its hour's temperature
        Resolution weatherRes = res == Resolution.MIN15 ? Resolution.HOUR : res;
        Map<Instant, Double> outdoor = drivers.stream().anyMatch(d -> d.equals(OUTDOOR) || d.equals(HEATING) || d.equals(COOLING))
                ? outdoor(telemetry, m, weatherRes, weatherRes.bucketOf(from), to) : Map.of();
        Map<Instant, Double> factory = drivers.contains(FACTORY_PRODUCTION) ? factoryProduction(catalog, telemetry, m, res, from, to) : Map.of();
        Map<Instant, Double> operating = drivers.contains(OPERATING_HOURS) ? operatingHours(catalog, telemetry, m, res, from, to) : Map.of();
        Map<Instant, double[]> temperature = drivers.contains(MACHINE_TEMPERATURE) ? temperature(telemetry, m, res, from, to) : Map.of();

        List<Instant> times = new ArrayList<>();
        List<Double> energy = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        Map<String, Integer> lacking = new java.util.TreeMap<>();
        // a bucket the meter covered only in part (the data starts or stops in it) holds part of its energy: no sample
        boolean[] covered = AnomalyRules.covered(rollups.stream().mapToLong(Rollup::samples).toArray(),
                usualReadings(telemetry, m, res, from, rollups));
        for (int k = 0; k < rollups.size(); k++) {
            Rollup r = rollups.get(k);
            if (!covered[k]) continue;
            double[] row = new double[drivers.size()];
            boolean complete = true;
            for (int j = 0; j < row.length && complete; j++) {
                Instant b = r.bucket();
                double weather = outdoor.getOrDefault(weatherRes.bucketOf(b), Double.NaN);
                double v = switch (drivers.get(j)) {
                    case PRODUCTION -> production.getOrDefault(b, 0.0);
                    case OUTDOOR -> weather;
                    case HEATING, COOLING -> fromOutdoor(drivers.get(j), weather, balancePointsC);
                    case FACTORY_PRODUCTION -> factory.getOrDefault(b, 0.0);
                    case OPERATING_HOURS -> operating.getOrDefault(b, 0.0);
                    case POWER -> r.powerAvg();
                    case MACHINE_TEMPERATURE -> {
                        double[] s = temperature.get(b);
                        yield s == null || s[1] == 0 ? Double.NaN : s[0] / s[1];
                    }
                    default -> throw new IllegalArgumentException("unknown driver " + drivers.get(j));
                };
                if (Double.isNaN(v)) { // Math.max(0, NaN) is NaN too
                    complete = false;
                    lacking.merge(drivers.get(j), 1, Integer::sum);
                }
                row[j] = v;
            }
            if (!complete) continue;
            times.add(r.bucket());
            energy.add(r.energyKwh());
            rows.add(row);
        }
        return new Samples(List.copyOf(drivers), times.toArray(Instant[]::new),
                energy.stream().mapToDouble(Double::doubleValue).toArray(), rows.toArray(double[][]::new), Map.copyOf(lacking));
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

    private static Map<Instant, Double> factoryProduction(CatalogStore catalog, TelemetryStore telemetry, Machine m,
                                                          Resolution res, Instant from, Instant to) {
        Map<Instant, Double> out = new HashMap<>();
        for (Machine other : catalog.machines()) {
            if (other.factoryId().equals(m.factoryId())) production(telemetry, other, res, from, to).forEach((t, v) -> out.merge(t, v, Double::sum));
        }
        return out;
    }

    /** How long after an hour its production count may still come in: until then a missing count may be a late one. */
    static final java.time.Duration REPORTING_GRACE = java.time.Duration.ofHours(2);

    /**
     * The end of the buckets before {@code to} that are whole at {@code now}: not one still running, nor one that
     * {@code to} cuts (its energy so far, or its energy past the end asked for, is not the bucket's).
     */
    static Instant wholeUntil(Resolution res, Instant to, Instant now) {
        return res.bucketOf(to.isAfter(now) ? now : to);
    }

    /**
     * Until when a machine's buckets can be judged at {@code now}: only whole ones ({@link #wholeUntil}), and, for drivers
     * made of production counts, not one whose count may still come in. A plant reports an hour once it is over,
     * often minutes later, and an hour judged before its count arrives reads as a spike. So within
     * {@link #REPORTING_GRACE} of now, buckets after the latest hour reported by the machines the drivers come from
     * (the latest of them, for the factory's drivers) wait for a later run; older ones are judged as they are (a
     * plant that reports nothing in idle hours is not held back for good).
     */
    static Instant judgedUntil(CatalogStore catalog, TelemetryStore telemetry, Machine m, List<String> drivers,
                               Resolution res, Instant to, Instant now) {
        Instant until = wholeUntil(res, to, now);
        Instant settled = now.minus(REPORTING_GRACE);
        boolean own = drivers.contains(PRODUCTION), factory = drivers.contains(FACTORY_PRODUCTION) || drivers.contains(OPERATING_HOURS);
        if ((!own && !factory) || !until.isAfter(settled)) return until;
        Instant latest = null;
        for (Machine source : factory ? catalog.machines().stream().filter(o -> o.factoryId().equals(m.factoryId())).toList() : List.of(m)) {
            for (var count : telemetry.production(source.id(), settled.minus(java.time.Duration.ofDays(1)), until)) {
                Instant end = count.timestamp().plusSeconds(3600); // the hour bucket the count is rolled up into, over
                if (latest == null || end.isAfter(latest)) latest = end;
            }
        }
        if (latest == null) return until;
        Instant reported = res.bucketOf(latest.isAfter(settled) ? latest : settled);
        return reported.isBefore(until) ? reported : until;
    }

    /** The longest stop between two producing hours that is still part of the shift (a break, one machine's stop). */
    static final int SHIFT_GAP_HOURS = 2;

    /**
     * The factory's operating hours in each bucket: the hours in which any of its machines produced, and the hours of a
     * stop of at most {@value #SHIFT_GAP_HOURS} hours between two of them. Such an hour is still a shift hour: lights,
     * ventilation and heating stay on, and counted as closed it made an HVAC's steady hour read as 44 % above its
     * baseline; a longer gap (between a day shift and a night shift) is closed. An hour is the finest grain production
     * is counted at, so a 15-minute bucket gets a quarter of its hour and a day the count of its operating hours.
     */
    private static Map<Instant, Double> operatingHours(CatalogStore catalog, TelemetryStore telemetry, Machine m,
                                                       Resolution res, Instant from, Instant to) {
        // the hours around the buckets asked for, so that a stop at the edge of the range sees both its ends
        Instant first = Resolution.HOUR.bucketOf(from), reachFrom = first.minusSeconds(3600L * (SHIFT_GAP_HOURS + 1));
        Map<Instant, Double> hourly = factoryProduction(catalog, telemetry, m, Resolution.HOUR, reachFrom,
                to.plusSeconds(3600L * (SHIFT_GAP_HOURS + 1)));
        java.util.TreeSet<Instant> producing = new java.util.TreeSet<>();
        hourly.forEach((hour, units) -> {
            if (units > 0) producing.add(hour);
        });
        java.util.Set<Instant> operating = new java.util.HashSet<>(producing);
        Instant previous = null;
        for (Instant hour : producing) {
            if (previous != null && hour.getEpochSecond() - previous.getEpochSecond() <= 3600L * (SHIFT_GAP_HOURS + 1)) {
                for (Instant h = previous.plusSeconds(3600); h.isBefore(hour); h = h.plusSeconds(3600)) operating.add(h);
            }
            previous = hour;
        }
        Map<Instant, Double> out = new HashMap<>();
        for (Instant hour : operating) {
            if (hour.isBefore(first) || !hour.isBefore(to)) continue;
            if (res == Resolution.MIN15) {
                for (int q = 0; q < 4; q++) out.put(hour.plusSeconds(900L * q), 0.25);
            } else {
                out.merge(res.bucketOf(hour), 1.0, Double::sum);
            }
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
