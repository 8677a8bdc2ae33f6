package io.wattline.kpi;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.analytics.kpi.RangePlan;
import io.wattline.domain.DomainException;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.http.ApiRequest;
import io.wattline.http.ApiResponse;
import io.wattline.http.Json;
import io.wattline.jobs.JobCatalog;
import io.wattline.testing.MemoryCatalogStore;
import io.wattline.kpi.store.MemoryKpiSnapshotStore;
import io.wattline.testing.MemoryTelemetryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.wattline.kpi.DemoPlant.COMPRESSOR;
import static io.wattline.kpi.DemoPlant.COMPRESSOR_EU;
import static io.wattline.kpi.DemoPlant.HVAC;
import static io.wattline.kpi.DemoPlant.EU;
import static io.wattline.kpi.DemoPlant.LA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KPI function's routes over in-memory ports: seed shapes, values against a naive raw-point
 * computation (to the wire's rounding), bad input (422, 400, 404), and the job's idempotence.
 */
class KpiFunctionTest {
    static final MemoryCatalogStore CATALOG = new MemoryCatalogStore();
    static final MemoryTelemetryStore TELEMETRY = new MemoryTelemetryStore();
    static final Instant FROM = Instant.parse("2025-10-30T00:00:00Z"), TO = Instant.parse("2025-11-05T00:00:00Z");
    static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2025-11-06T12:00:00Z"));

    MemoryKpiSnapshotStore snapshots;
    KpiFunction fn;

    @BeforeAll
    static void plant() {
        DemoPlant.catalog(CATALOG);
        DemoPlant.telemetry(TELEMETRY, CATALOG, FROM, TO, 42);
    }

    @BeforeEach
    void function() {
        snapshots = new MemoryKpiSnapshotStore();
        fn = new KpiFunction(new KpiService(CATALOG, TELEMETRY, snapshots, io.wattline.store.AnomalyLog.NONE, NOW::get), null);
    }

    static ApiRequest get(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new ApiRequest("GET", path, query, Map.of(), null, UUID.randomUUID().toString(), Map.of());
    }

    JsonNode call(int status, String pathAndQuery) throws Exception {
        ApiResponse r = fn.handle(get(pathAndQuery));
        assertEquals(status, r.status(), pathAndQuery + " -> " + r.body());
        return JsonTrees.readTree(r.body());
    }

    /** A JSON object's field names, in the order they are written. */
    static List<String> fields(JsonNode object) {
        assertTrue(object.isObject(), "an object: " + object);
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static void near(double expected, JsonNode actual, double tolerance, String what) {
        assertTrue(actual.isNumber(), what + " is a number: " + actual);
        assertTrue(Math.abs(expected - actual.asDouble()) <= tolerance, what + ": expected " + expected + " got " + actual);
    }

    /** Naive totals from the raw points; {@code demand} is the demand charge at 15 per kW. */
    record Naive(double energy, double avg, long units, double peak, Instant peakAt, double cost, double demand) {}

    /**
     * The demand charge at {@code rate} from 15-minute means: each LA-local month's highest, times the share of that
     * month the period covers.
     */
    static double demandCharge(Map<Instant, double[]> quarters, Instant from, Instant to, ZoneId zone, double rate) {
        Map<java.time.YearMonth, Double> peaks = new java.util.TreeMap<>();
        quarters.forEach((b, a) -> peaks.merge(java.time.YearMonth.from(b.atZone(zone)), a[0] / a[1], Math::max));
        double charge = 0;
        for (var m : peaks.entrySet()) {
            ZonedDateTime first = m.getKey().atDay(1).atStartOfDay(zone), next = first.plusMonths(1);
            long covered = Math.min(to.toEpochMilli(), next.toInstant().toEpochMilli())
                    - Math.max(from.toEpochMilli(), first.toInstant().toEpochMilli());
            charge += rate * m.getValue() * covered / (next.toInstant().toEpochMilli() - first.toInstant().toEpochMilli());
        }
        return charge;
    }

    static Naive naive(UUID machine, Instant from, Instant to) {
        double e = 0, ps = 0, cost = 0;
        long n = 0, units = 0;
        Map<Instant, double[]> q = new java.util.TreeMap<>();
        ZoneId zone = ZoneId.of("America/Los_Angeles");
        for (Reading r : DemoPlant.RAW.get(machine)) {
            if (r.timestamp().isBefore(from) || !r.timestamp().isBefore(to)) continue;
            e += r.energyKwh();
            ps += r.powerKw();
            n++;
            ZonedDateTime z = r.timestamp().atZone(zone);
            boolean peak = z.getDayOfWeek().getValue() <= 5 && z.getHour() >= 9 && z.getHour() < 21;
            cost += r.energyKwh() * (peak ? 0.25 : 0.10);
            long s = r.timestamp().getEpochSecond();
            Instant b = Instant.ofEpochSecond(s - Math.floorMod(s, 900));
            if (b.isBefore(from)) b = from;
            double[] a = q.computeIfAbsent(b, k -> new double[2]);
            a[0] += r.powerKw();
            a[1]++;
        }
        // an hour's units taken as even within it: an hour the period cuts counts its covered share, in whole units
        Map<Instant, Long> hours = new java.util.TreeMap<>();
        for (ProductionCount p : DemoPlant.RAW_PROD.get(machine)) {
            hours.merge(p.timestamp().truncatedTo(java.time.temporal.ChronoUnit.HOURS), p.productionCount(), Long::sum);
        }
        for (var h : hours.entrySet()) {
            Instant a = h.getKey().isBefore(from) ? from : h.getKey(), b = h.getKey().plusSeconds(3600).isAfter(to) ? to : h.getKey().plusSeconds(3600);
            if (!a.isBefore(b)) continue;
            double share = (b.toEpochMilli() - a.toEpochMilli()) / 3_600_000.0;
            units += share == 1 ? h.getValue() : Math.round(h.getValue() * share);
        }
        double peak = -1;
        Instant at = null;
        for (var en : q.entrySet()) {
            double m = en.getValue()[0] / en.getValue()[1];
            if (m > peak) {
                peak = m;
                at = en.getKey();
            }
        }
        return new Naive(e, ps / n, units, peak, at, cost, demandCharge(q, from, to, zone, 15.0));
    }

    // ------------------------------------------------------------------ KPIs

    @Test
    void allKpisHaveTheSeedShapeAndAgreeWithTheRawPoints() throws Exception {
        String start = "2025-10-31T03:07:00Z", end = "2025-11-04T23:59:59Z";
        JsonNode b = call(200, "/api/v1/kpi/all?machine_id=" + COMPRESSOR + "&start=" + start + "&end=" + end);
        Naive n = naive(COMPRESSOR, Instant.parse(start), Instant.parse(end));
        assertEquals(COMPRESSOR.toString(), b.get("machine_id").asText());
        assertEquals("Compressor-1", b.get("machine_name").asText());
        assertEquals("compressor", b.get("machine_type").asText());
        assertEquals("2025-10-31T03:07:00+00:00", b.at("/time_period/start").asText());
        assertEquals("2025-11-04T23:59:59+00:00", b.at("/time_period/end").asText());
        near(116.8831, b.at("/time_period/hours"), 1e-4, "hours");
        JsonNode k = b.get("kpis");
        near(n.energy / n.units, k.at("/sec/value"), 1e-4, "sec");
        assertEquals("kWh/unit", k.at("/sec/unit").asText());
        near(n.peak, k.at("/peak_demand/value"), 1e-4, "peak");
        assertEquals(n.peakAt.toString().replace("Z", "+00:00"), k.at("/peak_demand/timestamp").asText());
        near(n.avg / n.peak, k.at("/load_factor/value"), 1e-4, "load factor");
        near(n.avg / n.peak * 100, k.at("/load_factor/percent"), 0.005, "load factor %");
        near(n.cost, k.at("/energy_cost/value"), 0.005, "cost");
        assertEquals("USD", k.at("/energy_cost/unit").asText());
        near(n.cost / n.units, k.at("/energy_cost/cost_per_unit"), 1e-4, "cost per unit");
        near(n.demand, k.at("/demand_charge/value"), 0.005, "demand charge");
        // the period runs over two LA months (Oct 30 20:07 .. Nov 4 16:59 local): each month's part on its own line
        assertEquals(List.of("2025-10", "2025-11"), k.at("/demand_charge/months").findValuesAsText("month"));
        double months = 0;
        for (JsonNode m : k.at("/demand_charge/months")) months += m.get("value").asDouble();
        assertEquals(k.at("/demand_charge/value").asDouble(), months, 1e-9, "months add up to the charge as shown");
        assertTrue(n.demand < 15.0 * n.peak / 5, "five days pay a fraction of a month's charge: " + n.demand);
        assertEquals(15.0, k.at("/demand_charge/rate_per_kw").asDouble());
        near(n.energy * 0.22, k.at("/carbon_intensity/value"), 1e-4, "carbon");
        near(n.energy * 0.22 / n.units, k.at("/carbon_intensity/co2_per_unit"), 1e-4, "co2 per unit");
        assertEquals("kg CO2", k.at("/carbon_intensity/unit").asText());
        near(n.energy, b.at("/totals/total_energy_kwh"), 1e-4, "energy");
        near(n.avg, b.at("/totals/avg_power_kw"), 1e-4, "avg power");
        assertEquals(n.units, b.at("/totals/total_production_units").asLong());
        // bands add up to the energy charge
        double bands = 0;
        for (JsonNode band : k.at("/energy_cost/breakdown")) bands += band.get("cost").asDouble();
        near(n.cost, new com.fasterxml.jackson.databind.node.DoubleNode(bands), 0.02, "bands");
        // to the cent as shown: the bands add up to the energy charge, and it and the demand charge to the total
        assertEquals(k.at("/energy_cost/value").asDouble(), bands, 1e-9, "bands as shown");
        assertEquals(b.at("/totals/total_cost").asDouble(),
                k.at("/energy_cost/value").asDouble() + k.at("/demand_charge/value").asDouble(), 1e-9, "total as shown");
        assertEquals(k.at("/energy_cost/total_cost").asDouble(), b.at("/totals/total_cost").asDouble(), 1e-9);
    }

    @Test
    void kpiBodiesKeepTheirFieldsInOrderAndLeaveOutReasonsWithNothingToExplain() throws Exception {
        String q = "?machine_id=" + COMPRESSOR + "&start=2025-11-01T00:00:00Z&end=2025-11-03T00:00:00Z";
        JsonNode all = call(200, "/api/v1/kpi/all" + q);
        assertEquals(List.of("machine_id", "machine_name", "machine_type", "time_period", "kpis", "totals"), fields(all));
        assertEquals(List.of("start", "end", "hours"), fields(all.get("time_period")));
        JsonNode k = all.get("kpis");
        assertEquals(List.of("sec", "peak_demand", "load_factor", "energy_cost", "demand_charge", "carbon_intensity"), fields(k));
        assertEquals(List.of("value", "unit", "description"), fields(k.get("sec")));
        assertEquals(List.of("value", "unit", "description", "timestamp", "local_timestamp", "timezone", "interval_minutes"),
                fields(k.get("peak_demand")));
        // "when was the peak?" in the factory's time, as forecast/peak gives it
        java.time.ZoneId zone = java.time.ZoneId.of(k.at("/peak_demand/timezone").asText());
        assertEquals(java.time.LocalDateTime.ofInstant(Instant.parse(k.at("/peak_demand/timestamp").asText()), zone)
                .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")), k.at("/peak_demand/local_timestamp").asText());
        assertEquals(List.of("value", "percent", "unit", "description"), fields(k.get("load_factor")));
        assertEquals(List.of("value", "cost_per_unit", "unit", "description", "breakdown", "demand_charge", "total_cost"),
                fields(k.get("energy_cost")));
        assertEquals(List.of("band", "energy_kwh", "rate", "cost"), fields(k.at("/energy_cost/breakdown/0")));
        assertEquals(List.of("value", "rate_per_kw", "peak_demand_kw", "unit", "description", "months"), fields(k.get("demand_charge")));
        assertEquals(List.of("value", "co2_per_unit", "unit", "description", "factor_kg_per_kwh", "region"),
                fields(k.get("carbon_intensity")));
        assertEquals(List.of("total_energy_kwh", "avg_power_kw", "total_production_units", "total_cost", "readings"),
                fields(all.get("totals")));

        JsonNode sec = call(200, "/api/v1/kpi/sec" + q);
        assertEquals(List.of("machine_id", "machine_name", "time_period", "sec"), fields(sec));
        assertEquals(List.of("value", "unit", "total_energy", "total_production"), fields(sec.get("sec")));
        JsonNode peak = call(200, "/api/v1/kpi/peak-demand" + q);
        assertEquals(List.of("machine_id", "machine_name", "time_period", "peak_demand"), fields(peak));
        assertEquals(List.of("value", "unit", "timestamp", "local_timestamp", "timezone", "avg_power", "interval_minutes"),
                fields(peak.get("peak_demand")));
        JsonNode lf = call(200, "/api/v1/kpi/load-factor" + q);
        assertEquals(List.of("value", "percent", "unit", "description", "avg_power", "peak_demand"), fields(lf.get("load_factor")));
        JsonNode cost = call(200, "/api/v1/kpi/energy-cost" + q);
        assertEquals(List.of("machine_id", "machine_name", "time_period", "energy_cost", "demand_charge"), fields(cost));
        assertEquals(List.of("value", "cost_per_unit", "unit", "description", "total_energy", "breakdown", "demand_charge",
                "total_cost"), fields(cost.get("energy_cost")));
        assertEquals(List.of("value", "rate_per_kw", "peak_demand_kw", "unit", "description", "months"), fields(cost.get("demand_charge")));
        JsonNode carbon = call(200, "/api/v1/kpi/carbon" + q);
        assertEquals(List.of("machine_id", "machine_name", "time_period", "carbon_intensity"), fields(carbon));
        assertEquals(List.of("value", "co2_per_unit", "unit", "description", "factor_kg_per_kwh", "region", "total_energy"),
                fields(carbon.get("carbon_intensity")));

        // without production: the values that need it are null and a reason follows them
        JsonNode hvac = call(200, "/api/v1/kpi/all?machine_id=" + HVAC + "&start=2025-11-01T00:00:00Z&end=2025-11-03T00:00:00Z");
        assertEquals(List.of("value", "unit", "description", "reason"), fields(hvac.at("/kpis/sec")));
        assertEquals("No production recorded in this period: no figure per unit", hvac.at("/kpis/energy_cost/reason").asText());
        assertEquals("No production recorded in this period: no figure per unit", hvac.at("/kpis/carbon_intensity/reason").asText());
        assertEquals(List.of("value", "percent", "unit", "description"), fields(hvac.at("/kpis/load_factor")));
        assertEquals(List.of("value", "unit", "total_energy", "total_production", "reason"),
                fields(call(200, "/api/v1/kpi/sec?machine_id=" + HVAC + "&start=2025-11-01T00:00:00Z&end=2025-11-03T00:00:00Z").get("sec")));
    }

    /**
     * A period that runs into an hour whose energy is metered but whose production count has not arrived (counts posted
     * at each hour's end): per-unit figures count the hours before it, and say so; "today's" SEC read high through each
     * hour and fell when the count landed (a voice hunt: 1.56 against 1.37 kWh/unit).
     */
    @Test
    void perUnitFiguresLeaveOutTheHourInProgressUntilItsCountArrives() throws Exception {
        Instant saved = NOW.get();
        try {
            NOW.set(Instant.parse("2025-11-01T12:20:00Z"));
            MemoryCatalogStore catalog = new MemoryCatalogStore();
            MemoryTelemetryStore telemetry = new MemoryTelemetryStore();
            DemoPlant.catalog(catalog);
            List<Reading> readings = new ArrayList<>();
            for (Instant t = Instant.parse("2025-11-01T10:00:00Z"); t.isBefore(NOW.get()); t = t.plusSeconds(60)) {
                readings.add(new Reading(COMPRESSOR, t, 30, 0.5, null, 400.0, 0.9, 50.0, null));
            }
            telemetry.writeReadings(readings);
            telemetry.writeProduction(List.of(new ProductionCount(COMPRESSOR, Instant.parse("2025-11-01T10:30:00Z"), 40, 0),
                    new ProductionCount(COMPRESSOR, Instant.parse("2025-11-01T11:30:00Z"), 40, 0)));
            fn = new KpiFunction(new KpiService(catalog, telemetry, new MemoryKpiSnapshotStore(), io.wattline.store.AnomalyLog.NONE, NOW::get), null);
            String today = "/api/v1/kpi/sec?machine_id=" + COMPRESSOR + "&start=2025-11-01T00:00:00Z&end=2025-11-02T00:00:00Z";
            JsonNode sec = call(200, today).get("sec");
            assertEquals(70.0, sec.get("total_energy").asDouble(), 1e-9, "the energy counts every reading");
            assertEquals(60.0 / 80, sec.get("value").asDouble(), 1e-4, "per unit: the hours before 12:00, not 70 / 80");
            assertEquals("Per unit over the hours before 2025-11-01T12:00:00+00:00: the hour in progress has its energy metered"
                    + " and no production count yet", sec.get("note").asText());
            JsonNode all = call(200, today.replace("/kpi/sec", "/kpi/all")).get("kpis");
            assertEquals(60.0 * 0.10 / 80, all.at("/energy_cost/cost_per_unit").asDouble(), 1e-4, all.toString());
            // the hour's count arrives: the whole period
            telemetry.writeProduction(List.of(new ProductionCount(COMPRESSOR, Instant.parse("2025-11-01T12:10:00Z"), 10, 0)));
            JsonNode whole = call(200, today).get("sec");
            assertEquals(70.0 / 90, whole.get("value").asDouble(), 1e-4);
            assertTrue(whole.path("note").isMissingNode(), whole.toString());
            // a period that ended before the hour: as always
            assertTrue(call(200, today.replace("2025-11-02T00:00:00Z", "2025-11-01T12:00:00Z")).get("sec").path("note").isMissingNode());
        } finally {
            NOW.set(saved);
        }
    }

    @Test
    void withoutATariffOrReadingsValuesAreNullAndSayWhy() throws Exception {
        UUID bare = UUID.fromString("33333333-3333-3333-3333-333333333333"), counter = UUID.fromString("d0000000-0000-0000-0000-000000000001");
        MemoryCatalogStore catalog = new MemoryCatalogStore();
        MemoryTelemetryStore telemetry = new MemoryTelemetryStore();
        DemoPlant.catalog(catalog);
        List<Reading> readings = new ArrayList<>();
        for (Instant t = Instant.parse("2025-11-01T10:00:00Z"); t.isBefore(Instant.parse("2025-11-01T12:00:00Z")); t = t.plusSeconds(60)) {
            readings.add(new Reading(COMPRESSOR, t, 30, 0.5, null, 400.0, 0.9, 50.0, null));
        }
        telemetry.writeReadings(readings);
        telemetry.writeProduction(List.of(new ProductionCount(COMPRESSOR, Instant.parse("2025-11-01T11:00:00Z"), 40, 0)));
        // a factory with no tariff and no carbon region, and a machine that reports production but no energy
        catalog.put(new Factory(bare, "Bare Works", "Nowhere", "UTC", "GBP", null));
        catalog.put(new Machine(counter, bare, null, "Counter", "motor", 10, 400, 50, true));
        telemetry.writeProduction(List.of(new ProductionCount(counter, Instant.parse("2025-11-01T10:00:00Z"), 12, 0)));
        fn = new KpiFunction(new KpiService(catalog, telemetry, new MemoryKpiSnapshotStore(), io.wattline.store.AnomalyLog.NONE, NOW::get), null);

        JsonNode b = call(200, "/api/v1/kpi/all?machine_id=" + counter + "&start=2025-11-01T00:00:00Z&end=2025-11-03T00:00:00Z");
        JsonNode k = b.get("kpis");
        assertEquals("No energy readings in this period", k.at("/sec/reason").asText());
        assertTrue(k.at("/peak_demand/value").isNull());
        assertTrue(k.at("/peak_demand/timestamp").isNull());
        assertEquals("No energy readings in this period", k.at("/load_factor/reason").asText());
        assertTrue(k.at("/load_factor/percent").isNull());
        assertTrue(k.at("/energy_cost/value").isNull());
        assertEquals("GBP", k.at("/energy_cost/unit").asText());
        assertEquals(0, k.at("/energy_cost/breakdown").size());
        assertEquals("No tariff configured for this factory", k.at("/energy_cost/reason").asText());
        assertEquals(List.of("value", "rate_per_kw", "peak_demand_kw", "unit", "description", "months", "reason"), fields(k.get("demand_charge")));
        assertTrue(k.at("/demand_charge/value").isNull());
        assertTrue(k.at("/demand_charge/rate_per_kw").isNull());
        assertEquals("No tariff configured for this factory", k.at("/demand_charge/reason").asText());
        assertTrue(k.at("/carbon_intensity/region").isNull());
        // units without readings give no per-unit figure (not 0: nothing was metered to divide)
        assertEquals(List.of("value", "co2_per_unit", "unit", "description", "factor_kg_per_kwh", "region", "reason"), fields(k.get("carbon_intensity")));
        assertTrue(k.at("/carbon_intensity/co2_per_unit").isNull());
        assertEquals("No energy readings in this period", k.at("/carbon_intensity/reason").asText());
        assertTrue(b.at("/totals/avg_power_kw").isNull());
        assertTrue(b.at("/totals/total_cost").isNull());
        assertEquals(12, b.at("/totals/total_production_units").asLong());
        // units without readings are no data, not 0 kWh (the comparison says so of the same day)
        assertTrue(b.at("/totals/total_energy_kwh").isNull(), b.get("totals").toString());
        assertTrue(k.at("/carbon_intensity/value").isNull(), k.toString());

        // a priced machine's day with a production count and no readings: no data on every route, as in the comparison
        telemetry.writeProduction(List.of(new ProductionCount(COMPRESSOR, Instant.parse("2025-11-04T18:00:00Z"), 40, 0)));
        String countOnly = "?machine_id=" + COMPRESSOR + "&start=2025-11-04T08:00:00Z&end=2025-11-05T08:00:00Z";
        JsonNode day = call(200, "/api/v1/kpi/all" + countOnly);
        assertTrue(day.at("/totals/total_energy_kwh").isNull(), day.toString());
        assertTrue(day.at("/totals/total_cost").isNull(), day.toString());
        assertEquals(40, day.at("/totals/total_production_units").asLong());
        for (String field : List.of("/kpis/energy_cost/value", "/kpis/energy_cost/total_cost", "/kpis/demand_charge/value",
                "/kpis/carbon_intensity/value")) {
            assertTrue(day.at(field).isNull(), field + ": " + day);
        }
        assertEquals("No energy readings in this period", day.at("/kpis/energy_cost/reason").asText());
        assertEquals("No energy readings in this period", day.at("/kpis/demand_charge/reason").asText());
        assertEquals(15.0, day.at("/kpis/demand_charge/rate_per_kw").asDouble(), 1e-9, "the tariff's rate still stands");
        assertTrue(call(200, "/api/v1/kpi/sec" + countOnly).at("/sec/total_energy").isNull());
        assertTrue(call(200, "/api/v1/kpi/energy-cost" + countOnly).at("/energy_cost/total_energy").isNull());
        assertTrue(call(200, "/api/v1/kpi/carbon" + countOnly).at("/carbon_intensity/total_energy").isNull());
        JsonNode sameDay = call(200, "/api/v1/comparison/machines?machine_ids=" + COMPRESSOR
                + "&start_date=2025-11-04&end_date=2025-11-04&metrics=energy,cost").at("/machines/0");
        assertTrue(sameDay.at("/metrics/total_energy").isNull());
        assertTrue(sameDay.at("/metrics/total_cost").isNull());
        assertEquals("No data available for this period", sameDay.get("note").asText());

        // compared: only the fields of the metrics asked for; a machine without readings has nulls and a note
        JsonNode cmp = call(200, "/api/v1/comparison/machines?machine_ids=" + COMPRESSOR + "," + counter
                + "&start_date=2025-11-01&end_date=2025-11-02&metrics=energy,sec");
        JsonNode metered = cmp.at("/machines/0"), unmetered = cmp.at("/machines/1");
        assertEquals(List.of("machine_id", "machine_name", "metrics", "rank"), fields(metered));
        assertEquals(List.of("total_energy", "avg_power", "sec", "total_production"), fields(metered.get("metrics")));
        assertEquals(List.of("machine_id", "machine_name", "metrics", "rank", "note"), fields(unmetered));
        assertEquals("No data available for this period", unmetered.get("note").asText());
        assertEquals(List.of("total_energy", "avg_power", "sec", "total_production", "sec_reason"), fields(unmetered.get("metrics")));
        assertTrue(unmetered.at("/metrics/total_energy").isNull());
        assertTrue(unmetered.at("/metrics/avg_power").isNull());
        assertTrue(unmetered.at("/metrics/sec").isNull());
        assertEquals("No energy readings in this period", unmetered.at("/metrics/sec_reason").asText());
        assertFalse(cmp.has("note"), "a period that is over compares whole days");
        // today (12:00 UTC): 4 hours of it in Los Angeles, 12 in the UTC factory; said per machine and in a note
        List<Reading> morning = new ArrayList<>();
        for (Instant t = Instant.parse("2025-11-06T09:00:00Z"); t.isBefore(Instant.parse("2025-11-06T11:00:00Z")); t = t.plusSeconds(60)) {
            morning.add(new Reading(COMPRESSOR, t, 30, 0.5, null, 400.0, 0.9, 50.0, null));
        }
        telemetry.writeReadings(morning);
        JsonNode today = call(200, "/api/v1/comparison/machines?machine_ids=" + COMPRESSOR + "," + counter
                + "&start_date=2025-11-06&end_date=2025-11-06&metrics=energy");
        java.util.Map<String, Double> soFar = new java.util.HashMap<>();
        today.get("machines").forEach(m -> soFar.put(m.get("machine_id").asText(), m.get("hours_so_far").asDouble()));
        assertEquals(java.util.Map.of(COMPRESSOR.toString(), 4.0, counter.toString(), 12.0), soFar);
        assertTrue(today.get("note").asText().startsWith("The period has not ended, and the machines' local days run in"
                + " different time zones"), today.get("note").asText());
        // and a KPI period that runs into the future says how much of it is gone by: "today" at 12:00 UTC is 12 hours
        JsonNode todayKpis = call(200, "/api/v1/kpi/all?machine_id=" + COMPRESSOR + "&start=2025-11-06T00:00:00Z&end=2025-11-07T00:00:00Z");
        assertEquals(24.0, todayKpis.at("/time_period/hours").asDouble());
        assertEquals(12.0, todayKpis.at("/time_period/hours_so_far").asDouble(), todayKpis.get("time_period").toString());
        assertFalse(b.get("time_period").has("hours_so_far"), "a period that is over: " + b.get("time_period"));
        JsonNode cost = call(200, "/api/v1/comparison/machines?machine_ids=" + COMPRESSOR + "," + counter
                + "&start_date=2025-11-01&end_date=2025-11-02&metrics=cost,power");
        assertEquals(List.of("total_cost", "energy_cost", "demand_charge", "currency", "avg_power", "peak_demand"), fields(cost.at("/machines/0/metrics")));
        // total_cost means what it means in /kpi/all: the energy charge and the demand charge
        JsonNode m0 = cost.at("/machines/0/metrics");
        // to the cent, as shown (each rounded on its own, a listener adding them heard a total a cent off theirs)
        assertEquals(Math.round((m0.get("energy_cost").asDouble() + m0.get("demand_charge").asDouble()) * 100) / 100.0,
                m0.get("total_cost").asDouble(), 1e-9);
        assertTrue(m0.get("demand_charge").asDouble() > 0, m0.toString());
        assertTrue(cost.at("/machines/1/metrics/total_cost").isNull());
        assertTrue(cost.at("/machines/1/metrics/peak_demand").isNull());
        assertEquals("GBP", cost.at("/machines/1/metrics/currency").asText());
        assertEquals(List.of("start_date", "end_date", "machines", "best_performer", "worst_performer", "ranking", "currencies",
                "factories"), fields(cost));
        // each machine's factory's coincident peak: the compressor's alone is its own peak; the factory without a tariff
        // or readings has none, and says why, with no demand charge on either side
        assertEquals(2, cost.get("factories").size(), cost.toString());
        JsonNode own = cost.at("/factories/0/coincident_peak"), unpriced = cost.at("/factories/1/coincident_peak");
        assertEquals(cost.at("/machines/0/metrics/peak_demand").asDouble(), own.get("value_kw").asDouble(), 1e-9, own.toString());
        assertEquals(own.get("value_kw").asDouble(), own.get("sum_of_machine_peaks_kw").asDouble(), 1e-9);
        assertEquals(m0.get("demand_charge").asDouble(), own.get("demand_charge").asDouble(), 0.005, own.toString());
        // one machine: its own peak, not "peaks added up ... overstate" (a voice read 73.77 kW "against" 73.77 kW as an overstatement)
        assertTrue(own.get("note").asText().contains("with one machine compared, that is its own peak"), own.toString());
        assertFalse(own.get("note").asText().contains("overstate"), own.toString());
        assertTrue(unpriced.get("value_kw").isNull() && unpriced.get("demand_charge").isNull() && unpriced.get("sum_of_machine_demand_charges").isNull(), unpriced.toString());
        assertEquals("No energy readings in this period", unpriced.get("reason").asText());
        assertEquals("GBP", unpriced.get("currency").asText());
        // a priced factory whose compared machine sent no readings: no demand charge on either side (was 0.00 added up
        // from none, against a null demand_charge)
        JsonNode withEu = call(200, "/api/v1/comparison/machines?machine_ids=" + COMPRESSOR + "," + COMPRESSOR_EU
                + "&start_date=2025-11-01&end_date=2025-11-02&metrics=cost");
        assertTrue(withEu.at("/machines/1/metrics/demand_charge").isNull(), withEu.toString());
        JsonNode silent = withEu.at("/factories/1/coincident_peak");
        assertEquals(EU.toString(), withEu.at("/factories/1/factory_id").asText());
        assertEquals("EUR", silent.get("currency").asText());
        assertEquals("No energy readings in this period", silent.get("reason").asText());
        assertTrue(silent.get("demand_charge").isNull(), silent.toString());
        assertTrue(silent.get("sum_of_machine_demand_charges").isNull(), silent.toString());
        // SEC asked for, but ranked by energy (a machine has no SEC): the energy the ranks come from is shown beside it
        JsonNode bySec = call(200, "/api/v1/comparison/machines?machine_ids=" + COMPRESSOR + "," + counter
                + "&start_date=2025-11-01&end_date=2025-11-02&metrics=sec");
        String key = bySec.at("/ranking/metric").asText();
        assertTrue(bySec.at("/machines/0/metrics").has(key), key + " shown: " + bySec);
        assertEquals(List.of("metric", "order", "rule"), fields(cost.get("ranking")));
    }

    /**
     * A comparison of today asked ten minutes into it: readings, but no whole 15-minute interval has ended, so no peak.
     * kpi/all says why; the comparison answered a bare null (read out as "no peak data").
     */
    @Test
    void aComparedPeakThatIsNullSaysWhyAsKpiAllDoes() throws Exception {
        Instant saved = NOW.get();
        try {
            NOW.set(Instant.parse("2025-11-06T08:10:00Z")); // 00:10 in Los Angeles
            MemoryCatalogStore catalog = new MemoryCatalogStore();
            MemoryTelemetryStore telemetry = new MemoryTelemetryStore();
            DemoPlant.catalog(catalog);
            List<Reading> readings = new ArrayList<>();
            for (Instant t = Instant.parse("2025-11-06T08:00:00Z"); t.isBefore(NOW.get()); t = t.plusSeconds(60)) {
                readings.add(new Reading(COMPRESSOR, t, 30, 0.5, null, 400.0, 0.9, 50.0, null));
            }
            telemetry.writeReadings(readings);
            fn = new KpiFunction(new KpiService(catalog, telemetry, new MemoryKpiSnapshotStore(), io.wattline.store.AnomalyLog.NONE, NOW::get), null);
            JsonNode all = call(200, "/api/v1/kpi/all?machine_id=" + COMPRESSOR + "&start=2025-11-06T08:00:00Z&end=2025-11-07T08:00:00Z");
            assertEquals(io.wattline.analytics.kpi.Kpis.NO_DEMAND_INTERVAL, all.at("/kpis/peak_demand/reason").asText());
            JsonNode cmp = call(200, "/api/v1/comparison/machines?machine_ids=" + COMPRESSOR + "," + HVAC
                    + "&start_date=2025-11-06&end_date=2025-11-06&metrics=power");
            JsonNode compressor = cmp.at("/machines/0/metrics"), hvac = cmp.at("/machines/1/metrics");
            assertEquals(COMPRESSOR.toString(), cmp.at("/machines/0/machine_id").asText());
            assertEquals(30.0, compressor.get("avg_power").asDouble(), 1e-9);
            assertTrue(compressor.get("peak_demand").isNull(), compressor.toString());
            assertEquals(io.wattline.analytics.kpi.Kpis.NO_DEMAND_INTERVAL, compressor.get("peak_demand_reason").asText());
            assertEquals("No energy readings in this period", hvac.get("peak_demand_reason").asText(), hvac.toString());
            // with a peak, no reason
            NOW.set(Instant.parse("2025-11-06T08:20:00Z"));
            JsonNode later = call(200, "/api/v1/comparison/machines?machine_ids=" + COMPRESSOR
                    + "&start_date=2025-11-06&end_date=2025-11-06&metrics=power").at("/machines/0/metrics");
            assertEquals(List.of("avg_power", "peak_demand"), fields(later));
            assertEquals(30.0, later.get("peak_demand").asDouble(), 1e-9);
        } finally {
            NOW.set(saved);
        }
    }

    @Test
    void singleKpiRoutes() throws Exception {
        String q = "?machine_id=" + COMPRESSOR + "&start=2025-11-01T00:00:00Z&end=2025-11-03T00:00:00Z";
        Naive n = naive(COMPRESSOR, Instant.parse("2025-11-01T00:00:00Z"), Instant.parse("2025-11-03T00:00:00Z"));
        JsonNode sec = call(200, "/api/v1/kpi/sec" + q);
        near(n.energy / n.units, sec.at("/sec/value"), 1e-4, "sec");
        near(n.energy, sec.at("/sec/total_energy"), 1e-4, "sec total energy");
        assertEquals(n.units, sec.at("/sec/total_production").asLong());
        JsonNode peak = call(200, "/api/v1/kpi/peak-demand" + q);
        near(n.peak, peak.at("/peak_demand/value"), 1e-4, "peak");
        near(n.avg, peak.at("/peak_demand/avg_power"), 1e-4, "avg");
        assertTrue(peak.at("/peak_demand/timestamp").asText().endsWith("+00:00"));
        JsonNode lf = call(200, "/api/v1/kpi/load-factor" + q);
        near(n.avg / n.peak, lf.at("/load_factor/value"), 1e-4, "lf");
        JsonNode cost = call(200, "/api/v1/kpi/energy-cost" + q);
        near(n.cost, cost.at("/energy_cost/value"), 0.005, "cost");
        near(n.demand, cost.at("/demand_charge/value"), 0.005, "demand");
        JsonNode carbon = call(200, "/api/v1/kpi/carbon" + q);
        near(n.energy * 0.22, carbon.at("/carbon_intensity/value"), 1e-4, "carbon");
        assertEquals(0.22, carbon.at("/carbon_intensity/factor_kg_per_kwh").asDouble());
    }

    @Test
    void energyWithoutProductionReportsSecNullWithAReason() throws Exception {
        JsonNode b = call(200, "/api/v1/kpi/all?machine_id=" + HVAC + "&start=2025-11-01T00:00:00Z&end=2025-11-02T00:00:00Z");
        assertTrue(b.at("/kpis/sec/value").isNull());
        assertEquals("No production recorded in this period", b.at("/kpis/sec/reason").asText());
        assertTrue(b.at("/kpis/energy_cost/cost_per_unit").isNull());
        assertTrue(b.at("/kpis/carbon_intensity/co2_per_unit").isNull());
        assertTrue(b.at("/kpis/energy_cost/value").asDouble() > 0);
        assertEquals(0, b.at("/totals/total_production_units").asLong());
    }

    @Test
    void badInputAnswersAsTheSeedDoes() throws Exception {
        JsonNode missing = call(422, "/api/v1/kpi/all?machine_id=" + COMPRESSOR + "&start=2025-11-01T00:00:00Z");
        assertEquals("missing", missing.at("/detail/0/type").asText());
        assertEquals("end", missing.at("/detail/0/loc/1").asText());
        JsonNode bad = call(422, "/api/v1/kpi/all?machine_id=nope&start=yesterday&end=2025-11-02T00:00:00Z");
        assertEquals(2, bad.get("detail").size());
        assertEquals("uuid_parsing", bad.at("/detail/0/type").asText());
        assertEquals("Invalid time range", call(400, "/api/v1/kpi/sec?machine_id=" + COMPRESSOR
                + "&start=2025-11-02T00:00:00Z&end=2025-11-01T00:00:00Z").get("detail").asText());
        assertEquals("Machine not found", call(404, "/api/v1/kpi/carbon?machine_id=" + UUID.randomUUID()
                + "&start=2025-11-01T00:00:00Z&end=2025-11-02T00:00:00Z").get("detail").asText());
        assertEquals("No data available for this period", call(404, "/api/v1/kpi/all?machine_id=" + COMPRESSOR
                + "&start=2024-01-01T00:00:00Z&end=2024-02-01T00:00:00Z").get("detail").asText());
        assertEquals(400, fn.handle(get("/api/v1/kpi/all?machine_id=" + COMPRESSOR
                + "&start=2000-01-01T00:00:00Z&end=2025-02-01T00:00:00Z")).status());
        JsonNode metrics = call(422, "/api/v1/comparison/machines?machine_ids=" + COMPRESSOR
                + "&start_date=2025-11-01&end_date=2025-11-02&metrics=energy,speed");
        assertEquals("enum", metrics.at("/detail/0/type").asText());
        assertEquals("metrics", metrics.at("/detail/0/loc/1").asText());
        call(400, "/api/v1/heatmap/daily?start_date=2025-11-03&end_date=2025-11-01");
        call(422, "/api/v1/heatmap/hourly?start_date=2025-11-03");
        assertEquals("Factory not found", call(404, "/api/v1/sankey/data?factory_id=" + UUID.randomUUID()
                + "&date=2025-11-01").get("detail").asText());
        call(422, "/api/v1/sankey/data?date=01/11/2025");
        call(404, "/api/v1/sankey/data?date=2024-11-01");
        // the date routes' one range (the Sankey answered 1969 with data and 9999 with a 404)
        for (String day : new String[]{"1969-12-31", "9999-12-31"}) {
            assertEquals("Dates must be between 1970-01-01 and 9998-12-31",
                    call(400, "/api/v1/sankey/data?date=" + day).get("detail").asText());
        }
        call(404, "/api/v1/heatmap/hourly?machine_id=" + UUID.randomUUID() + "&start_date=2025-11-01&end_date=2025-11-02");
    }

    @Test
    void theServiceSaysWhatIsMissingInTheDomainsWords() {
        KpiService service = new KpiService(CATALOG, TELEMETRY, snapshots, io.wattline.store.AnomalyLog.NONE, NOW::get);
        var machine = assertThrows(DomainException.NotFound.class, () -> service.machine(UUID.randomUUID()));
        assertEquals("Machine not found", machine.getMessage());
        assertEquals("Factory not found", assertThrows(DomainException.NotFound.class,
                () -> service.factory(UUID.randomUUID())).getMessage());
        var c = service.context(COMPRESSOR);
        assertEquals("No data available for this period", assertThrows(DomainException.NotFound.class,
                () -> service.kpis(c, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-02T00:00:00Z"))).getMessage());
    }

    // ------------------------------------------------------------------ snapshots and the job

    /** A period that runs past now is billed the demand charge of the part of the month gone by, as its energy. */
    @Test
    void theDemandChargeOfAPeriodRunningIntoTheFutureStopsAtNow() throws Exception {
        ZoneId la = ZoneId.of("America/Los_Angeles");
        Instant nov = RangePlan.dayStart(LocalDate.parse("2025-11-01"), la), dec = RangePlan.dayStart(LocalDate.parse("2025-12-01"), la);
        JsonNode k = call(200, "/api/v1/kpi/all?machine_id=" + COMPRESSOR + "&start=" + nov + "&end=" + dec).get("kpis");
        double share = (double) (NOW.get().toEpochMilli() - nov.toEpochMilli()) / (dec.toEpochMilli() - nov.toEpochMilli());
        assertEquals(share, k.at("/demand_charge/months/0/share_of_month").asDouble(), 1e-4);
        near(15.0 * k.at("/peak_demand/value").asDouble() * share, k.at("/demand_charge/value"), 0.005, "the month so far");
        assertTrue(share < 0.2, "the test's clock is early in November: " + share);
    }

    /**
     * A tariff that takes effect on a day prices the days from it: earlier days keep their price (and their stored
     * snapshots), each month's demand charge is billed at the rate in force on its first day.
     */
    @Test
    void aNewTariffPricesTheDaysFromItsDateAndHistoryKeepsItsPrice() throws Exception {
        MemoryCatalogStore catalog = new MemoryCatalogStore();
        DemoPlant.catalog(catalog);
        KpiFunction f = new KpiFunction(new KpiService(catalog, TELEMETRY, snapshots, io.wattline.store.AnomalyLog.NONE, NOW::get), null);
        ZoneId la = ZoneId.of("America/Los_Angeles");
        Instant a = RangePlan.dayStart(LocalDate.parse("2025-10-30"), la), b = RangePlan.dayStart(LocalDate.parse("2025-11-04"), la);
        String q = "/api/v1/kpi/all?machine_id=" + COMPRESSOR + "&start=" + a + "&end=" + b;
        f.runJobForTest(JobCatalog.find("kpi_calculate").orElseThrow(), Instant.parse("2025-11-04T00:30:00Z")); // Oct 31..Nov 2 stored
        JsonNode before = JsonTrees.readTree(f.handle(get(q)).body());
        near(naive(COMPRESSOR, a, b).cost, before.at("/kpis/energy_cost/value"), 0.005, "one tariff");
        LocalDate nov1Day = LocalDate.parse("2025-11-01");
        String nov1Priced = snapshots.range(COMPRESSOR, nov1Day, nov1Day).getFirst().tariffFingerprint();

        LocalDate change = LocalDate.parse("2025-11-01");
        catalog.put(new io.wattline.domain.Tariff(LA, "USD", 0.12, List.of(new io.wattline.domain.Tariff.Window("peak",
                java.util.EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY),
                java.time.LocalTime.of(9, 0), java.time.LocalTime.of(21, 0), 0.30)), 20.0, change));
        JsonNode after = JsonTrees.readTree(f.handle(get(q)).body());
        double cost = 0;
        Map<Instant, double[]> octQuarters = new java.util.TreeMap<>(), novQuarters = new java.util.TreeMap<>();
        for (Reading r : DemoPlant.RAW.get(COMPRESSOR)) {
            if (r.timestamp().isBefore(a) || !r.timestamp().isBefore(b)) continue;
            ZonedDateTime z = r.timestamp().atZone(la);
            boolean peak = z.getDayOfWeek().getValue() <= 5 && z.getHour() >= 9 && z.getHour() < 21;
            boolean changed = !z.toLocalDate().isBefore(change);
            cost += r.energyKwh() * (changed ? (peak ? 0.30 : 0.12) : (peak ? 0.25 : 0.10));
            long s = r.timestamp().getEpochSecond();
            double[] acc = (changed ? novQuarters : octQuarters).computeIfAbsent(Instant.ofEpochSecond(s - Math.floorMod(s, 900)), k -> new double[2]);
            acc[0] += r.powerKw();
            acc[1]++;
        }
        near(cost, after.at("/kpis/energy_cost/value"), 0.005, "each day at its own tariff");
        assertTrue(after.at("/kpis/energy_cost/value").asDouble() > before.at("/kpis/energy_cost/value").asDouble() + 1);
        near(demandCharge(octQuarters, a, b, la, 15.0) + demandCharge(novQuarters, a, b, la, 20.0),
                after.at("/kpis/demand_charge/value"), 0.005, "October at 15 per kW, November at 20");
        assertEquals(List.of(15.0, 20.0), after.at("/kpis/demand_charge/months").findValues("rate_per_kw").stream()
                .map(JsonNode::asDouble).toList());
        assertEquals(20.0, after.at("/kpis/demand_charge/rate_per_kw").asDouble(), "the period's last month's rate");

        // the days before the change keep their price: alone, they answer as before it
        Instant oct31 = RangePlan.dayStart(LocalDate.parse("2025-10-31"), la), nov1 = RangePlan.dayStart(change, la);
        String octQ = "/api/v1/kpi/energy-cost?machine_id=" + COMPRESSOR + "&start=" + oct31 + "&end=" + nov1;
        ApiResponse oct = f.handle(get(octQ));
        assertEquals(200, oct.status(), oct.body());
        near(naive(COMPRESSOR, oct31, nov1).cost, JsonTrees.readTree(oct.body()).at("/energy_cost/value"), 0.005, "October 31 at the old tariff");
        // and their stored snapshot still stands for them; the changed days' were recomputed and stored again
        assertEquals(1, snapshots.range(COMPRESSOR, LocalDate.parse("2025-10-31"), LocalDate.parse("2025-10-31")).size());
        org.junit.jupiter.api.Assertions.assertNotEquals(nov1Priced, snapshots.range(COMPRESSOR, nov1Day, nov1Day).getFirst()
                .tariffFingerprint(), "November 1st stored again under its new tariff");
        int puts = snapshots.puts.get();
        f.handle(get(octQ));
        assertEquals(puts, snapshots.puts.get(), "October 31's snapshot is read, not recomputed");
    }

    @Test
    void theJobIsIdempotentAndKpisReadItsSnapshots() throws Exception {
        Map<String, Object> first = fn.runJobForTest(JobCatalog.find("kpi_calculate").orElseThrow(), Instant.parse("2025-11-04T00:30:00Z"));
        assertEquals(List.of("job_id", "status", "machines", "snapshots", "failures"), List.copyOf(first.keySet()));
        assertEquals("success", first.get("status"));
        assertEquals(8, first.get("machines"));
        assertEquals(24, first.get("snapshots"));
        assertEquals(List.of(), first.get("failures"));
        int size = snapshots.size();
        Map<LocalDate, Double> before = new HashMap<>();
        snapshots.range(COMPRESSOR, LocalDate.parse("2025-10-01"), LocalDate.parse("2025-12-01"))
                .forEach(s -> before.put(s.date(), s.totals().energyKwh()));
        fn.runJobForTest(JobCatalog.find("kpi_calculate").orElseThrow(), Instant.parse("2025-11-04T00:30:00Z"));
        assertEquals(size, snapshots.size(), "a re-run replaces, it does not add");
        // previous LA local day at 00:30 UTC Nov 4 is Nov 2 (the 25-hour day), plus Oct 31 and Nov 1
        assertEquals(java.util.Set.of(LocalDate.parse("2025-10-31"), LocalDate.parse("2025-11-01"), LocalDate.parse("2025-11-02")),
                before.keySet());
        RangePlan.Span nov2 = RangePlan.daySpan(LocalDate.parse("2025-11-02"), ZoneId.of("America/Los_Angeles"));
        assertEquals(25 * 3600, nov2.to().getEpochSecond() - nov2.from().getEpochSecond());
        assertEquals(naive(COMPRESSOR, nov2.from(), nov2.to()).energy, before.get(LocalDate.parse("2025-11-02")), 1e-9);

        // a KPI over those days answers from the snapshots and agrees with the raw points
        Instant a = RangePlan.dayStart(LocalDate.parse("2025-10-31"), ZoneId.of("America/Los_Angeles"));
        JsonNode b = call(200, "/api/v1/kpi/all?machine_id=" + COMPRESSOR + "&start=" + a + "&end=" + nov2.to());
        Naive n = naive(COMPRESSOR, a, nov2.to());
        near(n.energy, b.at("/totals/total_energy_kwh"), 1e-4, "energy from snapshots");
        near(n.peak, b.at("/kpis/peak_demand/value"), 1e-4, "peak from snapshots");
        near(n.cost, b.at("/kpis/energy_cost/value"), 0.005, "cost from snapshots");
    }

    @Test
    void kpiReadsStoreSettledDaysTheyHadToRecompute() throws Exception {
        call(200, "/api/v1/kpi/all?machine_id=" + COMPRESSOR_EU + "&start=2025-10-30T00:00:00Z&end=2025-11-05T00:00:00Z");
        List<LocalDate> days = snapshots.range(COMPRESSOR_EU, LocalDate.parse("2025-10-01"), LocalDate.parse("2025-12-01"))
                .stream().map(s -> s.date()).toList();
        // Berlin days wholly inside [Oct 30 00:00Z, Nov 5 00:00Z): Oct 30 began at 23:00Z the day before
        assertEquals(List.of(LocalDate.parse("2025-10-31"), LocalDate.parse("2025-11-01"), LocalDate.parse("2025-11-02"),
                LocalDate.parse("2025-11-03"), LocalDate.parse("2025-11-04")), days);
        // the same query again reads the snapshots and gives the same answer
        String first = fn.handle(get("/api/v1/kpi/all?machine_id=" + COMPRESSOR_EU + "&start=2025-10-30T00:00:00Z&end=2025-11-05T00:00:00Z")).body();
        int puts = snapshots.puts.get();
        String second = fn.handle(get("/api/v1/kpi/all?machine_id=" + COMPRESSOR_EU + "&start=2025-10-30T00:00:00Z&end=2025-11-05T00:00:00Z")).body();
        assertEquals(first, second);
        assertEquals(puts, snapshots.puts.get(), "no rewrite once stored");
    }

    @Test
    void unfinishedDaysAreNotStored() throws Exception {
        Instant saved = NOW.get();
        try {
            NOW.set(Instant.parse("2025-11-03T12:00:00Z"));
            call(200, "/api/v1/kpi/all?machine_id=" + COMPRESSOR_EU + "&start=2025-10-30T00:00:00Z&end=2025-11-05T00:00:00Z");
            assertTrue(snapshots.range(COMPRESSOR_EU, LocalDate.parse("2025-11-03"), LocalDate.parse("2025-11-05")).isEmpty());
        } finally {
            NOW.set(saved);
        }
    }

    // ------------------------------------------------------------------ comparison, Sankey, heatmaps

    @Test
    void comparisonRanksAndNamesCurrencies() throws Exception {
        JsonNode b = call(200, "/api/v1/comparison/machines?machine_ids=" + COMPRESSOR + "," + COMPRESSOR_EU
                + "&start_date=2025-10-31&end_date=2025-11-03&metrics=energy,cost");
        assertEquals("2025-10-31", b.get("start_date").asText());
        assertEquals(2, b.get("machines").size());
        JsonNode first = b.at("/machines/0"), second = b.at("/machines/1");
        assertEquals(1, first.get("rank").asInt());
        assertEquals(2, second.get("rank").asInt());
        assertTrue(first.at("/metrics/total_energy").asDouble() <= second.at("/metrics/total_energy").asDouble());
        assertEquals(first.get("machine_id").asText(), b.get("best_performer").asText());
        assertEquals(second.get("machine_id").asText(), b.get("worst_performer").asText());
        assertEquals("total_energy", b.at("/ranking/metric").asText());
        assertEquals(List.of("EUR", "USD"), List.of(b.at("/currencies/0").asText(), b.at("/currencies/1").asText()));
        assertTrue(first.at("/metrics/currency").isTextual());
        assertTrue(first.at("/metrics/avg_power").isNumber());
        // the factories follow the ranking, as the machines (docs/KPI.md), whichever machine was named first
        Map<String, String> factoryOf = Map.of(COMPRESSOR.toString(), LA.toString(), COMPRESSOR_EU.toString(), EU.toString());
        for (String named : List.of(COMPRESSOR + "," + COMPRESSOR_EU, COMPRESSOR_EU + "," + COMPRESSOR)) {
            JsonNode c = call(200, "/api/v1/comparison/machines?machine_ids=" + named + "&start_date=2025-10-31&end_date=2025-11-03&metrics=energy,cost");
            assertEquals(List.of(factoryOf.get(c.at("/machines/0/machine_id").asText()), factoryOf.get(c.at("/machines/1/machine_id").asText())),
                    List.of(c.at("/factories/0/factory_id").asText(), c.at("/factories/1/factory_id").asText()), named);
        }

        JsonNode avail = call(200, "/api/v1/comparison/available");
        assertEquals(8, avail.size());
        assertEquals(List.of("id", "name", "type", "location", "factory_id"), fields(avail.get(0)));
        boolean found = false;
        for (JsonNode m : avail) {
            if (m.get("id").asText().equals(COMPRESSOR.toString())) {
                assertEquals("Demo Manufacturing Plant - Utilities", m.get("location").asText());
                found = true;
            }
        }
        assertTrue(found);
    }

    @Test
    void sankeyAddsUpAtEachLevel() throws Exception {
        JsonNode factories = call(200, "/api/v1/sankey/factories");
        assertEquals(2, factories.size());
        assertEquals(List.of("id", "name", "location"), fields(factories.get(0)));
        JsonNode b = call(200, "/api/v1/sankey/data?date=2025-11-02");
        assertEquals(List.of("nodes", "links", "metadata"), fields(b));
        assertEquals(List.of("id", "name", "level"), fields(b.at("/nodes/0")));
        assertEquals(List.of("source", "target", "value", "percentage"), fields(b.at("/links/0")));
        assertEquals(List.of("date", "total_energy", "factory_count", "machine_count", "unit"), fields(b.get("metadata")));
        assertEquals("2025-11-02", b.at("/metadata/date").asText());
        assertEquals(2, b.at("/metadata/factory_count").asInt());
        assertEquals(8, b.at("/metadata/machine_count").asInt());
        Map<String, BigDecimal> out = new HashMap<>(), pct = new HashMap<>(), in = new HashMap<>();
        for (JsonNode l : b.get("links")) {
            out.merge(l.get("source").asText(), l.get("value").decimalValue(), BigDecimal::add);
            pct.merge(l.get("source").asText(), l.get("percentage").decimalValue(), BigDecimal::add);
            in.put(l.get("target").asText(), l.get("value").decimalValue());
        }
        in.put("grid", b.at("/metadata/total_energy").decimalValue());
        out.forEach((node, sum) -> {
            assertEquals(0, sum.compareTo(in.get(node)), node + " flows add up");
            assertEquals(0, pct.get(node).compareTo(new BigDecimal("100")), node + " percentages add up");
        });
        // a day the Munich meters had not begun yet (their local 29 October ends before the data's first hour): their 0 kWh
        // flows are named as no data, not an idle day; a day every machine reported names none
        JsonNode early = call(200, "/api/v1/sankey/data?date=2025-10-29");
        List<String> silent = new java.util.ArrayList<>();
        early.at("/metadata/machines_without_readings").forEach(n -> silent.add(n.asText()));
        List<String> munich = new java.util.ArrayList<>();
        for (var m : CATALOG.machines()) if (m.active() && m.factoryId().equals(EU)) munich.add(m.name());
        assertEquals(new java.util.TreeSet<>(munich), new java.util.TreeSet<>(silent), early.get("metadata").toString());
        // a machine taken out of service (inactive) that still metered the day is in its factory's total; one without
        // readings is not shown (a data engineer's hunt: the factory's total was less than its meters sent)
        MemoryCatalogStore withSpare = new MemoryCatalogStore();
        DemoPlant.catalog(withSpare);
        UUID spare = UUID.fromString("c0000000-0000-0000-0000-0000000000f1");
        withSpare.put(new io.wattline.domain.Machine(spare, LA, null, "Old-Press", "press", 30, 400, 60, false));
        withSpare.put(new io.wattline.domain.Machine(UUID.fromString("c0000000-0000-0000-0000-0000000000f2"), LA, null,
                "Scrapped", "press", 30, 400, 60, false));
        MemoryTelemetryStore tel = new MemoryTelemetryStore();
        DemoPlant.telemetry(tel, CATALOG, FROM, TO, 42);
        tel.writeReadings(List.of(new io.wattline.domain.Reading(spare, Instant.parse("2025-11-02T18:00:00Z"), 60, 5, null,
                null, null, null, null)));
        KpiFunction withInactive = new KpiFunction(new KpiService(withSpare, tel, new MemoryKpiSnapshotStore(),
                io.wattline.store.AnomalyLog.NONE, NOW::get), null);
        JsonNode la = JsonTrees.readTree(withInactive.handle(get("/api/v1/sankey/data?factory_id=" + LA + "&date=2025-11-02")).body());
        JsonNode laBefore = call(200, "/api/v1/sankey/data?factory_id=" + LA + "&date=2025-11-02");
        assertEquals(laBefore.at("/metadata/total_energy").asDouble() + 5, la.at("/metadata/total_energy").asDouble(), 1e-6);
        assertEquals(laBefore.at("/metadata/machine_count").asInt() + 1, la.at("/metadata/machine_count").asInt());
        assertFalse(la.toString().contains("Scrapped"), "an inactive machine without readings is not shown");
        // Compressor-1's flow is its LA-local day's energy
        RangePlan.Span day = RangePlan.daySpan(LocalDate.parse("2025-11-02"), ZoneId.of("America/Los_Angeles"));
        double expected = naive(COMPRESSOR, day.from(), day.to()).energy;
        for (JsonNode l : b.get("links")) {
            if (l.get("target").asText().equals("machine_" + COMPRESSOR)) near(expected, l.get("value"), 0.011, "compressor flow");
        }
        JsonNode one = call(200, "/api/v1/sankey/data?factory_id=" + LA + "&date=2025-11-02");
        assertEquals(1, one.at("/metadata/factory_count").asInt());
        assertEquals(100.0, one.at("/links/0/percentage").asDouble());
        // without a date: the last day over in every factory shown (at 02:00 UTC it is 18:00 of the day before in
        // Los Angeles, whose day before that is the last one over there; the UTC calendar's yesterday is not)
        Instant was = NOW.get();
        try {
            NOW.set(Instant.parse("2025-11-06T02:00:00Z"));
            assertEquals("2025-11-04", call(200, "/api/v1/sankey/data").at("/metadata/date").asText());
            assertEquals("2025-11-04", call(200, "/api/v1/sankey/data?factory_id=" + LA).at("/metadata/date").asText());
            assertEquals("2025-11-05", call(200, "/api/v1/sankey/data?factory_id=" + EU).at("/metadata/date").asText());
        } finally {
            NOW.set(was);
        }
    }

    @Test
    void heatmapsInLocalTime() throws Exception {
        JsonNode h = call(200, "/api/v1/heatmap/hourly?machine_id=" + COMPRESSOR + "&start_date=2025-11-01&end_date=2025-11-03");
        assertEquals("Compressor-1", h.get("machine_name").asText());
        assertEquals(List.of("machine_id", "machine_name", "start_date", "end_date", "unit", "data", "timezone"), fields(h));
        assertEquals("America/Los_Angeles", h.get("timezone").asText());
        assertEquals(List.of("date", "hour", "value", "anomaly"), fields(h.at("/data/0")));
        assertEquals(72, h.get("data").size());
        JsonNode oneAm = h.at("/data/25"); // 2025-11-02 01:00, the repeated hour: two real hours
        assertEquals("2025-11-02", oneAm.get("date").asText());
        assertEquals(1, oneAm.get("hour").asInt());
        Instant a = Instant.parse("2025-11-02T08:00:00Z"), b = Instant.parse("2025-11-02T10:00:00Z");
        near(naive(COMPRESSOR, a, b).energy, oneAm.get("value"), 1e-4, "01:00 holds 2 hours");
        assertFalse(oneAm.get("anomaly").asBoolean());
        JsonNode d = call(200, "/api/v1/heatmap/daily?start_date=2025-10-30&end_date=2025-11-06");
        assertEquals("All machines", d.get("machine_name").asText());
        assertTrue(d.get("machine_id").isNull(), "the plant's heatmap names no machine");
        assertEquals(List.of("date", "day_of_week", "value", "anomaly"), fields(d.at("/data/0")));
        assertEquals(8, d.get("data").size());
        assertEquals(3, d.at("/data/0/day_of_week").asInt()); // Thursday
        assertTrue(d.at("/data/7/value").isNull()); // no data on Nov 6
        assertEquals("factory", d.get("timezone").asText(), "each machine's own local days");
    }

    /**
     * The plant's hourly heatmap over factories in two zones is by UTC hours: Los Angeles's hour 8 and Munich's hour 8
     * are nine real hours apart, and their sum was a profile of no moment. One factory's stays in its local hours.
     */
    @Test
    void anHourlyHeatmapOfFactoriesInTwoZonesIsByUtcHours() throws Exception {
        JsonNode plant = call(200, "/api/v1/heatmap/hourly?start_date=2025-11-03&end_date=2025-11-03");
        assertEquals("UTC", plant.get("timezone").asText());
        Instant noon = Instant.parse("2025-11-03T12:00:00Z");
        double sum = 0;
        for (var m : CATALOG.machines()) if (m.active()) sum += naive(m.id(), noon, noon.plusSeconds(3600)).energy;
        near(sum, plant.at("/data/12/value"), 1e-3, "12:00 UTC holds every machine's 12:00 UTC");
        JsonNode eu = call(200, "/api/v1/heatmap/hourly?factory_id=" + EU + "&start_date=2025-11-03&end_date=2025-11-03");
        assertEquals("Europe/Berlin", eu.get("timezone").asText());
        Instant berlinNoon = Instant.parse("2025-11-03T11:00:00Z");
        double munich = 0;
        for (var m : CATALOG.machines()) {
            if (m.active() && m.factoryId().equals(EU)) munich += naive(m.id(), berlinNoon, berlinNoon.plusSeconds(3600)).energy;
        }
        near(munich, eu.at("/data/12/value"), 1e-3, "12:00 in Munich");
        assertEquals("Factory not found", call(404, "/api/v1/heatmap/hourly?factory_id=" + UUID.randomUUID()
                + "&start_date=2025-11-03&end_date=2025-11-03").get("detail").asText());
        assertEquals("Give machine_id or factory_id, not both", call(400, "/api/v1/heatmap/daily?factory_id=" + EU + "&machine_id="
                + COMPRESSOR + "&start_date=2025-11-03&end_date=2025-11-03").get("detail").asText());
    }

    /**
     * A period a stuck meter ran through says so (an energy manager's hunt: Conveyor-A's SEC read 0.003 kWh a unit in
     * the hours its meter repeated one value, and the day's KPIs had no word of it); the stretch is cut to the period.
     */
    @Test
    void kpisOverAStuckMetersHoursSayWhatWasNotMeasured() throws Exception {
        Instant stuck = Instant.parse("2025-11-02T20:00:00Z"), friday = Instant.parse("2025-10-30T18:00:00Z");
        io.wattline.store.AnomalyLog log = (from, to) -> java.util.stream.Stream.of(
                new io.wattline.store.AnomalyLog.Entry("s1", COMPRESSOR, stuck, stuck.plusSeconds(6 * 3600), "stuck_meter", "high", "unresolved"),
                // a run stored at its start three days before, still stuck into the period's morning
                new io.wattline.store.AnomalyLog.Entry("s0", COMPRESSOR, friday, Instant.parse("2025-11-02T03:00:00Z"),
                        "stuck_meter", "high", "unresolved"),
                new io.wattline.store.AnomalyLog.Entry("s2", COMPRESSOR, stuck, stuck.plusSeconds(3600), "energy_spike", "high", "unresolved"))
                .filter(e -> !e.detectedAt().isBefore(from) && e.detectedAt().isBefore(to))
                .sorted(java.util.Comparator.comparing(io.wattline.store.AnomalyLog.Entry::detectedAt)).toList(); // in time order, as the port says
        KpiFunction f = new KpiFunction(new KpiService(CATALOG, TELEMETRY, snapshots, log, NOW::get), null);
        ApiResponse r = f.handle(get("/api/v1/kpi/all?machine_id=" + COMPRESSOR + "&start=2025-11-02T00:00:00Z&end=2025-11-03T00:00:00Z"));
        assertEquals(200, r.status(), r.body());
        JsonNode dq = JsonTrees.readTree(r.body()).get("data_quality");
        assertEquals(2, dq.size(), dq.toString());
        assertEquals("stuck_meter", dq.at("/0/type").asText());
        assertEquals(3.0, dq.at("/0/hours").asDouble(), "cut to the period's start: " + dq);
        assertEquals(4.0, dq.at("/1/hours").asDouble(), "cut to the period's end: " + dq);
        assertTrue(dq.at("/1/message").asText().startsWith("The meter repeated one reading from 2025-11-02 12:00 to 16:00 local"
                + " time (America/Los_Angeles; 2025-11-02T20:00:00Z to 2025-11-03T00:00:00Z, 4.0 hours)"), dq.toString());
        ApiResponse clean = f.handle(get("/api/v1/kpi/all?machine_id=" + COMPRESSOR + "&start=2025-11-03T06:00:00Z&end=2025-11-04T00:00:00Z"));
        assertFalse(JsonTrees.readTree(clean.body()).has("data_quality"), clean.body());
        // each single-KPI route over the same period says the same, after the seed's fields (read alone, kpi/sec's SEC
        // over the stuck hours said nothing of them)
        for (String route : List.of("sec", "peak-demand", "load-factor", "energy-cost", "carbon")) {
            ApiResponse one = f.handle(get("/api/v1/kpi/" + route + "?machine_id=" + COMPRESSOR + "&start=2025-11-02T00:00:00Z&end=2025-11-03T00:00:00Z"));
            assertEquals(200, one.status(), one.body());
            JsonNode body = JsonTrees.readTree(one.body());
            assertEquals(dq, body.get("data_quality"), route);
            List<String> names = fields(body);
            assertEquals("data_quality", names.get(names.size() - 1), route);
            ApiResponse none = f.handle(get("/api/v1/kpi/" + route + "?machine_id=" + COMPRESSOR + "&start=2025-11-03T06:00:00Z&end=2025-11-04T00:00:00Z"));
            assertFalse(JsonTrees.readTree(none.body()).has("data_quality"), route + ": " + none.body());
        }
    }

    @Test
    void jobAndFunctionAreInTheCatalogues() {
        var job = JobCatalog.find("kpi_calculate").orElseThrow();
        assertEquals("30 0 * * *", job.cron().expression());
        assertEquals("kpi", job.function());
        var spec = io.wattline.functions.FunctionCatalog.find("kpi").orElseThrow();
        assertEquals(KpiFunction.class.getName(), spec.handler());
        List<String> routes = fn.router().routes().stream().map(r -> r.routeKey()).toList();
        assertTrue(routes.containsAll(List.of("GET /api/v1/kpi/all", "GET /api/v1/kpi/sec", "GET /api/v1/kpi/peak-demand",
                "GET /api/v1/kpi/load-factor", "GET /api/v1/kpi/energy-cost", "GET /api/v1/kpi/carbon",
                "GET /api/v1/comparison/available", "GET /api/v1/comparison/machines", "GET /api/v1/sankey/factories",
                "GET /api/v1/sankey/data", "GET /api/v1/heatmap/hourly", "GET /api/v1/heatmap/daily")));
    }

    @Test
    void aLongRangeWithoutDataAnswers404AndWritesNoSnapshot() throws Exception {
        call(404, "/api/v1/kpi/all?machine_id=" + COMPRESSOR
                + "&start=2016-01-01T00:00:00Z&end=2025-10-01T00:00:00Z");
        assertEquals(0, snapshots.size(), "a 404 stores nothing");
        assertEquals(0, snapshots.puts.get());
    }

    @Test
    void datesOutsideTheStoresYearsAre400NotA500() throws Exception {
        for (String route : List.of("/api/v1/heatmap/hourly", "/api/v1/heatmap/daily")) {
            for (String day : List.of("9999-12-31", "0001-01-01")) {
                JsonNode r = call(400, route + "?machine_id=" + COMPRESSOR + "&start_date=" + day + "&end_date=" + day);
                assertEquals("Dates must be between 1970-01-01 and 9998-12-31", r.get("detail").asText());
            }
        }
    }
}
