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
import java.time.LocalDate;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo plant of {@code spec/enms.md}: two factories, eight machines, their tariffs and carbon
 * factors, and a generator of realistic 1-minute telemetry. Power follows shifts in the factory's
 * local time (weekday two shifts, Saturday only when orders are high, Sunday and public holidays off),
 * production drives the compressor, conveyor, pump and moulding machine, outdoor temperature drives HVAC
 * and the boiler, and a few true incidents are planted relative to the seeding anchor ({@link #incidents}).
 * Weeks differ as a real plant's do: order levels by week and day, late starts, early finishes,
 * changeovers, breakdowns, shutdown days, spells of weather ({@code docs/DEMO_PLANT.md}).
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

    /** Outdoor temperature at a factory: a daily swing peaking mid-afternoon on a wandering mean, with spells of weather. */
    public double outdoorTemperature(UUID factoryId, Instant t) {
        Factory f = factoryId.equals(DEMO_FACTORY) ? FACTORIES.get(0) : FACTORIES.get(1);
        ZonedDateTime local = t.atZone(ZoneId.of(f.timezone()));
        double hour = local.getHour() + local.getMinute() / 60.0;
        double mean = factoryId.equals(DEMO_FACTORY) ? 17 : 6;
        double swing = factoryId.equals(DEMO_FACTORY) ? 7 : 4;
        double days = t.getEpochSecond() / 86_400.0;
        long day = (long) Math.floor(days);
        double wander = 3 * Math.sin(day / 5.3 + (factoryId.equals(DEMO_FACTORY) ? 0 : 2)) + 2 * Math.sin(day / 2.1);
        // warm and cold spells: a persistent day-to-day anomaly, blended across midnight so it has no jumps
        double frac = days - day;
        double spell = (1 - frac) * weatherSpell(factoryId, day) + frac * weatherSpell(factoryId, day + 1);
        return mean + wander + spell + swing * Math.sin((hour - 9) / 24 * 2 * Math.PI);
    }

    /** A weighted moving sum of daily draws: spells that last a few days, about ±3 °C. */
    private double weatherSpell(UUID factoryId, long day) {
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            sum += (4 - k) * draw(factoryId.getLeastSignificantBits(), "weather", day - k).nextGaussian();
        }
        return 3 * sum / Math.sqrt(16 + 9 + 4 + 1);
    }

    /** A generator for one (subject, kind, day): the same arguments give the same draws. */
    private SplittableRandom draw(long subject, String kind, long day) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ subject * 0xC2B2AE3D27D4EB4FL ^ kind.hashCode() * 31L ^ day);
    }

    private SplittableRandom random(Machine m, long minute) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ m.id().getLeastSignificantBits() * 31 ^ minute);
    }

    /**
     * A factory's working day in its local time: when the shifts run and how busy they are. Holidays and
     * plant shutdowns have no shift; weekday shifts sometimes start late or end early; Saturday runs only
     * when orders are high; the order level varies by week and by day.
     *
     * @param start  minute of the day production starts (−1: no production)
     * @param end    minute of the day it stops
     * @param orders share of full output the order book asks for
     * @param reason why the day is special (holiday, shutdown, late start, …), or "" for an ordinary day
     */
    public record WorkDay(int start, int end, double orders, String reason) {
        boolean producing(int minuteOfDay) {
            return start >= 0 && minuteOfDay >= start && minuteOfDay < end;
        }
    }

    private final Map<String, WorkDay> workDays = new ConcurrentHashMap<>();

    /** The factory's working day for a local date (cached: every minute of the day asks for it). */
    public WorkDay workDay(UUID factoryId, LocalDate date) {
        return workDays.computeIfAbsent(factoryId + "@" + date, k -> planDay(factoryId, date));
    }

    private WorkDay planDay(UUID factoryId, LocalDate date) {
        long subject = factoryId.getLeastSignificantBits();
        long week = date.with(java.time.temporal.WeekFields.ISO.dayOfWeek(), 1).toEpochDay();
        // the week's order book (0.70-1.10 of full output), then the day's share of it
        double orders = 0.9 + 0.2 * Math.max(-1, Math.min(1, draw(subject, "orders", week).nextGaussian() / 1.5));
        SplittableRandom r = draw(subject, "day", date.toEpochDay());
        orders = Math.max(0.5, Math.min(1.1, orders * (1 + 0.08 * r.nextGaussian())));
        String holiday = Holidays.of(factoryId.equals(DEMO_FACTORY) ? "US" : "DE", date);
        if (holiday != null) return new WorkDay(-1, -1, 0, holiday);
        DayOfWeek dow = date.getDayOfWeek();
        if (dow == DayOfWeek.SUNDAY) return new WorkDay(-1, -1, 0, "Sunday");
        if (dow == DayOfWeek.SATURDAY) {
            // a Saturday morning shift when the week's orders are high, a long one when they are very high
            return orders > 0.95 ? new WorkDay(6 * 60, (orders > 1.02 ? 16 : 14) * 60, orders, "Saturday shift")
                    : new WorkDay(-1, -1, 0, "Saturday off");
        }
        if (r.nextDouble() < 0.03) return new WorkDay(-1, -1, 0, "plant shutdown (maintenance day)");
        int start = 6 * 60, end = 22 * 60;
        String reason = "";
        if (r.nextDouble() < 0.15) {
            start += 15 + r.nextInt(76);
            reason = "late start";
        }
        if (orders < 0.85 && r.nextDouble() < 0.5) {
            end -= 60 * (1 + r.nextInt(4));
            reason = reason.isEmpty() ? "early finish (low orders)" : reason + ", early finish (low orders)";
        }
        return new WorkDay(start, end, orders, reason);
    }

    /**
     * A machine's stoppages on a local date, as [start, end) minutes of the day: changeovers on the
     * production lines (about one day in three), breakdowns (about one day in twenty). None on a day
     * with a planted incident of the same machine, so the incidents stay as described.
     */
    public List<int[]> stoppages(Machine m, LocalDate date) {
        return stoppages.computeIfAbsent(m.id() + "@" + date, k -> planStoppages(m, date));
    }

    private final Map<String, List<int[]>> stoppages = new ConcurrentHashMap<>();

    private List<int[]> planStoppages(Machine m, LocalDate date) {
        ZoneId zone = ZoneId.of(factoryOf(m).timezone());
        Instant dayStart = date.atStartOfDay(zone).toInstant(), dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
        for (Incident i : incidents()) {
            if (i.machineId().equals(m.id()) && i.start().isBefore(dayEnd) && i.end().isAfter(dayStart)) return List.of();
        }
        SplittableRandom r = draw(m.id().getLeastSignificantBits(), "stoppages", date.toEpochDay());
        List<int[]> out = new ArrayList<>();
        boolean line = !m.type().equals("compressor") && UNITS_PER_HOUR.containsKey(m.type());
        if (line && r.nextDouble() < 0.35) {
            int length = 45 + r.nextInt(106);
            int start = 7 * 60 + r.nextInt(13 * 60);
            out.add(new int[] {start, start + length});
        }
        if (r.nextDouble() < 0.05) {
            int length = 60 + r.nextInt(240);
            int start = r.nextInt(24 * 60 - length);
            out.add(new int[] {start, start + length});
        }
        return List.copyOf(out);
    }

    /** How hard the machine is producing at the minute: 0 outside shifts and in stoppages, else the day's order level. */
    double activity(Machine m, Instant t) {
        ZonedDateTime local = t.atZone(ZoneId.of(factoryOf(m).timezone()));
        int minute = local.getHour() * 60 + local.getMinute();
        WorkDay day = workDay(m.factoryId(), local.toLocalDate());
        if (!day.producing(minute)) return 0;
        for (int[] stop : stoppages(m, local.toLocalDate())) {
            if (minute >= stop[0] && minute < stop[1]) return 0;
        }
        if (m.type().equals("compressor")) {
            // compressed air goes to the factory's lines: demand follows how many of them run
            List<Machine> lines = MACHINES.stream().filter(l -> l.factoryId().equals(m.factoryId())
                    && !l.type().equals("compressor") && UNITS_PER_HOUR.containsKey(l.type())).toList();
            if (!lines.isEmpty()) {
                double running = 0;
                for (Machine l : lines) running += activity(l, t) > 0 ? 1 : 0;
                return day.orders() * (0.4 + 0.6 * running / lines.size());
            }
        }
        return day.orders();
    }

    /** The machine's load (share of rated power) at the minute, before incidents and noise. */
    private double load(Machine m, Instant t) {
        ZonedDateTime local = t.atZone(ZoneId.of(factoryOf(m).timezone()));
        double outdoor = outdoorTemperature(m.factoryId(), t);
        // people in the building: HVAC and heating follow occupancy, not a line's stoppages
        double occupied = workDay(m.factoryId(), local.toLocalDate()).producing(local.getHour() * 60 + local.getMinute()) ? 1 : 0;
        double a = activity(m, t);
        return switch (m.type()) {
            case "compressor" -> 0.18 + 0.62 * a;
            case "motor" -> 0.06 + 0.70 * a;
            case "pump" -> 0.12 + 0.58 * a;
            case "injection_molding" -> 0.10 + 0.72 * a;
            case "hvac" -> Math.min(0.95, 0.12 + 0.25 * occupied + 0.035 * Math.abs(outdoor - 20));
            case "boiler" -> Math.min(0.95, 0.08 + 0.05 * Math.max(0, 16 - outdoor) + 0.15 * occupied);
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

    /**
     * Units made in the hour that starts at {@code hour} (machines without production give none): the
     * machine's rate times its mean activity over the hour's minutes, with a little noise.
     */
    public ProductionCount production(Machine m, Instant hour) {
        Double rate = UNITS_PER_HOUR.get(m.type());
        if (rate == null) return null;
        double active = 0;
        for (int i = 0; i < 60; i++) active += activity(m, hour.plusSeconds(60L * i)); // the readings of its roll-up bucket
        SplittableRandom r = random(m, -hour.getEpochSecond());
        long good = Math.max(0, Math.round(rate * active / 60 * (1 + 0.03 * r.nextGaussian())));
        long bad = good == 0 ? 0 : Math.round(good * 0.015 * r.nextDouble());
        return new ProductionCount(m.id(), hour, good, bad);
    }

    /**
     * Everything one machine produces in {@code [from, to)}: a reading per minute, and the count of each
     * hour that ends in the span, stamped at the hour's start (as a plant reports an hour once it is over).
     */
    public Batch generate(Machine m, Instant from, Instant to) {
        List<Reading> readings = new ArrayList<>();
        List<ProductionCount> production = new ArrayList<>();
        for (Instant t = ceil(from, 60); t.isBefore(to); t = t.plusSeconds(60)) {
            readings.add(reading(m, t));
            if (t.getEpochSecond() % 3600 == 0) {
                ProductionCount p = production(m, t.minusSeconds(3600));
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
        return io.wattline.http.Decimals.round(v, digits);
    }
}
