package io.wattline.local;

import io.wattline.http.JsonTrees;

import static io.wattline.local.TestCloud.get;
import static io.wattline.local.TestCloud.post;
import static io.wattline.local.TestCloud.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.domain.Reading;
import io.wattline.domain.Rollup;
import io.wattline.store.TelemetryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route of the energy data plane over HTTP through the local gateway, against the seeded demo plant. */
class DataApiTest {
    static final String COMPRESSOR = "c0000000-0000-0000-0000-000000000001";
    static final String HVAC = "c0000000-0000-0000-0000-000000000002";
    static final String CONVEYOR = "c0000000-0000-0000-0000-000000000003";
    static Instant start, end;

    @BeforeAll
    static void cloud() {
        TestCloud.get();
        // a whole day inside the seeded period
        end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        start = end.minus(Duration.ofHours(24));
    }

    static String range(Instant a, Instant b, String interval) {
        return "&start_time=" + q(a.toString()) + "&end_time=" + q(b.toString()) + "&interval=" + interval;
    }

    /** A period without readings is no data, not zero: the seed's client summed the points to "0.00 kilowatt hours". */
    @Test
    void aSeriesWithoutReadingsSaysSo() {
        var res = get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR
                + range(Instant.parse("2001-01-01T00:00:00Z"), Instant.parse("2001-01-02T00:00:00Z"), "1hour"));
        assertEquals(200, res.status(), res.text());
        assertEquals(0, res.json().get("data_points").size());
        assertEquals("No readings in this period: the machine's meter sent none (no data, not zero)", res.json().get("note").asText());
    }

    @Test
    void unknownRoutesAndWrongMethodsAnswerInFastApisShapeWithARequestId() {
        for (String path : List.of("/nope", "/api/v1/nothing-here", "/api/v1/machines/x/y/z", "/system/nothing")) {
            var r = get(path);
            assertEquals(404, r.status(), path);
            assertEquals("{\"detail\":\"Not Found\"}", r.text(), path);
            assertNotNull(r.header("x-request-id"), path);
        }
        // a path another function owns, called with a method it does not serve
        for (String[] call : List.of(new String[] {"GET", "/api/v1/readings"}, new String[] {"DELETE", "/api/v1/kpi/all"},
                new String[] {"GET", "/system/calibrate"}, new String[] {"PUT", "/api/v1/machines/" + COMPRESSOR})) {
            var r = TestCloud.send(call[0], call[1], null);
            assertEquals(405, r.status(), call[0] + " " + call[1]);
            assertEquals("{\"detail\":\"Method Not Allowed\"}", r.text(), call[0] + " " + call[1]);
            assertNotNull(r.header("x-request-id"));
        }
    }

    @Test
    void rootAndHealth() {
        var root = get("/");
        assertEquals(200, root.status());
        assertEquals("EnMS Analytics Service", root.json().get("service").asText());
        assertEquals("/api/v1/health", root.json().at("/endpoints/health").asText());
        assertNotNull(root.header("x-request-id"));

        var health = get("/api/v1/health");
        assertEquals(200, health.status(), health.text());
        assertEquals("healthy", health.json().get("status").asText());
        assertEquals("connected", health.json().at("/database/status").asText());
        assertEquals(8, health.json().get("active_machines").asInt());
        assertEquals(2, health.json().get("factories").asInt());
        assertEquals(health.json().at("/scheduler/job_count").asInt(), health.json().at("/scheduler/jobs").size());
        // every feature of the seed's example that the suite deploys, forecasting among them
        List<String> features = new java.util.ArrayList<>();
        health.json().get("features").forEach(f -> features.add(f.asText()));
        assertTrue(features.containsAll(List.of("baseline_regression", "anomaly_detection", "kpi_calculation",
                "energy_forecasting", "time_series_analytics")), features.toString());
    }

    @Test
    void machinesAndFilters() {
        var all = get("/api/v1/machines");
        assertEquals(200, all.status());
        assertEquals(8, all.json().size());
        JsonNode first = all.json().get(0);
        for (String field : List.of("id", "factory_id", "name", "type", "rated_power_kw", "is_active", "factory_name",
                "factory_location", "factory_timezone")) {
            assertTrue(first.has(field), field);
        }
        assertEquals(2, get("/api/v1/machines?type=compressor").json().size());
        assertEquals(6, get("/api/v1/machines?factory_id=11111111-1111-1111-1111-111111111111").json().size());
        var spoken = get("/api/v1/machines?search=" + q("the compressors"));
        assertEquals(List.of("Compressor-1", "Compressor-EU-1"), names(spoken.json()));
        assertEquals(List.of("HVAC-EU-North"), names(get("/api/v1/machines?search=" + q("hvac munich")).json()));
        // misheard: only when nothing matches as said, a word one letter off or a stem (the machine named first)
        assertEquals(List.of("Compressor-1", "Compressor-EU-1"), names(get("/api/v1/machines?search=" + q("compresser number one")).json()));
        assertEquals(List.of("Injection-Molding-1"), names(get("/api/v1/machines?search=" + q("injection moulding machine")).json()));
        assertEquals(List.of("HVAC-Main"), names(get("/api/v1/machines?search=" + q("h v a c main")).json()));
        assertEquals(0, get("/api/v1/machines?type=turbine").json().size());
        assertEquals(422, get("/api/v1/machines?factory_id=nope").status());

        var one = get("/api/v1/machines/" + COMPRESSOR);
        assertEquals("Compressor-1", one.json().get("name").asText());
        assertEquals("55.00", one.json().get("rated_power_kw").asText());
        assertEquals("Demo Manufacturing Plant", one.json().get("factory_name").asText());
        var unknown = get("/api/v1/machines/" + UUID.randomUUID());
        assertEquals(404, unknown.status());
        assertEquals("Machine not found", unknown.json().get("detail").asText());
        var bad = get("/api/v1/machines/not-a-uuid");
        assertEquals(422, bad.status());
        assertEquals("uuid_parsing", bad.json().at("/detail/0/type").asText());
        assertEquals("path", bad.json().at("/detail/0/loc/0").asText());
    }

    private static List<String> names(JsonNode machines) {
        List<String> out = new ArrayList<>();
        machines.forEach(m -> out.add(m.get("name").asText()));
        out.sort(String::compareTo);
        return out;
    }

    /** Every interval's energy buckets equal the sum of the raw readings in them. */
    @Test
    void energySeriesMatchRawPoints() {
        List<Reading> raw = TestCloud.get().stores().telemetry().readings(UUID.fromString(COMPRESSOR), start, end);
        assertEquals(24 * 60, raw.size());
        for (var interval : Map.of("1min", 1L, "5min", 5L, "15min", 15L, "1hour", 60L, "1day", 1440L).entrySet()) {
            long bucketMs = interval.getValue() * 60_000;
            TreeMap<Long, Double> expected = new TreeMap<>();
            for (Reading r : raw) {
                expected.merge(Math.floorDiv(r.timestamp().toEpochMilli(), bucketMs) * bucketMs, r.energyKwh(), Double::sum);
            }
            var res = get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR + range(start, end, interval.getKey()));
            assertEquals(200, res.status(), res.text());
            assertEquals("energy", res.json().get("metric").asText());
            assertEquals("sum", res.json().get("aggregation").asText());
            assertEquals("Compressor-1", res.json().get("machine_name").asText());
            JsonNode points = res.json().get("data_points");
            assertEquals(expected.size(), points.size(), interval.getKey());
            assertEquals(points.size(), res.json().get("total_points").asInt());
            assertFalse(res.json().has("note"), "readings: no note");
            int i = 0;
            for (var e : expected.entrySet()) {
                JsonNode p = points.get(i++);
                assertEquals(Instant.ofEpochMilli(e.getKey()), Instant.parse(p.get("timestamp").asText()));
                assertEquals(e.getValue(), p.get("value").asDouble(), 1e-6 + 1e-9 * e.getValue(), interval.getKey());
                assertEquals("kWh", p.get("unit").asText());
            }
        }
    }

    /**
     * 1day buckets in local days: {@code timezone=factory} (Compressor-1 is in Los Angeles) or a zone's name sums the
     * readings of each calendar day there, labelled by its local midnight, also where the zone's offset is not whole
     * hours (India's +05:30, summed from quarters); without it, UTC days as before.
     */
    @Test
    void dayBucketsInLocalDays() {
        Instant from = end.minus(Duration.ofHours(40)).plus(Duration.ofMinutes(7)), to = end;
        List<Reading> raw = TestCloud.get().stores().telemetry().readings(UUID.fromString(COMPRESSOR), from, to);
        for (String[] zone : List.of(new String[] {"factory", "America/Los_Angeles"}, new String[] {"Asia/Kolkata", "Asia/Kolkata"},
                new String[] {"Europe/Berlin", "Europe/Berlin"})) {
            java.time.ZoneId z = java.time.ZoneId.of(zone[1]);
            TreeMap<Instant, Double> expected = new TreeMap<>();
            for (Reading r : raw) {
                Instant midnight = java.time.LocalDate.ofInstant(r.timestamp(), z).atStartOfDay(z).toInstant();
                expected.merge(midnight, r.energyKwh(), Double::sum);
            }
            var res = get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR + range(from, to, "1day") + "&timezone=" + q(zone[0]));
            assertEquals(200, res.status(), res.text());
            assertEquals(zone[1], res.json().get("timezone").asText());
            JsonNode points = res.json().get("data_points");
            assertEquals(expected.size(), points.size(), zone[1] + ": " + points);
            int i = 0;
            for (var e : expected.entrySet()) {
                JsonNode p = points.get(i++);
                assertEquals(e.getKey(), Instant.parse(p.get("timestamp").asText()), zone[1]);
                assertEquals(e.getValue(), p.get("value").asDouble(), 1e-6, zone[1] + " " + e.getKey());
            }
            // the machines' series sum the same days
            var multi = get("/api/v1/timeseries/multi-machine/energy?machine_ids=" + COMPRESSOR + range(from, to, "1day")
                    + "&timezone=" + q(zone[0]));
            assertEquals(zone[1], multi.json().at("/machines/0/timezone").asText());
            assertEquals(points, multi.json().at("/machines/0/data_points"));
        }
        // UTC days unless asked; other intervals are not moved by a zone
        assertEquals("UTC", get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR + range(from, to, "1day")).json().get("timezone").asText());
        var hours = get("/api/v1/timeseries/power?machine_id=" + COMPRESSOR + range(from, to, "1hour") + "&timezone=Asia/Kolkata");
        assertEquals("UTC", hours.json().get("timezone").asText());
        assertEquals(Instant.parse(hours.json().at("/data_points/1/timestamp").asText()).getEpochSecond() % 3600, 0);
        // SEC of a local day: the day's energy over the units of its hours inside the range (a count spread over its
        // hour), on days of its own (the seeded days may be a weekend without production): Los Angeles's 10 and 11
        // April 2024, cut at 09:07 local on the 10th
        java.time.ZoneId la = java.time.ZoneId.of("America/Los_Angeles");
        Instant secFrom = Instant.parse("2024-04-10T16:07:00Z"), secTo = Instant.parse("2024-04-12T07:00:00Z");
        StringBuilder counts = new StringBuilder("{\"production\":[");
        for (int h = 0; h < 40; h++) {
            Instant at = Instant.parse("2024-04-10T16:00:00Z").plusSeconds(3600L * h);
            assertEquals(200, post("/api/v1/readings", readings(CONVEYOR, at, 60, "")).status());
            counts.append(h > 0 ? "," : "").append("{\"machine_id\":\"").append(CONVEYOR).append("\",\"timestamp\":\"").append(at)
                    .append("\",\"production_count\":").append(100 + h).append('}');
        }
        assertEquals(200, post("/api/v1/production", counts.append("]}").toString()).status());
        Map<String, Double> dayEnergy = new java.util.HashMap<>();
        get("/api/v1/timeseries/energy?machine_id=" + CONVEYOR + range(secFrom, secTo, "1day") + "&timezone=factory").json()
                .get("data_points").forEach(p -> dayEnergy.put(p.get("timestamp").asText(), p.get("value").asDouble()));
        JsonNode sec = get("/api/v1/timeseries/sec?machine_id=" + CONVEYOR + range(secFrom, secTo, "1day") + "&timezone=factory").json();
        assertEquals("America/Los_Angeles", sec.get("timezone").asText());
        assertEquals(2, sec.get("data_points").size(), sec.toString());
        Instant from2 = secFrom, to2 = secTo;
        for (JsonNode p : sec.get("data_points")) {
            Instant d0 = Instant.parse(p.get("timestamp").asText());
            Instant d1 = java.time.LocalDate.ofInstant(d0, la).plusDays(1).atStartOfDay(la).toInstant();
            Instant lo = d0.isBefore(from2) ? from2 : d0, hi = d1.isAfter(to2) ? to2 : d1;
            double units = 0;
            for (var c : TestCloud.get().stores().telemetry().points(UUID.fromString(CONVEYOR), lo.truncatedTo(ChronoUnit.HOURS), hi).production()) {
                Instant h = c.timestamp().truncatedTo(ChronoUnit.HOURS), a = h.isBefore(lo) ? lo : h, b = h.plusSeconds(3600).isAfter(hi) ? hi : h.plusSeconds(3600);
                units += c.productionCount() * Math.max(0, Duration.between(a, b).toSeconds()) / 3600.0;
            }
            assertEquals(dayEnergy.get(p.get("timestamp").asText()) / units, p.get("value").asDouble(), 1e-5, p.toString());
        }

        var wrong = get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR + range(from, to, "1day") + "&timezone=Mars/Olympus");
        assertEquals(422, wrong.status(), wrong.text());
        assertEquals("timezone", wrong.json().at("/detail/0/loc/1").asText());
        var tooLong = get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR + range(from.minus(Duration.ofDays(4200)), to, "1day")
                + "&timezone=factory");
        assertEquals(400, tooLong.status(), tooLong.text());
        assertTrue(tooLong.json().get("detail").asText().contains("local days"), tooLong.text());
    }

    @Test
    void powerAndSecSeries() {
        UUID id = UUID.fromString(COMPRESSOR);
        TelemetryStore t = TestCloud.get().stores().telemetry();
        Instant hour = start.plus(Duration.ofHours(10));
        List<Reading> raw = t.readings(id, hour, hour.plus(Duration.ofHours(1)));
        double avg = raw.stream().mapToDouble(Reading::powerKw).average().orElseThrow();
        var power = get("/api/v1/timeseries/power?machine_id=" + COMPRESSOR + range(hour, hour.plusSeconds(3600), "1hour"));
        assertEquals("kW", power.json().at("/data_points/0/unit").asText());
        assertEquals("avg", power.json().get("aggregation").asText());
        assertEquals(avg, power.json().at("/data_points/0/value").asDouble(), 1e-6);

        // the seeded days hold no output when they are a weekend without a Saturday shift (or a holiday): then the
        // compressor is given an hour of it, as its counter would post it, so that the test does not depend on the date
        Instant hourAgo = end.minus(Duration.ofHours(2));
        if (t.rollups(id, io.wattline.domain.Resolution.HOUR, start, end).stream().mapToLong(Rollup::production).sum() == 0) {
            t.writeProduction(List.of(new io.wattline.domain.ProductionCount(id, hourAgo.plusSeconds(600), 120, 0)));
        }
        List<Rollup> days = t.rollups(id, io.wattline.domain.Resolution.HOUR, start, end);
        double energy = days.stream().mapToDouble(Rollup::energyKwh).sum();
        long units = days.stream().mapToLong(Rollup::production).sum();
        assertTrue(units > 0, "the compressor produces in a weekday or Saturday shift, or in the hour given");
        var sec = get("/api/v1/timeseries/sec?machine_id=" + COMPRESSOR + range(start, end, "1hour"));
        assertEquals("kWh/unit", sec.json().at("/data_points/0/unit").asText());
        double weighted = 0;
        for (JsonNode p : sec.json().get("data_points")) weighted += p.get("value").asDouble();
        assertTrue(weighted > 0 && Double.isFinite(weighted));
        // HVAC has no production: no SEC points rather than a division by zero
        var hvacSec = get("/api/v1/timeseries/sec?machine_id=" + HVAC + range(start, end, "1hour"));
        assertEquals(200, hvacSec.status());
        assertEquals(0, hvacSec.json().get("total_points").asInt());
        assertTrue(energy > 0);
    }

    /**
     * Production is counted per hour, so a 15-minute or 1-minute bucket is charged its share of the hour's
     * units: its SEC stays near the hour's, the buckets' SEC values average to it, and the units charged
     * to them add up to the hour's production.
     */
    @Test
    void subHourSecSharesTheHoursProduction() {
        Instant hour = Instant.parse("2024-06-03T10:00:00Z");
        StringBuilder body = new StringBuilder("{\"readings\":[");
        for (int i = 0; i < 65; i++) { // the hour and five minutes of the next, which has no production
            double kw = 40 + i % 7;
            body.append(i == 0 ? "" : ",").append("{\"machine_id\":\"").append(CONVEYOR).append("\",\"timestamp\":\"")
                    .append(hour.plusSeconds(60L * i)).append("\",\"power_kw\":").append(kw)
                    .append(",\"energy_kwh\":").append(kw / 60).append('}');
        }
        assertEquals(200, post("/api/v1/readings", body.append("]}").toString()).status());
        var prod = post("/api/v1/production", "{\"production\":[{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\""
                + hour + "\",\"production_count\":300.0,\"bad_count\":3}]}"); // a whole count with a point, as pydantic takes it
        assertEquals(200, prod.status(), prod.text());
        var fraction = post("/api/v1/production", "{\"production\":[{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\""
                + hour.plusSeconds(3600) + "\",\"production_count\":312.5}]}");
        assertEquals(422, fraction.status(), fraction.text());
        assertEquals("int_from_float", fraction.json().at("/detail/0/type").asText(), fraction.text());
        // an array or object where one value belongs: pydantic's error of the field's type, as the other bodies answer
        var containers = post("/api/v1/readings", "{\"readings\":[{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\""
                + hour + "\",\"power_kw\":[40],\"energy_kwh\":0.5}]}");
        assertEquals(422, containers.status(), containers.text());
        assertEquals("float_type", containers.json().at("/detail/0/type").asText(), containers.text());
        var objectCount = post("/api/v1/production", "{\"production\":[{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\""
                + hour.plusSeconds(3600) + "\",\"production_count\":{\"n\":3}}]}");
        assertEquals("int_type", objectCount.json().at("/detail/0/type").asText(), objectCount.text());
        // a batch given as null is there and no list; one not given is missing (pydantic's two answers)
        var nullBatch = post("/api/v1/readings", "{\"readings\":null}");
        assertEquals(422, nullBatch.status(), nullBatch.text());
        assertEquals("list_type", nullBatch.json().at("/detail/0/type").asText(), nullBatch.text());
        assertEquals("null", nullBatch.json().at("/detail/0/input").asText(), nullBatch.text());
        assertEquals("missing", post("/api/v1/readings", "{}").json().at("/detail/0/type").asText());
        // counts beyond Java's int are counts (pydantic's ints have no end); beyond the largest measure, refused by it
        var huge = post("/api/v1/production", "{\"production\":[{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\""
                + hour.plusSeconds(3600) + "\",\"production_count\":1" + "0".repeat(30) + "}]}");
        assertEquals(422, huge.status(), huge.text());
        assertEquals("less_than_equal", huge.json().at("/detail/0/type").asText(), huge.text());
        assertEquals("Input should be less than or equal to 1000000000", huge.json().at("/detail/0/msg").asText());
        // the largest count is 1e9 a row, so that sums of any range stay exact (1e15 a row summed past a long's end)
        var tooMany = post("/api/v1/production", "{\"production\":[{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\""
                + hour.plusSeconds(3600) + "\",\"production_count\":1000000001}]}");
        assertEquals("less_than_equal", tooMany.json().at("/detail/0/type").asText(), tooMany.text());

        var hourly = get("/api/v1/timeseries/sec?machine_id=" + CONVEYOR + range(hour, hour.plusSeconds(3600), "1hour"));
        double hourSec = hourly.json().at("/data_points/0/value").asDouble();
        double hourEnergy = get("/api/v1/timeseries/energy?machine_id=" + CONVEYOR
                + range(hour, hour.plusSeconds(3600), "1hour")).json().at("/data_points/0/value").asDouble();
        assertEquals(hourEnergy / 300, hourSec, 1e-6, "the hour's SEC is its energy over its units, as before");

        for (var interval : List.of(Map.entry("15min", 4), Map.entry("5min", 12), Map.entry("1min", 60))) {
            String q = range(hour, hour.plusSeconds(3900), interval.getKey());
            JsonNode sec = get("/api/v1/timeseries/sec?machine_id=" + CONVEYOR + q).json().get("data_points");
            JsonNode energy = get("/api/v1/timeseries/energy?machine_id=" + CONVEYOR + q).json().get("data_points");
            List<Double> values = new ArrayList<>();
            sec.forEach(p -> values.add(p.get("value").asDouble()));
            String seen = interval.getKey() + ": hour " + hourSec + ", buckets " + values;
            assertEquals(interval.getValue(), values.size(), "one point per bucket of the hour, none after it; " + seen);
            double sum = 0, units = 0;
            for (int i = 0; i < values.size(); i++) {
                assertEquals(energy.get(i).get("timestamp").asText(), sec.get(i).get("timestamp").asText());
                assertEquals(hourSec, values.get(i), 0.1 * hourSec, seen);
                sum += values.get(i);
                units += energy.get(i).get("value").asDouble() / values.get(i);
            }
            assertEquals(hourSec, sum / values.size(), 1e-5 * hourSec, "the buckets' SEC average to the hour's; " + seen);
            assertEquals(300, units, 0.01, "energy ÷ SEC of the buckets adds up to the hour's units; " + seen);
        }
        // an hour or day bucket the range cuts counts the share of its hour's units inside the range, as a 15-minute
        // bucket does (it divided a quarter's energy by the whole hour's units, or had no point at all)
        for (String interval : List.of("1hour", "1day")) {
            String cut = range(hour.plusSeconds(900), hour.plusSeconds(1800), interval);
            double energy = get("/api/v1/timeseries/energy?machine_id=" + CONVEYOR + cut).json().at("/data_points/0/value").asDouble();
            JsonNode sec = get("/api/v1/timeseries/sec?machine_id=" + CONVEYOR + cut).json().get("data_points");
            assertEquals(1, sec.size(), interval + ": " + sec);
            assertEquals(energy / 75, sec.get(0).get("value").asDouble(), 1e-5, interval + ": a quarter of the hour's 300 units");
        }
    }

    @Test
    void timeseriesErrors() {
        var reversed = get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR + range(end, start, "1hour"));
        assertEquals(400, reversed.status());
        assertEquals("Invalid time range", reversed.json().get("detail").asText());
        var unknown = get("/api/v1/timeseries/power?machine_id=" + UUID.randomUUID() + range(start, end, "1hour"));
        assertEquals(404, unknown.status());
        assertEquals("Machine not found", unknown.json().get("detail").asText());
        var bad = get("/api/v1/timeseries/energy?machine_id=xyz&start_time=yesterday&interval=2min");
        assertEquals(422, bad.status());
        List<String> fields = new ArrayList<>();
        bad.json().get("detail").forEach(d -> fields.add(d.get("loc").get(1).asText() + ":" + d.get("type").asText()));
        assertEquals(List.of("machine_id:uuid_parsing", "start_time:datetime_from_date_parsing", "end_time:missing",
                "interval:enum"), fields);
        var tooLong = get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR
                + range(start.minus(Duration.ofDays(400)), end, "1min"));
        assertEquals(400, tooLong.status());
        assertTrue(tooLong.json().get("detail").asText().contains("at most"));
        // exactly 50,000 aligned hours are 50,000 buckets, within the limit; one hour more is not
        Instant aligned = Instant.parse("2001-01-01T00:00:00Z");
        assertEquals(200, get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR
                + range(aligned, aligned.plus(Duration.ofHours(50_000)), "1hour")).status());
        assertEquals(400, get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR
                + range(aligned, aligned.plus(Duration.ofHours(50_001)), "1hour")).status());
        var empty = get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR
                + range(Instant.parse("2001-01-01T00:00:00Z"), Instant.parse("2001-01-02T00:00:00Z"), "1hour"));
        assertEquals(200, empty.status());
        assertEquals(0, empty.json().get("total_points").asInt());
    }

    @Test
    void latestReading() {
        Reading latest = TestCloud.get().stores().telemetry().latest(UUID.fromString(HVAC)).orElseThrow();
        var res = get("/api/v1/timeseries/latest/" + HVAC);
        assertEquals(200, res.status());
        assertEquals(latest.timestamp(), Instant.parse(res.json().get("timestamp").asText()));
        assertEquals(latest.powerKw(), res.json().get("power_kw").asDouble(), 0);
        assertEquals("HVAC-Main", res.json().get("machine_name").asText());
        for (String f : List.of("energy_kwh", "current_a", "voltage_v", "power_factor", "frequency_hz", "temperature_c")) {
            assertTrue(res.json().get(f).isNumber(), f);
        }
        assertEquals(404, get("/api/v1/timeseries/latest/" + UUID.randomUUID()).status());
    }

    @Test
    void multiMachineEnergy() {
        var res = get("/api/v1/timeseries/multi-machine/energy?machine_ids=" + COMPRESSOR + "," + HVAC
                + range(start, end, "1hour"));
        assertEquals(200, res.status(), res.text());
        assertEquals(2, res.json().get("machines").size());
        for (JsonNode m : res.json().get("machines")) {
            double sum = 0;
            for (JsonNode p : m.get("data_points")) sum += p.get("value").asDouble();
            assertEquals(sum, m.get("total_energy").asDouble(), 1e-4);
            assertEquals(24, m.get("data_points").size());
        }
        // a period without readings: no total, not 0 kWh (a voice assistant said "used 0.00 kWh" for next year)
        var none = get("/api/v1/timeseries/multi-machine/energy?machine_ids=" + COMPRESSOR
                + range(end.plus(Duration.ofDays(400)), end.plus(Duration.ofDays(401)), "1hour"));
        assertEquals(200, none.status(), none.text());
        assertTrue(none.json().at("/machines/0/total_energy").isNull(), none.text());
        assertEquals(0, none.json().at("/machines/0/data_points").size(), none.text());
        assertEquals(404, get("/api/v1/timeseries/multi-machine/energy?machine_ids=" + COMPRESSOR + "," + UUID.randomUUID()
                + range(start, end, "1hour")).status());
        assertEquals(422, get("/api/v1/timeseries/multi-machine/energy?machine_ids=,"
                + range(start, end, "1hour")).status());
        // 30,240 one-minute points a machine: one machine fits the 50,000-point limit, two do not; a repeated id counts once
        String threeWeeks = range(end.minus(Duration.ofDays(21)), end, "1min");
        var repeated = get("/api/v1/timeseries/multi-machine/energy?machine_ids=" + COMPRESSOR + "," + COMPRESSOR + threeWeeks);
        assertEquals(200, repeated.status(), repeated.text());
        assertEquals(1, repeated.json().get("machines").size());
        var two = get("/api/v1/timeseries/multi-machine/energy?machine_ids=" + COMPRESSOR + "," + HVAC + threeWeeks);
        assertEquals(400, two.status(), two.text());
        assertTrue(two.json().get("detail").asText().contains("at most 50000 points"), two.text());
    }

    @Test
    void scheduler() {
        var status = get("/api/v1/scheduler/status");
        assertEquals(200, status.status());
        assertEquals(status.json().get("job_count").asInt(), status.json().get("jobs").size());
        for (JsonNode job : status.json().get("jobs")) {
            assertTrue(job.get("trigger").asText().startsWith("cron["));
        }
        var unknown = post("/api/v1/scheduler/trigger/no_such_job", null);
        assertEquals(404, unknown.status());
        assertTrue(unknown.json().get("detail").asText().startsWith("Job not found"));
    }

    // ------------------------------------------------------------------ ingestion

    /** One time-series request to a data function that reads the clock {@code now}, over the test cloud's stores. */
    private static JsonNode seriesAt(Instant now, String metric, String query) throws Exception {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), List.of(java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8)));
        }
        var r = new io.wattline.data.DataFunction(TestCloud.get().settings(), () -> now).handle(new io.wattline.http.ApiRequest(
                "GET", "/api/v1/timeseries/" + metric, params, Map.of(), null, UUID.randomUUID().toString(), Map.of()));
        assertEquals(200, r.status(), r.body());
        return JsonTrees.readTree(r.body());
    }

    /**
     * SEC by day leaves out the hour in progress while it has energy and no production count (counts posted at the
     * hour's end), as the KPIs do: at 12:20 the day read 70 kWh over the 80 units of 10:00-12:00, 0.875 kWh/unit,
     * against the KPIs' 0.75 for the hours settled.
     */
    @Test
    void secByDayLeavesOutTheHourInProgressUntilItsCountArrives() throws Exception {
        Instant ten = Instant.parse("2024-07-17T10:00:00Z"), now = Instant.parse("2024-07-17T12:20:00Z");
        assertEquals(200, post("/api/v1/readings", conveyorAtHalfAKwhAMinute(ten, now)).status());
        String counts = "{\"production\":[{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\"2024-07-17T10:00:00Z\",\"production_count\":40},"
                + "{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\"2024-07-17T11:00:00Z\",\"production_count\":40}]}";
        assertEquals(200, post("/api/v1/production", counts).status());
        String utcDay = "machine_id=" + CONVEYOR + "&start_time=2024-07-17T00:00:00Z&end_time=2024-07-18T00:00:00Z&interval=1day";
        String laDay = "machine_id=" + CONVEYOR + "&start_time=2024-07-17T07:00:00Z&end_time=2024-07-18T07:00:00Z&interval=1day&timezone=factory";
        for (String day : List.of(utcDay, laDay)) {
            JsonNode energy = seriesAt(now, "energy", day);
            assertEquals(70.0, energy.at("/data_points/0/value").asDouble(), 1e-9, "the energy counts every reading: " + energy);
            JsonNode sec = seriesAt(now, "sec", day);
            assertEquals(1, sec.get("total_points").asInt(), sec.toString());
            assertEquals(60.0 / 80, sec.at("/data_points/0/value").asDouble(), 1e-6, "per unit: the hours before 12:00, not 70 / 80");
            assertEquals("Per unit over the hours before 2024-07-17T12:00:00+00:00: the hour in progress has its energy metered"
                    + " and no production count yet", sec.get("note").asText());
            // an hour later the hour is over: its missing count is no longer awaited, nothing is left out
            JsonNode later = seriesAt(now.plusSeconds(3600), "sec", day);
            assertEquals(70.0 / 80, later.at("/data_points/0/value").asDouble(), 1e-6, later.toString());
        }
        // the hour's count arrives: the whole day
        assertEquals(200, post("/api/v1/production", "{\"production\":[{\"machine_id\":\"" + CONVEYOR
                + "\",\"timestamp\":\"2024-07-17T12:10:00Z\",\"production_count\":10}]}").status());
        JsonNode whole = seriesAt(now, "sec", utcDay);
        assertEquals(70.0 / 90, whole.at("/data_points/0/value").asDouble(), 1e-6);
        assertFalse(whole.has("note"), whole.toString());
    }

    /**
     * In a zone on the half hour local midnight cuts the UTC hour in progress: at 18:45Z (00:15 in Kolkata) its
     * 18:00-18:30 belongs to the day before and 18:30-18:45 to today. Each day leaves out its own part: all 45 minutes
     * came off yesterday's energy (22.5 of 45 kWh over 40 units, 0.5625), where its own 15 kWh leave 0.75.
     */
    @Test
    void secByLocalDayInAHalfHourZoneLeavesOutEachDaysPartOfTheHourInProgress() throws Exception {
        Instant five = Instant.parse("2024-08-20T17:00:00Z"), now = Instant.parse("2024-08-20T18:45:00Z");
        assertEquals(200, post("/api/v1/readings", conveyorAtHalfAKwhAMinute(five, now)).status());
        assertEquals(200, post("/api/v1/production", "{\"production\":[{\"machine_id\":\"" + CONVEYOR
                + "\",\"timestamp\":\"2024-08-20T17:00:00Z\",\"production_count\":40}]}").status());
        String days = "machine_id=" + CONVEYOR + "&start_time=2024-08-19T18:30:00Z&end_time=2024-08-21T18:30:00Z&interval=1day"
                + "&timezone=Asia/Kolkata";
        JsonNode sec = seriesAt(now, "sec", days);
        assertEquals(1, sec.get("total_points").asInt(), "today's 7.5 kWh have no units yet: no point " + sec);
        assertEquals(Instant.parse("2024-08-19T18:30:00Z"), Instant.parse(sec.at("/data_points/0/timestamp").asText()), sec.toString());
        assertEquals(30.0 / 40, sec.at("/data_points/0/value").asDouble(), 1e-6, sec.toString());
        assertTrue(sec.get("note").asText().startsWith("Per unit over the hours before 2024-08-20T18:00:00+00:00"), sec.toString());
    }

    /** The conveyor's readings of each minute in {@code [from, to)}: 30 kW, 0.5 kWh each. */
    private static String conveyorAtHalfAKwhAMinute(Instant from, Instant to) {
        StringBuilder body = new StringBuilder("{\"readings\":[");
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
            body.append(t.equals(from) ? "" : ",").append("{\"machine_id\":\"").append(CONVEYOR).append("\",\"timestamp\":\"")
                    .append(t).append("\",\"power_kw\":30,\"energy_kwh\":0.5}");
        }
        return body.append("]}").toString();
    }

    private static String readings(String machine, Instant from, int n, String extra) {
        StringBuilder sb = new StringBuilder("{\"readings\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"machine_id\":\"").append(machine).append("\",\"timestamp\":\"").append(from.plusSeconds(60L * i))
                    .append("\",\"power_kw\":").append(10 + i % 7).append(",\"energy_kwh\":").append((10 + i % 7) / 60.0)
                    .append(extra).append('}');
        }
        return sb.append("]}").toString();
    }

    @Test
    void ingestionIsIdempotentAndUpdatesRollups() {
        Instant from = Instant.parse("2024-03-01T00:00:00Z");
        String body = readings(CONVEYOR, from, 120, ",\"voltage_v\":400.5");
        var first = post("/api/v1/readings", body);
        assertEquals(200, first.status(), first.text());
        assertEquals(120, first.json().get("accepted").asInt());
        assertEquals(from, Instant.parse(first.json().get("first_timestamp").asText()));
        assertEquals(200, post("/api/v1/readings", body).status()); // replay
        TelemetryStore t = TestCloud.get().stores().telemetry();
        UUID id = UUID.fromString(CONVEYOR);
        assertEquals(120, t.readings(id, from, from.plus(Duration.ofHours(3))).size());
        double expected = 0;
        for (int i = 0; i < 60; i++) expected += (10 + i % 7) / 60.0;
        var hourly = get("/api/v1/timeseries/energy?machine_id=" + CONVEYOR + range(from, from.plusSeconds(7200), "1hour"));
        assertEquals(expected, hourly.json().at("/data_points/0/value").asDouble(), 1e-6);
        assertEquals(60, t.rollups(id, io.wattline.domain.Resolution.HOUR, from, from.plusSeconds(3600)).get(0).samples());

        var prod = post("/api/v1/production", "{\"production\":[{\"machine_id\":\"" + CONVEYOR
                + "\",\"timestamp\":\"2024-03-01T01:00:00Z\",\"production_count\":40,\"bad_count\":2}]}");
        assertEquals(200, prod.status(), prod.text());
        var sec = get("/api/v1/timeseries/sec?machine_id=" + CONVEYOR + range(from, from.plusSeconds(7200), "1hour"));
        assertEquals(1, sec.json().get("total_points").asInt());

        // production beside readings in one body was answered 200 and dropped unseen: refused, nothing stored
        Instant at = Instant.parse("2024-03-02T00:00:00Z");
        var mixed = post("/api/v1/readings", "{\"readings\":[{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\"" + at
                + "\",\"power_kw\":5,\"energy_kwh\":0.1}],\"production\":[{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\""
                + at + "\",\"production_count\":77}]}");
        assertEquals(422, mixed.status(), mixed.text());
        assertEquals("production", mixed.json().at("/detail/0/loc/1").asText());
        assertTrue(mixed.json().at("/detail/0/msg").asText().contains("POST /api/v1/production"), mixed.text());
        assertEquals(0, t.readings(id, at, at.plusSeconds(60)).size());
    }

    /**
     * Rows written after the hourly anomaly detection passed their hours are noted for it (a reading: its machine's
     * day; a production count: every machine of the factory, whose drivers may read it); history loaded from long ago
     * and fresh rows are not.
     */
    @Test
    void lateRowsAreNotedForAnomalyDetectionHistoryAndFreshRowsAreNot() {
        var late = new io.wattline.store.dynamodb.DynamoLateTelemetry(TestCloud.get().stores().dynamoDb(),
                TestCloud.get().settings().tables().state());
        Instant threeDaysAgo = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));
        java.time.LocalDate day = java.time.LocalDate.ofInstant(threeDaysAgo, java.time.ZoneOffset.UTC);
        assertEquals(200, post("/api/v1/readings", readings(CONVEYOR, threeDaysAgo, 2, "")).status());
        assertEquals(200, post("/api/v1/readings", readings(HVAC, Instant.parse("2024-03-02T00:00:00Z"), 2, "")).status());
        var noted = late.pending(1000);
        assertTrue(noted.stream().anyMatch(p -> p.machineId().toString().equals(CONVEYOR) && p.day().equals(day)), noted.toString());
        assertTrue(noted.stream().noneMatch(p -> p.day().getYear() == 2024 && p.machineId().toString().equals(HVAC)), noted.toString());
        var prod = post("/api/v1/production", "{\"production\":[{\"machine_id\":\"" + COMPRESSOR + "\",\"timestamp\":\""
                + threeDaysAgo + "\",\"production_count\":40}]}");
        assertEquals(200, prod.status(), prod.text());
        // Compressor-1's factory holds HVAC-Main too: its baseline may read the factory's production
        assertTrue(late.pending(1000).stream().anyMatch(p -> p.machineId().toString().equals(HVAC) && p.day().equals(day)));
    }

    @Test
    void outdoorTemperaturesMeasuredAndForecastAreStoredAndAForecastGivesWayToTheMeasurement() {
        UUID factory = DemoPlant.EU_FACTORY;
        Instant ahead = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(3));
        var forecast = post("/api/v1/weather", "{\"temperatures\":[{\"factory_id\":\"" + factory + "\",\"timestamp\":\""
                + ahead + "\",\"temperature_c\":-4.5},{\"factory_id\":\"" + factory + "\",\"timestamp\":\""
                + ahead.plusSeconds(3600) + "\",\"temperature_c\":-5}]}");
        assertEquals(200, forecast.status(), forecast.text());
        assertEquals(2, forecast.json().get("accepted").asInt());
        assertEquals(1, forecast.json().get("factories").asInt());
        TelemetryStore t = TestCloud.get().stores().telemetry();
        var stored = t.outdoorTemperatures(factory, ahead, ahead.plusSeconds(7200));
        assertEquals(List.of(-4.5, -5.0), stored.stream().map(io.wattline.domain.OutdoorTemperature::temperatureC).toList());
        // the same hour again (the measurement, once it came): replaced, not added
        assertEquals(200, post("/api/v1/weather", "[{\"factory_id\":\"" + factory + "\",\"timestamp\":\"" + ahead
                + "\",\"temperature_c\":-3.25}]").status());
        assertEquals(-3.25, t.outdoorTemperatures(factory, ahead, ahead.plusSeconds(3600)).get(0).temperatureC());
        // a fraction below the millisecond is still off the hour (timestamps are kept to the millisecond)
        var offHour = post("/api/v1/weather", "[{\"factory_id\":\"" + factory + "\",\"timestamp\":\""
                + ahead.toString().replace("Z", ".0004Z") + "\",\"temperature_c\":9}]");
        assertEquals(422, offHour.status(), offHour.text());
        assertEquals(-3.25, t.outdoorTemperatures(factory, ahead, ahead.plusSeconds(3600)).get(0).temperatureC());

        // every bad row reported, nothing written
        Instant far = Instant.now().plus(Duration.ofDays(45));
        var bad = post("/api/v1/weather", "{\"temperatures\":[{\"factory_id\":\"" + UUID.randomUUID() + "\",\"timestamp\":\""
                + ahead + "\",\"temperature_c\":1},{\"factory_id\":\"" + factory + "\",\"timestamp\":\"" + far
                + "\",\"temperature_c\":1},{\"factory_id\":\"" + factory + "\",\"timestamp\":\"" + ahead.plusSeconds(7200)
                + "\",\"temperature_c\":451},{\"factory_id\":\"" + factory + "\",\"timestamp\":\"" + ahead.plusSeconds(7200)
                + "\",\"temperature_c\":2},{\"factory_id\":\"" + COMPRESSOR + "\",\"timestamp\":\"" + ahead.plusSeconds(7200)
                + "\",\"temperature_c\":[2]}]}");
        assertEquals(422, bad.status(), bad.text());
        List<String> errors = new ArrayList<>();
        bad.json().get("detail").forEach(d -> errors.add(d.get("loc").get(2).asInt() + ":" + d.get("loc").get(3).asText()
                + ":" + d.get("type").asText()));
        assertEquals(List.of("0:factory_id:value_error", "1:timestamp:value_error", "2:temperature_c:less_than_equal",
                "3:timestamp:value_error", "4:temperature_c:float_type", "4:factory_id:value_error"), errors, bad.text());
        assertTrue(bad.json().at("/detail/1/msg").asText().contains("30 days ahead"), bad.text());
        assertTrue(t.outdoorTemperatures(factory, ahead.plusSeconds(7200), ahead.plusSeconds(10800)).isEmpty(),
                "a rejected batch stores nothing");
        assertEquals(422, post("/api/v1/weather", "{\"temperatures\":[]}").status());
    }

    @Test
    void outdoorTemperaturesWithinAnHourAreRefusedNotStoredBesideTheHours() {
        UUID factory = DemoPlant.EU_FACTORY;
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(5));
        TelemetryStore t = TestCloud.get().stores().telemetry();
        // 10:20 and 10:50 were stored beside 10:00, and the hour's readers averaged them: posting an hour did not replace it
        var within = post("/api/v1/weather", "{\"temperatures\":[{\"factory_id\":\"" + factory + "\",\"timestamp\":\""
                + hour + "\",\"temperature_c\":10},{\"factory_id\":\"" + factory + "\",\"timestamp\":\""
                + hour.plus(Duration.ofMinutes(20)) + "\",\"temperature_c\":20},{\"factory_id\":\"" + factory
                + "\",\"timestamp\":\"" + hour.plus(Duration.ofMinutes(50)).plusMillis(1) + "\",\"temperature_c\":30}]}");
        assertEquals(422, within.status(), within.text());
        assertEquals(2, within.json().get("detail").size(), within.text());
        for (int i = 0; i < 2; i++) {
            JsonNode d = within.json().get("detail").get(i);
            assertEquals(List.of("body", "temperatures", String.valueOf(i + 1), "timestamp"), List.of(d.get("loc").get(0).asText(),
                    d.get("loc").get(1).asText(), d.get("loc").get(2).asText(), d.get("loc").get(3).asText()));
            assertEquals("value_error", d.get("type").asText());
            assertTrue(d.get("msg").asText().startsWith("Value error, Outdoor temperatures are hourly: the timestamp must be on a UTC hour"),
                    d.toString());
        }
        assertEquals(hour.plus(Duration.ofMinutes(20)).toString(), within.json().at("/detail/0/input").asText());
        assertTrue(t.outdoorTemperatures(factory, hour, hour.plus(Duration.ofHours(1))).isEmpty(), "a rejected batch stores nothing");

        // on the hour, in any offset and with zero fractions: stored, and posted again replaced
        var onTheHour = post("/api/v1/weather", "[{\"factory_id\":\"" + factory + "\",\"timestamp\":\""
                + hour.atOffset(java.time.ZoneOffset.ofHoursMinutes(5, 30)) + "\",\"temperature_c\":10}]");
        assertEquals(200, onTheHour.status(), onTheHour.text());
        String fractions = hour.toString().replace("Z", ".000+00:00");
        assertEquals(200, post("/api/v1/weather", "[{\"factory_id\":\"" + factory + "\",\"timestamp\":\"" + fractions
                + "\",\"temperature_c\":12.5}]").status());
        assertEquals(List.of(12.5), t.outdoorTemperatures(factory, hour, hour.plus(Duration.ofHours(1))).stream()
                .map(io.wattline.domain.OutdoorTemperature::temperatureC).toList());
    }

    @Test
    void badRowsAreReportedAndNothingIsStored() {
        Instant from = Instant.parse("2024-04-01T00:00:00Z");
        String good = readings(CONVEYOR, from, 5, "");
        String bad = good.replace("]}", ",{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\"" + from
                + "\",\"power_kw\":5,\"energy_kwh\":-1},{\"machine_id\":\"" + UUID.randomUUID()
                + "\",\"timestamp\":\"2024-04-01T00:10:00Z\",\"power_kw\":\"x\",\"energy_kwh\":1},"
                + "{\"timestamp\":\"2999-01-01T00:00:00Z\",\"power_kw\":1,\"energy_kwh\":1},"
                + "{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\"0001-01-01T00:00:00Z\",\"power_kw\":1,\"energy_kwh\":1}]}");
        var res = post("/api/v1/readings", bad);
        assertEquals(422, res.status(), res.text());
        List<String> errors = new ArrayList<>();
        res.json().get("detail").forEach(d -> errors.add(d.get("loc").get(2).asInt() + ":" + d.get("loc").get(3).asText()
                + ":" + d.get("type").asText()));
        assertTrue(errors.contains("5:energy_kwh:greater_than_equal"), errors.toString());
        assertTrue(errors.contains("5:timestamp:value_error"), errors.toString()); // duplicate of row 0
        assertTrue(errors.contains("6:power_kw:float_parsing"), errors.toString());
        assertTrue(errors.contains("6:machine_id:value_error"), errors.toString()); // unknown machine
        assertTrue(errors.contains("7:machine_id:missing"), errors.toString());
        assertTrue(errors.contains("7:timestamp:value_error"), errors.toString()); // in the future
        assertTrue(errors.contains("8:timestamp:value_error"), errors.toString()); // before 1970 (a zero, a misread epoch)
        assertTrue(TestCloud.get().stores().telemetry().readings(UUID.fromString(CONVEYOR), from,
                from.plus(Duration.ofHours(1))).isEmpty(), "a rejected batch stores nothing");

        var nan = post("/api/v1/readings", "{\"readings\":[{\"machine_id\":\"" + CONVEYOR
                + "\",\"timestamp\":\"2024-04-01T00:00:00Z\",\"power_kw\":NaN,\"energy_kwh\":1}]}");
        assertEquals(422, nan.status());
        assertEquals("json_invalid", nan.json().at("/detail/0/type").asText());
        assertEquals(422, post("/api/v1/readings", "").status());
        assertEquals(422, post("/api/v1/readings", "{\"readings\":[]}").status());
        assertEquals(422, post("/api/v1/readings", "{\"readings\":{}}").status());
        assertEquals(422, post("/api/v1/readings", "[1,2]").status());
        var tooMany = post("/api/v1/readings", readings(CONVEYOR, from, 5001, ""));
        assertEquals(413, tooMany.status());
        var tooBig = post("/api/v1/readings", "{\"readings\":[],\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}");
        assertEquals(413, tooBig.status());
        assertFalse(tooBig.text().contains("Exception"));
        // a backfill of a reading a day over 367 days: each day's roll-ups are written with the batch, and 5,000 such
        // days took 95 s on the local cloud, past the function's 29 s (on AWS: cut off, stored in part)
        StringBuilder daily = new StringBuilder("{\"readings\":[");
        Instant y2000 = Instant.parse("2000-01-01T12:00:00Z");
        for (int i = 0; i < 367; i++) {
            daily.append(i > 0 ? "," : "").append("{\"machine_id\":\"").append(CONVEYOR).append("\",\"timestamp\":\"")
                    .append(y2000.plus(Duration.ofDays(i))).append("\",\"power_kw\":1,\"energy_kwh\":1}");
        }
        var longBackfill = post("/api/v1/readings", daily.append("]}").toString());
        assertEquals(413, longBackfill.status(), longBackfill.text());
        assertTrue(longBackfill.json().get("detail").asText().startsWith("Batch spans too many days: 367 days (UTC) of machine "
                + CONVEYOR + ", at most 366"), longBackfill.text());
        assertTrue(TestCloud.get().stores().telemetry().readings(UUID.fromString(CONVEYOR), y2000, y2000.plus(Duration.ofDays(400)))
                .isEmpty(), "nothing stored");
        // the days are counted per machine: four machines on 100 days each (400 machine-days) are one batch
        StringBuilder plant = new StringBuilder("{\"readings\":[");
        Instant y1999 = Instant.parse("1999-01-01T12:00:00Z");
        int n = 0;
        for (String machine : List.of(COMPRESSOR, HVAC, CONVEYOR, "c0000000-0000-0000-0000-000000000004")) {
            for (int i = 0; i < 100; i++) {
                plant.append(n++ > 0 ? "," : "").append("{\"machine_id\":\"").append(machine).append("\",\"timestamp\":\"")
                        .append(y1999.plus(Duration.ofDays(i))).append("\",\"power_kw\":1,\"energy_kwh\":1}");
            }
        }
        var plantBackfill = post("/api/v1/readings", plant.append("]}").toString());
        assertEquals(200, plantBackfill.status(), plantBackfill.text());
        assertEquals(400, plantBackfill.json().get("accepted").asInt(), plantBackfill.text());
    }

    @Test
    void aBatchOfManyMachinesIsCheckedAgainstTheCatalogueRowByRow() {
        // more distinct machines than are looked up one by one: the catalogue's list decides, with the same answers
        Instant at = Instant.parse("2024-04-02T00:00:00Z");
        List<String> known = List.of(COMPRESSOR, HVAC, CONVEYOR);
        StringBuilder rows = new StringBuilder("{\"readings\":[");
        int n = 5000;
        for (int i = 0; i < n; i++) {
            String machine = i % 1000 == 0 ? known.get(i / 1000 % known.size()) : UUID.randomUUID().toString();
            if (i > 0) rows.append(',');
            rows.append("{\"machine_id\":\"").append(machine).append("\",\"timestamp\":\"").append(at.plusSeconds(60L * i))
                    .append("\",\"power_kw\":1,\"energy_kwh\":0.01}");
        }
        var res = post("/api/v1/readings", rows.append("]}").toString());
        assertEquals(422, res.status(), res.text().substring(0, 300));
        java.util.Set<Integer> flagged = new java.util.HashSet<>();
        var detail = res.json().get("detail");
        for (int i = 0; i < detail.size() - 1; i++) {
            assertEquals("Value error, Machine not found", detail.get(i).get("msg").asText());
            flagged.add(detail.get(i).get("loc").get(2).asInt());
        }
        // the first 1,000 rows of an unknown machine by index (rows 1-999 and 1001), and how many more there are: an
        // answer listing every error of a pathological body grew past what Lambda returns
        assertEquals(1000, flagged.size(), "rows of an unknown machine only, the first thousand");
        assertFalse(flagged.contains(0) || flagged.contains(1000), "rows 0 and 1000 name catalogued machines");
        assertTrue(flagged.contains(1) && flagged.contains(1001) && !flagged.contains(1002));
        assertEquals((n - 5 - 1000) + " more errors not listed", detail.get(detail.size() - 1).get("msg").asText());
    }

    @Test
    void concurrentBatchesIntoTheSameHourKeepRollupsRight() throws Exception {
        Instant from = Instant.parse("2024-05-01T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<TestCloud.Response>> calls = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Instant at = from.plusSeconds(60L * 15 * k);
            calls.add(pool.submit(() -> post("/api/v1/readings", readings(COMPRESSOR, at, 15, ""))));
        }
        for (var c : calls) assertEquals(200, c.get().status());
        pool.shutdown();
        UUID id = UUID.fromString(COMPRESSOR);
        Rollup hour = TestCloud.get().stores().telemetry()
                .rollups(id, io.wattline.domain.Resolution.HOUR, from, from.plusSeconds(3600)).get(0);
        assertEquals(60, hour.samples());
        Rollup day = TestCloud.get().stores().telemetry()
                .rollups(id, io.wattline.domain.Resolution.DAY, from, from.plus(Duration.ofDays(1))).get(0);
        assertEquals(60, day.samples());
    }

    @Test
    void extremeYearsAreInvalidNotAServerError() {
        var far = get("/api/v1/timeseries/energy?machine_id=" + COMPRESSOR + "&start_time=" + q("+999999999-12-30T00:00:00Z")
                + "&end_time=" + q("+999999999-12-31T00:00:00Z") + "&interval=1hour");
        assertEquals(422, far.status(), far.text());
        assertEquals("datetime_from_date_parsing", far.json().at("/detail/0/type").asText());
        var row = post("/api/v1/readings", "{\"readings\":[{\"machine_id\":\"" + COMPRESSOR
                + "\",\"timestamp\":\"-999999999-01-01T00:00:00Z\",\"power_kw\":1,\"energy_kwh\":1}]}");
        assertEquals(422, row.status(), row.text());
        assertEquals("timestamp", row.json().at("/detail/0/loc/3").asText());
    }

    @Test
    void unixTimesAreReadAsPydanticReadsThem() {
        // a reading stamped 1677632400 (seconds) and one "1677632460000" (milliseconds, as text): 2023-03-01T01:00 and 01:01 UTC
        var row = post("/api/v1/readings", "{\"readings\":[{\"machine_id\":\"" + HVAC + "\",\"timestamp\":1677632400,"
                + "\"power_kw\":6,\"energy_kwh\":0.1},{\"machine_id\":\"" + HVAC + "\",\"timestamp\":\"1677632460000\","
                + "\"power_kw\":6,\"energy_kwh\":0.1}]}");
        assertEquals(200, row.status(), row.text());
        assertEquals(Instant.parse("2023-03-01T01:00:00Z"), Instant.parse(row.json().get("first_timestamp").asText()));
        var series = get("/api/v1/timeseries/energy?machine_id=" + HVAC + "&start_time=1677632400&end_time=1677636000&interval=1hour");
        assertEquals(200, series.status(), series.text());
        assertEquals(0.2, series.json().at("/data_points/0/value").asDouble(), 1e-9);
    }

    @Test
    void timestampsAreKeptToTheMillisecondAndTheAnswerSaysSo() {
        // microseconds are dropped as the store drops them: the answer's first timestamp is the one stored
        var row = post("/api/v1/readings", "{\"readings\":[{\"machine_id\":\"" + HVAC + "\",\"timestamp\":\"2023-04-01T01:02:03.123456Z\","
                + "\"power_kw\":6,\"energy_kwh\":0.1}]}");
        assertEquals(200, row.status(), row.text());
        assertEquals(Instant.parse("2023-04-01T01:02:03.123Z"), Instant.parse(row.json().get("first_timestamp").asText()));
        // two rows within one millisecond are one timestamp: a duplicate in the batch, not one silently replacing the other
        var twice = post("/api/v1/readings", "{\"readings\":[{\"machine_id\":\"" + HVAC + "\",\"timestamp\":\"2023-04-01T01:02:04.123456Z\","
                + "\"power_kw\":6,\"energy_kwh\":0.1},{\"machine_id\":\"" + HVAC + "\",\"timestamp\":\"2023-04-01T01:02:04.123999Z\","
                + "\"power_kw\":7,\"energy_kwh\":0.2}]}");
        assertEquals(422, twice.status(), twice.text());
        assertTrue(twice.json().at("/detail/0/msg").asText().startsWith("Value error, Duplicate timestamp"), twice.text());
    }

    @Test
    void numbersTheStoreCannotHoldAreRejectedBeforeAnythingIsWritten() {
        Instant from = Instant.parse("2024-05-01T00:00:00Z");
        // good rows of one machine, then a row of another whose numbers pass DynamoDB's range (at most ~1e125)
        String batch = readings(CONVEYOR, from, 3, "").replace("]}", ",{\"machine_id\":\"" + HVAC + "\",\"timestamp\":\""
                + from + "\",\"power_kw\":1e200,\"energy_kwh\":1e308,\"voltage_v\":1e308}]}");
        var res = post("/api/v1/readings", batch);
        assertEquals(422, res.status(), res.text());
        List<String> errors = new ArrayList<>();
        res.json().get("detail").forEach(d -> errors.add(d.get("loc").get(2).asInt() + ":" + d.get("loc").get(3).asText()
                + ":" + d.get("type").asText()));
        assertEquals(List.of("3:power_kw:less_than_equal", "3:energy_kwh:less_than_equal", "3:voltage_v:less_than_equal"), errors);
        assertTrue(TestCloud.get().stores().telemetry().readings(UUID.fromString(CONVEYOR), from,
                from.plus(Duration.ofHours(1))).isEmpty(), "a rejected batch stores nothing");

        // below DynamoDB's smallest magnitude (1e-130): a valid reading, stored as zero
        Instant tinyAt = Instant.parse("2024-05-02T00:00:00Z");
        var tiny = post("/api/v1/readings", "{\"readings\":[{\"machine_id\":\"" + CONVEYOR + "\",\"timestamp\":\"" + tinyAt
                + "\",\"power_kw\":1e-300,\"energy_kwh\":1e-200}]}");
        assertEquals(200, tiny.status(), tiny.text());
        List<Reading> stored = TestCloud.get().stores().telemetry().readings(UUID.fromString(CONVEYOR), tinyAt,
                tinyAt.plusSeconds(60));
        assertEquals(1, stored.size());
        assertEquals(0.0, stored.get(0).energyKwh(), 1e-100);
    }
}
