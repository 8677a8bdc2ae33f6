package io.wattline.bench.detect;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.analytics.detect.AnomalyDetector;
import io.wattline.analytics.detect.EntireResult;
import io.wattline.analytics.detect.LastResult;
import io.wattline.bench.Report;
import io.wattline.detection.DetectionRequestValidator;
import io.wattline.detection.DetectionRequestValidator.Operation;
import io.wattline.detection.DetectionRequestValidator.Outcome;
import io.wattline.detection.DetectionRequestValidator.Version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Agreement with Azure's univariate engine on its reference answers (a directory of {@code cases/*.json},
 * each a {@code request} and the engine's {@code response}; see {@code ../shared/data/azure-dev/README.md}).
 * Every case goes through the detection API's validator (v1.1) and {@link AnomalyDetector}, as a request
 * would; the engine's own option names are translated to the REST API's first ({@code imputeStrategy} →
 * {@code imputeMode}/{@code imputeFixedValue}, {@code fillUpMode: last} → {@code imputeMode: previous}).
 *
 * <p>Printed per family (the test that recorded the case), granularity, sensitivity and in total: cases,
 * refused cases, points compared on {@code isAnomaly}, agreement, flags in common, extra (ours only) and
 * missed (the engine's only), equal periods, and the median and 90th percentile of the expected-value error
 * as a share of the series' range. Written to the {@code azure-agreement} section of {@code docs/BENCHMARKS.md}.
 *
 * <p>Arguments: {@code [DIR] [--report FILE|none] [--cases]} ({@code --cases} also prints one line per case).
 */
public final class AzureAgreementBench {
    private AzureAgreementBench() {}

    /** What one case contributes to a group. */
    static final class Tally {
        int cases, refused, points, agree, common, extra, missed, periods, periodsEqual, ourPeriod;
        final List<Double> expErr = new ArrayList<>();

        void add(Tally t) {
            cases += t.cases;
            refused += t.refused;
            points += t.points;
            agree += t.agree;
            common += t.common;
            extra += t.extra;
            missed += t.missed;
            periods += t.periods;
            periodsEqual += t.periodsEqual;
            expErr.addAll(t.expErr);
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = NabRunner.defaultReport().getParent().getParent().resolve("../shared/data/azure-dev").normalize();
        Path report = NabRunner.defaultReport();
        boolean perCase = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--report" -> {
                    String r = args[++i];
                    report = r.equals("none") ? null : Path.of(r);
                }
                case "--cases" -> perCase = true;
                default -> dir = Path.of(args[i]);
            }
        }
        Path cases = Files.isDirectory(dir.resolve("cases")) ? dir.resolve("cases") : dir;
        List<Path> files;
        try (Stream<Path> s = Files.list(cases)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Map<String, Tally> byFamily = new TreeMap<>(), byGranularity = new TreeMap<>(), bySensitivity = new TreeMap<>(),
                byType = new TreeMap<>();
        Tally total = new Tally();
        for (Path f : files) {
            JsonNode c = JsonTrees.readTree(f.toFile());
            Map<String, Object> request = restRequest(c.get("request"));
            String type = c.get("type").asText();
            Tally t = run(type, request, c.get("response"));
            if (perCase) {
                System.out.printf(Locale.ROOT, "%-60s %-6s refused=%d points=%d agree=%d common=%d extra=%d missed=%d"
                                + " period=%d/%d ours=%d expErr=%s%n", f.getFileName(), type, t.refused, t.points, t.agree, t.common,
                        t.extra, t.missed, t.periodsEqual, t.periods, t.ourPeriod, pct(median(t.expErr)));
            }
            total.add(t);
            group(byFamily, family(f), t);
            group(byGranularity, String.valueOf(request.getOrDefault("granularity", "none")), t);
            Object s = request.get("sensitivity");
            group(bySensitivity, s == null ? "default (99)" : s.toString(), t);
            group(byType, type, t);
        }
        StringBuilder md = new StringBuilder(Report.header("Agreement with Azure's engine (reference answers)",
                "./wattline bench azure [DIR]"));
        md.append("- Cases: `").append(dir.getFileName()).append("` (").append(files.size())
                .append(" request/response pairs recorded by the tests of Azure's open-source univariate engine)\n\n");
        md.append("Points: compared on `isAnomaly` (entire: where the reference recorded it; last: the one point). Common:"
                + " flagged by both; extra: by us only; missed: by the engine only. Expected-value error: |ours − engine's|"
                + " as a share of the series' range, median and 90th percentile over points. Goal: ≥ 98 % agreement, equal"
                + " periods, median error ≤ 1 %.\n\n");
        table(md, "Total", Map.of("all", total));
        table(md, "Operation", byType);
        table(md, "Family", byFamily);
        table(md, "Granularity", byGranularity);
        table(md, "Sensitivity", bySensitivity);
        System.out.println(md);
        if (report != null) Report.write(report, "azure-agreement", md.toString());
    }

    /** The case's family: its file name without the trailing case number. */
    static String family(Path f) {
        String n = f.getFileName().toString().replaceFirst("\\.json$", "");
        return n.replaceFirst("_\\d+$", "");
    }

    private static void group(Map<String, Tally> m, String key, Tally t) {
        m.computeIfAbsent(key, k -> new Tally()).add(t);
    }

    /** The engine's request with its own option names turned into the REST API's. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> restRequest(JsonNode engine) {
        Map<String, Object> r = new LinkedHashMap<>(new com.fasterxml.jackson.databind.ObjectMapper().convertValue(engine, Map.class));
        if (r.remove("imputeStrategy") instanceof Map<?, ?> is) {
            if (is.get("imputeMode") != null) r.put("imputeMode", is.get("imputeMode"));
            if (is.get("imputeValue") != null) r.put("imputeFixedValue", is.get("imputeValue"));
        }
        if ("last".equals(r.remove("fillUpMode")) && !r.containsKey("imputeMode")) r.put("imputeMode", "previous");
        return r;
    }

    static Tally run(String type, Map<String, Object> request, JsonNode ref) {
        Tally t = new Tally();
        t.cases = 1;
        boolean last = type.equals("last");
        Outcome o = DetectionRequestValidator.validate(request, last ? Operation.LAST : Operation.ENTIRE, Version.V1_1);
        if (!o.ok()) {
            t.refused = 1;
            return t;
        }
        double[] values = o.request().series().stream().mapToDouble(p -> p.value()).toArray();
        double range = Arrays.stream(values).max().orElse(0) - Arrays.stream(values).min().orElse(0);
        Function<Double, Double> share = d -> range > 0 ? d / range : (d == 0 ? 0 : 1);
        if (ref.has("period")) {
            t.periods = 1;
            t.periodsEqual = 0;
        }
        if (last) {
            LastResult r = AnomalyDetector.last(o.request().series(), o.request().options());
            t.ourPeriod = r.period();
            if (ref.has("period") && ref.get("period").asInt() == r.period()) t.periodsEqual = 1;
            if (ref.has("isAnomaly")) compare(t, r.isAnomaly(), ref.get("isAnomaly").asBoolean());
            if (ref.has("expectedValue")) t.expErr.add(share.apply(Math.abs(r.expectedValue() - ref.get("expectedValue").asDouble())));
            return t;
        }
        EntireResult r = AnomalyDetector.entire(o.request().series(), o.request().options());
        t.ourPeriod = r.period();
        if (ref.has("period") && ref.get("period").asInt() == r.period()) t.periodsEqual = 1;
        JsonNode an = ref.get("isAnomaly"), ev = ref.get("expectedValues");
        for (int i = 0; i < values.length; i++) {
            if (an != null && i < an.size()) compare(t, r.isAnomaly()[i], an.get(i).asBoolean());
            if (ev != null && i < ev.size()) t.expErr.add(share.apply(Math.abs(r.expectedValues()[i] - ev.get(i).asDouble())));
        }
        return t;
    }

    private static void compare(Tally t, boolean ours, boolean theirs) {
        t.points++;
        if (ours == theirs) t.agree++;
        if (ours && theirs) t.common++;
        if (ours && !theirs) t.extra++;
        if (!ours && theirs) t.missed++;
    }

    private static void table(StringBuilder md, String title, Map<String, Tally> rows) {
        md.append("| ").append(title).append(" | cases | refused | points | agree | common | extra | missed | period equal"
                + " | exp. err. median | exp. err. p90 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var e : rows.entrySet()) {
            Tally t = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %d | %d | %d | %d/%d | %s | %s |%n", e.getKey(),
                    t.cases, t.refused, t.points, t.points == 0 ? "–" : pct((double) t.agree / t.points), t.common, t.extra,
                    t.missed, t.periodsEqual, t.periods, pct(median(t.expErr)), pct(quantile(t.expErr, 0.9))));
        }
        md.append('\n');
    }

    static double median(List<Double> xs) {
        return quantile(xs, 0.5);
    }

    static double quantile(List<Double> xs, double q) {
        if (xs.isEmpty()) return Double.NaN;
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s[(int) Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }
}
