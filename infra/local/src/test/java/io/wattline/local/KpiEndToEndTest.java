package io.wattline.local;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.analytics.kpi.DailyKpiSnapshot;
import io.wattline.analytics.kpi.RangePlan;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.http.Json;
import io.wattline.store.TelemetryStore;
import io.wattline.kpi.store.DynamoKpiSnapshotStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KPI context end to end: the local cloud (DynamoDB Local, the seeded demo plant, the HTTP gateway
 * turning requests into API Gateway events) is started in this JVM and every KPI, comparison, Sankey
 * and heatmap route is called over HTTP; values are checked against a naive computation from the raw
 * points the store holds; the {@code kpi_calculate} job is fired as its EventBridge rule would.
 */
class KpiEndToEndTest {
    static final String C1 = "c0000000-0000-0000-0000-000000000001";
    static final String C6 = "c0000000-0000-0000-0000-000000000006";
    static final String HVAC = "c0000000-0000-0000-0000-000000000002";
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static LocalCloud cloud;
    static HttpClient http;

    @BeforeAll
    static void start(@TempDir Path dir) {
        cloud = LocalCloud.start(LocalCloud.Options.defaults().withDataDir(dir).withInMemory(true).withPort(0)
                .withSeedDays(4).withScheduler(false).withProgress(new PrintStream(OutputStream.nullOutputStream())));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    record Answer(int status, JsonNode body) {}

    static Answer get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cloud.url() + pathAndQuery)).header("x-api-key", io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY)
                .timeout(Duration.ofSeconds(90)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JsonTrees.readTree(r.body()));
    }

    static JsonNode ok(String pathAndQuery) throws Exception {
        Answer a = get(pathAndQuery);
        assertEquals(200, a.status(), pathAndQuery + " -> " + a.body());
        return a.body();
    }

    static void near(double expected, JsonNode actual, double tolerance, String what) {
        assertTrue(actual.isNumber(), what + " is a number: " + actual);
        assertTrue(Math.abs(expected - actual.asDouble()) <= tolerance, what + ": expected " + expected + " got " + actual);
    }

    /** KPIs straight from the raw points, with the demo tariff written out independently. */
    record Naive(double energy, double avg, long units, double peak, Instant peakAt, double cost) {}

    static Naive naive(String machine, Instant from, Instant to) {
        TelemetryStore t = cloud.stores().telemetry();
        UUID id = UUID.fromString(machine);
        double e = 0, ps = 0, cost = 0;
        long n = 0, units = 0;
        Map<Instant, double[]> q = new TreeMap<>();
        for (Reading r : t.readings(id, from, to)) {
            e += r.energyKwh();
            ps += r.powerKw();
            n++;
            ZonedDateTime z = r.timestamp().atZone(LA);
            cost += r.energyKwh() * (z.getDayOfWeek().getValue() <= 5 && z.getHour() >= 9 && z.getHour() < 21 ? 0.25 : 0.10);
            long s = r.timestamp().getEpochSecond();
            Instant b = Instant.ofEpochSecond(s - Math.floorMod(s, 900));
            // a peak is a quarter that has ended and that the period cuts by at most a minute
            long covered = Math.min(b.plusSeconds(900).toEpochMilli(), to.toEpochMilli()) - Math.max(b.toEpochMilli(), from.toEpochMilli());
            if (covered < 840_000 || b.plusSeconds(900).isAfter(Instant.now())) continue;
            if (b.isBefore(from)) b = from;
            double[] a = q.computeIfAbsent(b, k -> new double[2]);
            a[0] += r.powerKw();
            a[1]++;
        }
        // an hour's units taken as even within it: an hour the period cuts counts its covered share, in whole units
        Map<Instant, Long> hours = new TreeMap<>();
        for (ProductionCount p : t.production(id, from.truncatedTo(ChronoUnit.HOURS), to.truncatedTo(ChronoUnit.HOURS).plusSeconds(3600))) {
            hours.merge(p.timestamp().truncatedTo(ChronoUnit.HOURS), p.productionCount(), Long::sum);
        }
        for (var h : hours.entrySet()) {
            Instant a = h.getKey().isBefore(from) ? from : h.getKey(), b = h.getKey().plusSeconds(3600).isAfter(to) ? to : h.getKey().plusSeconds(3600);
            if (!a.isBefore(b)) continue;
            // the rounded share up to the part's end less that up to its start (the parts of an hour add up to it)
            double upToA = (a.toEpochMilli() - h.getKey().toEpochMilli()) / 3_600_000.0, upToB = (b.toEpochMilli() - h.getKey().toEpochMilli()) / 3_600_000.0;
            units += Math.round(h.getValue() * upToB) - Math.round(h.getValue() * upToA);
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
        return new Naive(e, ps / n, units, peak, at, cost);
    }

    static String iso(Instant t) {
        return t.toString();
    }

    // ------------------------------------------------------------------ KPIs

    @Test
    void kpisOverHttpAgreeWithTheRawPoints() throws Exception {
        Instant to = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        Instant from = to.minus(Duration.ofDays(3)).plusSeconds(433);
        String q = "?machine_id=" + C1 + "&start=" + iso(from) + "&end=" + iso(to);
        JsonNode all = ok("/api/v1/kpi/all" + q);
        Naive n = naive(C1, from, to);
        assertEquals("Compressor-1", all.get("machine_name").asText());
        near(Duration.between(from, to).toSeconds() / 3600.0, all.at("/time_period/hours"), 1e-4, "hours");
        near(n.energy, all.at("/totals/total_energy_kwh"), 1e-4, "energy");
        near(n.avg, all.at("/totals/avg_power_kw"), 1e-4, "avg power");
        assertEquals(n.units, all.at("/totals/total_production_units").asLong());
        near(n.peak, all.at("/kpis/peak_demand/value"), 1e-4, "peak");
        assertEquals(n.peakAt, Instant.parse(all.at("/kpis/peak_demand/timestamp").asText()));
        near(n.avg / n.peak, all.at("/kpis/load_factor/value"), 1e-4, "load factor");
        near(n.cost, all.at("/kpis/energy_cost/value"), 0.005, "energy cost");
        // the demand charge: each local month's peak x 15 x the share of the month the 3 days cover
        double charged = 0, highest = 0, shares = 0;
        for (JsonNode m : all.at("/kpis/demand_charge/months")) {
            near(15 * m.get("peak_demand_kw").asDouble() * m.get("share_of_month").asDouble(), m.get("value"), 0.01, "month");
            charged += m.get("value").asDouble();
            highest = Math.max(highest, m.get("peak_demand_kw").asDouble());
            shares += m.get("share_of_month").asDouble() * java.time.YearMonth.parse(m.get("month").asText()).lengthOfMonth();
        }
        near(n.peak, new com.fasterxml.jackson.databind.node.DoubleNode(highest), 1e-4, "highest month peak");
        near(3, new com.fasterxml.jackson.databind.node.DoubleNode(shares), 0.05, "days covered");
        near(charged, all.at("/kpis/demand_charge/value"), 1e-9, "demand charge");
        near(n.energy * 0.22, all.at("/kpis/carbon_intensity/value"), 1e-4, "carbon");
        if (n.units > 0) near(n.energy / n.units, all.at("/kpis/sec/value"), 1e-4, "sec");

        near(n.energy, ok("/api/v1/kpi/sec" + q).at("/sec/total_energy"), 1e-4, "sec route");
        near(n.peak, ok("/api/v1/kpi/peak-demand" + q).at("/peak_demand/value"), 1e-4, "peak route");
        near(n.avg / n.peak, ok("/api/v1/kpi/load-factor" + q).at("/load_factor/value"), 1e-4, "lf route");
        near(n.cost, ok("/api/v1/kpi/energy-cost" + q).at("/energy_cost/value"), 0.005, "cost route");
        near(n.energy * 0.22, ok("/api/v1/kpi/carbon" + q).at("/carbon_intensity/value"), 1e-4, "carbon route");

        JsonNode hvac = ok("/api/v1/kpi/all?machine_id=" + HVAC + "&start=" + iso(from) + "&end=" + iso(to));
        assertTrue(hvac.at("/kpis/sec/value").isNull());
        assertEquals("No production recorded in this period", hvac.at("/kpis/sec/reason").asText());
    }

    /**
     * A factory's coincident peak in the comparison: the highest quarter hour of its machines' mean power added up, from
     * the raw readings, below the machines' own peaks added up, and the demand charge on it below theirs (before, no
     * route answered it: the machines' charges added up were the only bill to be had, 11 % over in a week of the demo).
     */
    @Test
    void aComparisonAnswersEachFactorysCoincidentPeak() throws Exception {
        LocalDate today = LocalDate.now(LA);
        LocalDate first = today.minusDays(3), last = today.minusDays(1);
        String la = "11111111-1111-1111-1111-111111111111";
        List<String> machines = new java.util.ArrayList<>();
        for (JsonNode m : ok("/api/v1/comparison/available")) if (m.get("factory_id").asText().equals(la)) machines.add(m.get("id").asText());
        assertTrue(machines.size() > 2, machines.toString());
        JsonNode cmp = ok("/api/v1/comparison/machines?machine_ids=" + String.join(",", machines) + "&start_date=" + first
                + "&end_date=" + last + "&metrics=power,cost");
        assertEquals(1, cmp.get("factories").size(), cmp.toString());
        JsonNode f = cmp.at("/factories/0");
        assertEquals(la, f.get("factory_id").asText());
        assertEquals("America/Los_Angeles", f.get("timezone").asText());
        assertEquals(machines.size(), f.get("machines_compared").asInt());
        assertEquals(machines.size(), f.get("machines_in_factory").asInt());
        JsonNode p = f.get("coincident_peak");

        // the naive way: each machine's mean power in each quarter hour of the LA days, added up across the machines
        Instant from = RangePlan.dayStart(first, LA), to = RangePlan.dayStart(last.plusDays(1), LA);
        Map<Instant, Double> summed = new TreeMap<>();
        double ownPeaks = 0;
        for (String m : machines) {
            Map<Instant, double[]> quarters = new TreeMap<>();
            for (Reading r : cloud.stores().telemetry().readings(UUID.fromString(m), from, to)) {
                long s = r.timestamp().getEpochSecond();
                double[] a = quarters.computeIfAbsent(Instant.ofEpochSecond(s - Math.floorMod(s, 900)), k -> new double[2]);
                a[0] += r.powerKw();
                a[1]++;
            }
            double own = 0;
            for (var q : quarters.entrySet()) {
                double mean = q.getValue()[0] / q.getValue()[1];
                summed.merge(q.getKey(), mean, Double::sum);
                own = Math.max(own, mean);
            }
            ownPeaks += own;
        }
        Map.Entry<Instant, Double> peak = summed.entrySet().stream().reduce((a, b) -> b.getValue() > a.getValue() ? b : a).orElseThrow();
        near(peak.getValue(), p.get("value_kw"), 1e-3, "coincident peak");
        assertEquals(peak.getKey(), java.time.OffsetDateTime.parse(p.get("timestamp").asText()).toInstant());
        assertEquals(peak.getKey().atZone(LA).toLocalDateTime().toString().substring(0, 16), p.get("local_timestamp").asText().substring(0, 16));
        near(ownPeaks, p.get("sum_of_machine_peaks_kw"), 1e-3, "the machines' peaks added up");
        double shown = 0, charges = 0;
        for (JsonNode m : cmp.get("machines")) {
            shown += m.at("/metrics/peak_demand").asDouble();
            charges += m.at("/metrics/demand_charge").asDouble();
        }
        near(shown, p.get("sum_of_machine_peaks_kw"), 1e-3, "as the comparison shows them");
        near(charges, p.get("sum_of_machine_demand_charges"), 0.01, "their demand charges as shown");
        assertTrue(p.get("value_kw").asDouble() < p.get("sum_of_machine_peaks_kw").asDouble(), p.toString());
        // the demand charge on it: 15 USD per kW of each local month's coincident peak, for the share of the month covered
        double charge = 0;
        for (java.time.YearMonth ym = java.time.YearMonth.from(first); !ym.isAfter(java.time.YearMonth.from(last)); ym = ym.plusMonths(1)) {
            Instant ms = ym.atDay(1).atStartOfDay(LA).toInstant(), me = ym.plusMonths(1).atDay(1).atStartOfDay(LA).toInstant();
            double monthPeak = summed.entrySet().stream().filter(e -> !e.getKey().isBefore(ms) && e.getKey().isBefore(me))
                    .mapToDouble(Map.Entry::getValue).max().orElse(0);
            Instant a = from.isAfter(ms) ? from : ms, b = to.isBefore(me) ? to : me;
            charge += 15 * monthPeak * Duration.between(a, b).toMillis() / Duration.between(ms, me).toMillis();
        }
        near(charge, p.get("demand_charge"), 0.01, "demand charge on the coincident peak");
        assertTrue(p.get("demand_charge").asDouble() < p.get("sum_of_machine_demand_charges").asDouble(), p.toString());
        assertEquals("USD", p.get("currency").asText());
        assertTrue(p.get("note").asText().contains("overstate"), p.toString());
        assertTrue(p.get("reason") == null, p.toString());

        // two of the factory's machines: theirs, and the note says the others are not in it
        JsonNode two = ok("/api/v1/comparison/machines?machine_ids=" + machines.get(0) + "," + machines.get(1) + "&start_date="
                + first + "&end_date=" + last + "&metrics=power");
        assertEquals(2, two.at("/factories/0/machines_compared").asInt());
        assertTrue(two.at("/factories/0/coincident_peak/value_kw").asDouble() < p.get("value_kw").asDouble());
        assertTrue(two.at("/factories/0/coincident_peak/note").asText().endsWith("The peak of the machines compared only: 2 of the factory's "
                + machines.size() + " machines in service"), two.toString());
        // energy alone asks nothing of peaks; a range over 92 days says why there is no coincident peak
        assertTrue(ok("/api/v1/comparison/machines?machine_ids=" + machines.get(0) + "&start_date=" + first + "&end_date="
                + last + "&metrics=energy").get("factories") == null);
        JsonNode year = ok("/api/v1/comparison/machines?machine_ids=" + machines.get(0) + "&start_date=" + today.minusDays(120)
                + "&end_date=" + last + "&metrics=power");
        assertTrue(year.at("/factories/0/coincident_peak/value_kw").isNull(), year.toString());
        assertTrue(year.at("/factories/0/coincident_peak/reason").asText().startsWith("Over 92 days"), year.toString());
    }

    @Test
    void badInputOverHttp() throws Exception {
        Answer missing = get("/api/v1/kpi/all?machine_id=" + C1);
        assertEquals(422, missing.status());
        assertEquals("missing", missing.body().at("/detail/0/type").asText());
        Answer malformed = get("/api/v1/kpi/peak-demand?machine_id=c0000000&start=2025-13-01&end=2025-11-01T00:00:00Z");
        assertEquals(422, malformed.status());
        assertEquals(2, malformed.body().get("detail").size());
        Answer reversed = get("/api/v1/kpi/all?machine_id=" + C1 + "&start=2025-11-02T00:00:00Z&end=2025-11-01T00:00:00Z");
        assertEquals(400, reversed.status());
        assertEquals("Invalid time range", reversed.body().get("detail").asText());
        Answer unknown = get("/api/v1/kpi/all?machine_id=" + UUID.randomUUID() + "&start=2025-11-01T00:00:00Z&end=2025-11-02T00:00:00Z");
        assertEquals(404, unknown.status());
        assertEquals("Machine not found", unknown.body().get("detail").asText());
        Answer empty = get("/api/v1/kpi/all?machine_id=" + C1 + "&start=2020-01-01T00:00:00Z&end=2020-02-01T00:00:00Z");
        assertEquals(404, empty.status());
        assertEquals("No data available for this period", empty.body().get("detail").asText());
        assertEquals(422, get("/api/v1/comparison/machines?machine_ids=" + C1 + "&start_date=2025-11-01&end_date=2025-11-02&metrics=watts").status());
        assertEquals(400, get("/api/v1/comparison/machines?machine_ids=" + C1 + "&start_date=2025-11-03&end_date=2025-11-02").status());
        assertEquals(404, get("/api/v1/comparison/machines?machine_ids=" + UUID.randomUUID() + "&start_date=2025-11-01&end_date=2025-11-02").status());
        assertEquals(404, get("/api/v1/sankey/data?factory_id=" + UUID.randomUUID()).status());
        assertEquals(422, get("/api/v1/heatmap/daily?start_date=2025-11-01").status());
        assertEquals(400, get("/api/v1/heatmap/hourly?start_date=2025-01-01&end_date=2025-12-31").status());
    }

    // ------------------------------------------------------------------ the other routes

    @Test
    void comparisonSankeyAndHeatmapsOverHttp() throws Exception {
        LocalDate today = LocalDate.now(LA);
        LocalDate first = today.minusDays(3), last = today.minusDays(1);
        JsonNode cmp = ok("/api/v1/comparison/machines?machine_ids=" + C1 + "," + C6 + "&start_date=" + first
                + "&end_date=" + last + "&metrics=energy,cost");
        assertEquals(2, cmp.get("machines").size());
        assertEquals(cmp.at("/machines/0/machine_id").asText(), cmp.get("best_performer").asText());
        assertEquals(cmp.at("/machines/1/machine_id").asText(), cmp.get("worst_performer").asText());
        assertEquals(2, cmp.get("currencies").size());
        assertEquals("total_energy", cmp.at("/ranking/metric").asText());
        assertTrue(cmp.at("/machines/0/metrics/total_energy").asDouble() <= cmp.at("/machines/1/metrics/total_energy").asDouble());

        JsonNode available = ok("/api/v1/comparison/available");
        assertEquals(8, available.size());
        assertTrue(available.get(0).get("location").asText().contains(" - "));

        assertEquals(2, ok("/api/v1/sankey/factories").size());
        JsonNode sankey = ok("/api/v1/sankey/data?date=" + last);
        assertEquals(8, sankey.at("/metadata/machine_count").asInt());
        Map<String, BigDecimal> out = new HashMap<>(), pct = new HashMap<>(), in = new HashMap<>();
        for (JsonNode l : sankey.get("links")) {
            out.merge(l.get("source").asText(), l.get("value").decimalValue(), BigDecimal::add);
            pct.merge(l.get("source").asText(), l.get("percentage").decimalValue(), BigDecimal::add);
            in.put(l.get("target").asText(), l.get("value").decimalValue());
        }
        in.put("grid", sankey.at("/metadata/total_energy").decimalValue());
        out.forEach((node, sum) -> {
            assertEquals(0, sum.compareTo(in.get(node)), node + " flows add up");
            if (in.get(node).signum() > 0) assertEquals(0, pct.get(node).compareTo(new BigDecimal("100")), node + " percentages");
        });
        // Compressor-1's flow is its LA-local day
        RangePlan.Span day = RangePlan.daySpan(last, LA);
        for (JsonNode l : sankey.get("links")) {
            if (l.get("target").asText().equals("machine_" + C1)) near(naive(C1, day.from(), day.to()).energy, l.get("value"), 0.011, "flow");
        }

        JsonNode hourly = ok("/api/v1/heatmap/hourly?machine_id=" + C1 + "&start_date=" + last + "&end_date=" + last);
        assertEquals(24, hourly.get("data").size());
        double sum = 0;
        for (JsonNode c : hourly.get("data")) if (c.get("value").isNumber()) sum += c.get("value").asDouble();
        near(naive(C1, day.from(), day.to()).energy, JsonTrees.MAPPER.valueToTree(sum), 0.01, "hourly cells add up to the day");
        JsonNode daily = ok("/api/v1/heatmap/daily?machine_id=" + C1 + "&start_date=" + first + "&end_date=" + last);
        assertEquals(3, daily.get("data").size());
        near(naive(C1, day.from(), day.to()).energy, daily.at("/data/2/value"), 1e-4, "daily cell");
        assertEquals("All machines", ok("/api/v1/heatmap/daily?start_date=" + first + "&end_date=" + last).get("machine_name").asText());
    }

    // ------------------------------------------------------------------ the job

    @Test
    void theJobStoresYesterdayIdempotentlyAndKpisUseIt() throws Exception {
        DynamoKpiSnapshotStore snapshots = new DynamoKpiSnapshotStore(cloud.stores().dynamoDb(), cloud.settings().tables().state());
        JsonNode first = JsonTrees.readTree(cloud.fire("kpi_calculate"));
        assertEquals("success", first.get("status").asText(), first.toString());
        assertEquals(8, first.get("machines").asInt());
        assertEquals(24, first.get("snapshots").asInt());
        LocalDate yesterday = LocalDate.now(LA).minusDays(1);
        List<DailyKpiSnapshot> stored = snapshots.range(UUID.fromString(C1), yesterday.minusDays(10), yesterday.plusDays(10));
        assertTrue(stored.stream().anyMatch(s -> s.date().equals(yesterday)), stored.toString());
        int count = stored.size();
        JsonNode again = JsonTrees.readTree(cloud.fire("kpi_calculate"));
        assertEquals(24, again.get("snapshots").asInt());
        assertEquals(count, snapshots.range(UUID.fromString(C1), yesterday.minusDays(10), yesterday.plusDays(10)).size());
        DailyKpiSnapshot y = snapshots.range(UUID.fromString(C1), yesterday, yesterday).get(0);
        assertEquals(naive(C1, y.start(), y.end()).energy, y.totals().energyKwh(), 1e-9 * y.totals().energyKwh());

        // the KPI of that local day now comes from its snapshot and still agrees with the raw points
        JsonNode k = ok("/api/v1/kpi/all?machine_id=" + C1 + "&start=" + iso(y.start()) + "&end=" + iso(y.end()));
        Naive n = naive(C1, y.start(), y.end());
        near(n.energy, k.at("/totals/total_energy_kwh"), 1e-4, "energy");
        near(n.peak, k.at("/kpis/peak_demand/value"), 1e-4, "peak");
        near(n.cost, k.at("/kpis/energy_cost/value"), 0.005, "cost");
        // the data plane's manual trigger invokes the kpi function through the Lambda API, as on AWS
        Instant beforeTrigger = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> trigger = http.send(HttpRequest.newBuilder(URI.create(cloud.url() + "/api/v1/scheduler/trigger/kpi_calculate")).header("x-api-key", io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY)
                .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, trigger.statusCode(), trigger.body());
        assertTrue(JsonTrees.readTree(trigger.body()).get("success").asBoolean());
        JsonNode status = null;
        for (int i = 0; i < 100; i++) { // the invocation is asynchronous (InvocationType.EVENT)
            status = ok("/api/v1/scheduler/status");
            boolean done = false;
            for (JsonNode j : status.get("jobs")) {
                if (j.get("id").asText().equals("kpi_calculate") && "success".equals(j.at("/last_run/status").asText())
                        && !Instant.parse(j.at("/last_run/started_at").asText()).isBefore(beforeTrigger)) done = true;
            }
            if (done) break;
            Thread.sleep(200);
            if (i == 99) throw new AssertionError("the triggered job did not record a run: " + status);
        }
        boolean listed = false;
        for (JsonNode j : status.get("jobs")) {
            if (j.get("id").asText().equals("kpi_calculate")) {
                listed = true;
                assertEquals("success", j.at("/last_run/status").asText(), j.toString());
            }
        }
        assertTrue(listed);
    }

    static Answer post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cloud.url() + path))
                .header("x-api-key", io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JsonTrees.readTree(r.body()));
    }

    @Test
    void lateMeterDataForAFinishedDayIsInItsKpis() throws Exception {
        // the day before yesterday, read once: its snapshot is stored on the way (read-through)
        DynamoKpiSnapshotStore snapshots = new DynamoKpiSnapshotStore(cloud.stores().dynamoDb(), cloud.settings().tables().state());
        UUID machine = UUID.fromString(C6);
        ZoneId zone = ZoneId.of(cloud.stores().catalog().factory(cloud.stores().catalog().machine(machine).orElseThrow()
                .factoryId()).orElseThrow().timezone());
        LocalDate day = LocalDate.now(zone).minusDays(2);
        Instant start = day.atStartOfDay(zone).toInstant(), end = day.plusDays(1).atStartOfDay(zone).toInstant();
        String kpis = "/api/v1/kpi/all?machine_id=" + C6 + "&start=" + iso(start) + "&end=" + iso(end);
        double before = ok(kpis).at("/totals/total_energy_kwh").asDouble();
        assertEquals(1, snapshots.range(machine, day, day).size());
        // a reading for today changes no finished day: the snapshot stays
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(61);
        assertEquals(200, post("/api/v1/readings", "{\"readings\":[{\"machine_id\":\"" + C6 + "\",\"timestamp\":\""
                + now.plusMillis(500) + "\",\"power_kw\":1,\"energy_kwh\":0.01}]}").status());
        if (!LocalDate.ofInstant(now, zone).isBefore(LocalDate.now(zone))) assertEquals(1, snapshots.range(machine, day, day).size());
        // a meter's late reading for that day: the write forgets the day's snapshot, and the KPIs hold the reading
        Answer late = post("/api/v1/readings", "{\"readings\":[{\"machine_id\":\"" + C6 + "\",\"timestamp\":\""
                + start.plusSeconds(12 * 3600 + 30) + "\",\"power_kw\":600,\"energy_kwh\":10}]}");
        assertEquals(200, late.status(), late.body().toString());
        assertEquals(0, snapshots.range(machine, day, day).size());
        near(before + 10, ok(kpis).at("/totals/total_energy_kwh"), 1e-6, "energy with the late reading");
        near(naive(C6, start, end).energy, ok(kpis).at("/totals/total_energy_kwh"), 1e-4, "energy from the raw points");
        assertEquals(1, snapshots.range(machine, day, day).size()); // stored again, with the reading
    }
}
