package io.wattline.kpi;

import io.wattline.domain.CarbonFactor;
import io.wattline.domain.Department;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Tariff;
import io.wattline.store.CatalogStore;
import io.wattline.store.TelemetryStore;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** The spec's demo plant (two factories, eight machines, tariffs, carbon factors) with random 1-minute data. */
final class DemoPlant {
    static final UUID LA = UUID.fromString("11111111-1111-1111-1111-111111111111");
    static final UUID EU = UUID.fromString("22222222-2222-2222-2222-222222222222");
    static final UUID COMPRESSOR = UUID.fromString("c0000000-0000-0000-0000-000000000001");
    static final UUID HVAC = UUID.fromString("c0000000-0000-0000-0000-000000000002");
    static final UUID CONVEYOR = UUID.fromString("c0000000-0000-0000-0000-000000000003");
    static final UUID PUMP = UUID.fromString("c0000000-0000-0000-0000-000000000004");
    static final UUID MOLDING = UUID.fromString("c0000000-0000-0000-0000-000000000005");
    static final UUID COMPRESSOR_EU = UUID.fromString("c0000000-0000-0000-0000-000000000006");
    static final UUID HVAC_EU = UUID.fromString("c0000000-0000-0000-0000-000000000007");
    static final UUID BOILER = UUID.fromString("c0000000-0000-0000-0000-000000000008");
    static final UUID PROD_LA = UUID.nameUUIDFromBytes("prod-la".getBytes());
    static final UUID UTIL_LA = UUID.nameUUIDFromBytes("util-la".getBytes());
    static final UUID PROD_EU = UUID.nameUUIDFromBytes("prod-eu".getBytes());
    static final UUID UTIL_EU = UUID.nameUUIDFromBytes("util-eu".getBytes());

    static final Map<UUID, List<Reading>> RAW = new HashMap<>();
    static final Map<UUID, List<ProductionCount>> RAW_PROD = new HashMap<>();

    private DemoPlant() {}

    static void catalog(CatalogStore c) {
        c.put(new Factory(LA, "Demo Manufacturing Plant", "Silicon Valley, CA, USA", "America/Los_Angeles", "USD", "US-California (CAISO)"));
        c.put(new Factory(EU, "European Production Facility", "Munich, Germany", "Europe/Berlin", "EUR", "Germany"));
        c.put(new Department(PROD_LA, LA, "Production Floor"));
        c.put(new Department(UTIL_LA, LA, "Utilities"));
        c.put(new Department(PROD_EU, EU, "Production Floor"));
        c.put(new Department(UTIL_EU, EU, "Utilities"));
        c.put(machine(COMPRESSOR, LA, UTIL_LA, "Compressor-1", "compressor", 55));
        c.put(machine(HVAC, LA, UTIL_LA, "HVAC-Main", "hvac", 150));
        c.put(machine(CONVEYOR, LA, PROD_LA, "Conveyor-A", "motor", 22));
        c.put(machine(PUMP, LA, PROD_LA, "Hydraulic-Pump-1", "pump", 45));
        c.put(machine(MOLDING, LA, PROD_LA, "Injection-Molding-1", "injection_molding", 120));
        c.put(machine(BOILER, LA, UTIL_LA, "Boiler-1", "boiler", 45));
        c.put(machine(COMPRESSOR_EU, EU, UTIL_EU, "Compressor-EU-1", "compressor", 90));
        c.put(machine(HVAC_EU, EU, UTIL_EU, "HVAC-EU-North", "hvac", 200));
        c.put(new Tariff(LA, "USD", 0.10, List.of(new Tariff.Window("peak", EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0), LocalTime.of(21, 0), 0.25)), 15.0));
        c.put(new Tariff(EU, "EUR", 0.18, List.of(), 0));
        c.put(new CarbonFactor("US-California (CAISO)", 0.22));
        c.put(new CarbonFactor("Germany", 0.35));
    }

    static Machine machine(UUID id, UUID factory, UUID dept, String name, String type, double kw) {
        return new Machine(id, factory, dept, name, type, kw, 400, 50, true);
    }

    /** 1-minute readings for every machine over {@code [from, to)}; production for all but the HVACs and the boiler. */
    static void telemetry(TelemetryStore t, CatalogStore c, Instant from, Instant to, long seed) {
        Random rnd = new Random(seed);
        for (Machine m : c.machines()) {
            List<Reading> rs = new ArrayList<>();
            List<ProductionCount> ps = new ArrayList<>();
            boolean producing = !m.type().equals("hvac") && !m.type().equals("boiler");
            for (Instant ts = from; ts.isBefore(to); ts = ts.plusSeconds(60)) {
                if (rnd.nextInt(100) == 0) continue; // missing minutes
                double p = m.ratedPowerKw() * (0.4 + 0.4 * rnd.nextDouble());
                rs.add(new Reading(m.id(), ts, p, p / 60.0, null, 400.0, 0.9, 50.0, null));
                if (producing && ts.getEpochSecond() % 600 == 0) ps.add(new ProductionCount(m.id(), ts, 5 + rnd.nextInt(10), 0));
            }
            RAW.put(m.id(), rs);
            RAW_PROD.put(m.id(), ps);
            for (int i = 0; i < rs.size(); i += 2000) t.writeReadings(rs.subList(i, Math.min(rs.size(), i + 2000)));
            if (!ps.isEmpty()) t.writeProduction(ps);
        }
    }

    static ZoneId zone(UUID factory) {
        return ZoneId.of(factory.equals(LA) ? "America/Los_Angeles" : "Europe/Berlin");
    }
}
