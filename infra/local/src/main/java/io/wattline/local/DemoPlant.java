package io.wattline.local;

import io.wattline.domain.CarbonFactor;
import io.wattline.domain.Department;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.OutdoorTemperature;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Tariff;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The demo plant of {@code spec/enms.md}: two factories, eight machines, their tariffs and carbon
 * factors, and a generator of realistic 1-minute telemetry. Power follows shifts in the factory's
 * local time (weekday two shifts, Saturday morning, Sunday off), production drives the compressor,
 * conveyor, pump and moulding machine, outdoor temperature drives HVAC and the boiler, and a few
 * true incidents are planted relative to the seeding anchor (see {@link #incidents}).
 * Every value is a function of (seed, machine, minute): a day generated twice is the same day.
 */
public final class DemoPlant {
    public static final UUID DEMO_FACTORY = UUID.fromString("11111111-1111-1111-1111-111111111111");
    public static final UUID EU_FACTORY = UUID.fromString("22222222-2222-2222-2222-222222222222");

    public static final List<Factory> FACTORIES = List.of(
            new Factory(DEMO_FACTORY, "Demo Manufacturing Plant", "Silicon Valley, CA, USA", "America/Los_Angeles", "USD",
                    "US-California (CAISO)"),
            new Factory(EU_FACTORY, "European Production Facility", "Munich, Germany", "Europe/Berlin", "EUR", "Germany"));

    public static final List<CarbonFactor> CARBON = List.of(
            new CarbonFactor("US-California (CAISO)", 0.22), new CarbonFactor("Germany", 0.35));

    private static final Tariff DEMO_TARIFF = new Tariff(DEMO_FACTORY, "USD", 0.10,
            List.of(new Tariff.Window("peak", EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0),
                    LocalTime.of(21, 0), 0.25)), 15.0);
    private static final Tariff EU_TARIFF = new Tariff(EU_FACTORY, "EUR", 0.18, List.of(), 0.0);
    public static final List<Tariff> TARIFFS = List.of(DEMO_TARIFF, EU_TARIFF);

    private static UUID dept(int n) {
        return UUID.fromString("d0000000-0000-0000-0000-00000000000" + n);
    }

    public static final List<Department> DEPARTMENTS = List.of(
            new Department(dept(1), DEMO_FACTORY, "Production Floor"),
            new Department(dept(2), DEMO_FACTORY, "Utilities"),
            new Department(dept(3), EU_FACTORY, "Utilities"),
            new Department(dept(4), EU_FACTORY, "Building Services"));

    private static Machine machine(int n, String name, String type, double kw, UUID factory, UUID department) {
        return new Machine(UUID.fromString("c0000000-0000-0000-0000-00000000000" + n), factory, department, name, type,
                kw, 400, 50, true);
    }

    public static final List<Machine> MACHINES = List.of(
            machine(1, "Compressor-1", "compressor", 55, DEMO_FACTORY, dept(2)),
            machine(2, "HVAC-Main", "hvac", 150, DEMO_FACTORY, dept(2)),
            machine(3, "Conveyor-A", "motor", 22, DEMO_FACTORY, dept(1)),
            machine(4, "Hydraulic-Pump-1", "pump", 45, DEMO_FACTORY, dept(1)),
            machine(5, "Injection-Molding-1", "injection_molding", 120, DEMO_FACTORY, dept(1)),
            machine(8, "Boiler-1", "boiler", 45, DEMO_FACTORY, dept(2)),
            machine(6, "Compressor-EU-1", "compressor", 90, EU_FACTORY, dept(3)),
            machine(7, "HVAC-EU-North", "hvac", 200, EU_FACTORY, dept(4)));

    /** Units per production hour of the machines whose energy production drives. */
    private static final Map<String, Double> UNITS_PER_HOUR = Map.of(
            "compressor", 300.0, "motor", 400.0, "pump", 80.0, "injection_molding", 120.0);

    /** A planted incident: what happened to which machine, when. */
    public record Incident(UUID machineId, String kind, Instant start, Instant end, String description) {}

    private final long seed;
    private final Instant anchor;

    /**
     * @param anchor the end of the first seeding: incidents are placed this many days before it
     */
    public DemoPlant(long seed, Instant anchor) {
        this.seed = seed;
        this.anchor = anchor.truncatedTo(ChronoUnit.HOURS);
    }

    public Instant anchor() {
        return anchor;
    }

    /** The true incidents of the demo data, for anomaly detection and baselines to find. */
    public List<Incident> incidents() {
        Instant day = anchor.truncatedTo(ChronoUnit.DAYS);
        return List.of(
                new Incident(MACHINES.get(0).id(), "energy_spike", day.minus(Duration.ofDays(5)).plus(Duration.ofHours(17)),
                        day.minus(Duration.ofDays(5)).plus(Duration.ofMinutes(18 * 60 + 30)),
                        "Compressor-1 air leak: power 60 % above normal for 90 minutes"),
                new Incident(MACHINES.get(3).id(), "drift", day.minus(Duration.ofDays(12)), day.minus(Duration.ofDays(9)),
                        "Hydraulic-Pump-1 bearing wear: power drifting up to +30 % over three days until maintenance"),
                new Incident(MACHINES.get(2).id(), "stuck_meter", day.minus(Duration.ofDays(3)).plus(Duration.ofHours(10)),
                        day.minus(Duration.ofDays(3)).plus(Duration.ofHours(16)),
                        "Conveyor-A meter stuck: the same reading repeated for six hours"),
                new Incident(MACHINES.get(1).id(), "energy_drop", day.minus(Duration.ofDays(20)).plus(Duration.ofHours(18)),
                        day.minus(Duration.ofDays(20)).plus(Duration.ofHours(21)),
                        "HVAC-Main tripped: no power for three hours"));
    }

    private static Factory factoryOf(Machine m) {
        return m.factoryId().equals(DEMO_FACTORY) ? FACTORIES.get(0) : FACTORIES.get(1);
    }

    /** Production share of the hour in the factory's local time: 1 in a shift, 0 outside. */
    static double shift(ZonedDateTime local) {
        int h = local.getHour();
        return switch (local.getDayOfWeek()) {
            case SUNDAY -> 0;
            case SATURDAY -> h >= 6 && h < 14 ? 1 : 0;
            default -> h >= 6 && h < 22 ? 1 : 0;
        };
    }

    /** Outdoor temperature at a factory: a daily swing peaking mid-afternoon on a slowly wandering mean. */
    public double outdoorTemperature(UUID factoryId, Instant t) {
        Factory f = factoryId.equals(DEMO_FACTORY) ? FACTORIES.get(0) : FACTORIES.get(1);
        ZonedDateTime local = t.atZone(ZoneId.of(f.timezone()));
        double hour = local.getHour() + local.getMinute() / 60.0;
        double mean = factoryId.equals(DEMO_FACTORY) ? 17 : 6;
        double swing = factoryId.equals(DEMO_FACTORY) ? 7 : 4;
        long day = Math.floorDiv(t.getEpochSecond(), 86_400);
        double wander = 3 * Math.sin(day / 5.3 + (factoryId.equals(DEMO_FACTORY) ? 0 : 2)) + 2 * Math.sin(day / 2.1);
        return mean + wander + swing * Math.sin((hour - 9) / 24 * 2 * Math.PI);
    }

    private SplittableRandom random(Machine m, long minute) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ m.id().getLeastSignificantBits() * 31 ^ minute);
    }

    /** The machine's load (share of rated power) at the minute, before incidents and noise. */
    private double load(Machine m, Instant t) {
        ZonedDateTime local = t.atZone(ZoneId.of(factoryOf(m).timezone()));
        double shift = shift(local);
        double outdoor = outdoorTemperature(m.factoryId(), t);
        return switch (m.type()) {
            case "compressor" -> 0.18 + 0.62 * shift;
            case "motor" -> 0.06 + 0.70 * shift;
            case "pump" -> 0.12 + 0.58 * shift;
            case "injection_molding" -> 0.10 + 0.72 * shift;
            case "hvac" -> Math.min(0.95, 0.12 + 0.25 * shift + 0.035 * Math.abs(outdoor - 20));
            case "boiler" -> Math.min(0.95, 0.08 + 0.05 * Math.max(0, 16 - outdoor) + 0.15 * shift);
            default -> 0.5;
        };
    }

    /** One minute of one machine: the reading that ends at {@code t}. */
    public Reading reading(Machine m, Instant t) {
        long minute = t.getEpochSecond() / 60;
        SplittableRandom r = random(m, minute);
        double load = load(m, t) * (1 + 0.03 * r.nextGaussian());
        for (Incident i : incidents()) {
            if (!i.machineId().equals(m.id()) || t.isBefore(i.start()) || !t.isBefore(i.end())) continue;
            switch (i.kind()) {
                case "energy_spike" -> load *= 1.6;
                case "energy_drop" -> load = 0;
                case "drift" -> load *= 1 + 0.3 * Duration.between(i.start(), t).toMinutes()
                        / (double) Duration.between(i.start(), i.end()).toMinutes();
                case "stuck_meter" -> {
                    return reading(m, i.start().minusSeconds(60)).withTimestamp(t); // the last good value, repeated
                }
                default -> { }
            }
        }
        double kw = Math.max(0, m.ratedPowerKw() * load);
        double pf = kw == 0 ? 0 : Math.min(0.99, 0.86 + 0.04 * Math.min(1, load) + 0.005 * r.nextGaussian());
        double volts = 400 + 2.0 * r.nextGaussian();
        double amps = kw == 0 ? 0 : kw * 1000 / (Math.sqrt(3) * volts * pf);
        double temp = 30 + 25 * Math.min(1, load) + 0.5 * r.nextGaussian();
        return new Reading(m.id(), t, round(kw, 3), round(kw / 60, 5), round(amps, 2), round(volts, 1), round(pf, 3),
                round(50 + 0.02 * r.nextGaussian(), 3), round(temp, 1));
    }

    /** Units made in the hour ending at {@code t} (machines without production give none). */
    public ProductionCount production(Machine m, Instant t) {
        Double rate = UNITS_PER_HOUR.get(m.type());
        if (rate == null) return null;
        SplittableRandom r = random(m, -t.getEpochSecond());
        double share = shift(t.minusSeconds(1800).atZone(ZoneId.of(factoryOf(m).timezone())));
        long good = Math.max(0, Math.round(rate * share * (1 + 0.05 * r.nextGaussian())));
        long bad = good == 0 ? 0 : Math.round(good * 0.015 * r.nextDouble());
        return new ProductionCount(m.id(), t, good, bad);
    }

    /** Everything one machine produces in {@code [from, to)}: readings per minute, production per hour. */
    public Batch generate(Machine m, Instant from, Instant to) {
        List<Reading> readings = new ArrayList<>();
        List<ProductionCount> production = new ArrayList<>();
        for (Instant t = ceil(from, 60); t.isBefore(to); t = t.plusSeconds(60)) {
            readings.add(reading(m, t));
            if (t.getEpochSecond() % 3600 == 0) {
                ProductionCount p = production(m, t);
                if (p != null) production.add(p);
            }
        }
        return new Batch(readings, production);
    }

    /** Hourly outdoor temperatures of a factory in {@code [from, to)}. */
    public List<OutdoorTemperature> weather(UUID factoryId, Instant from, Instant to) {
        List<OutdoorTemperature> out = new ArrayList<>();
        for (Instant t = ceil(from, 3600); t.isBefore(to); t = t.plusSeconds(3600)) {
            out.add(new OutdoorTemperature(factoryId, t, round(outdoorTemperature(factoryId, t), 1)));
        }
        return out;
    }

    public record Batch(List<Reading> readings, List<ProductionCount> production) {}

    private static Instant ceil(Instant t, long seconds) {
        long s = t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0);
        return Instant.ofEpochSecond(-Math.floorDiv(-s, seconds) * seconds);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
