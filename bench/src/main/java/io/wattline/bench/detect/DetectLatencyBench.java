package io.wattline.bench.detect;

import io.wattline.analytics.detect.AnomalyDetector;
import io.wattline.detection.DetectionRequestValidator;
import io.wattline.analytics.detect.DetectOptions;
import io.wattline.analytics.detect.NativeDetector;
import io.wattline.bench.Report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * In-process latency of the detector behind {@code entire/detect}: a request body as a JSON parser
 * would hand it over (maps and lists) is validated ({@link DetectionRequestValidator}) and detected
 * ({@link AnomalyDetector#entire}), at 100, 1,000 and 8,640 hourly points (a daily cycle, noise,
 * a few spikes; the period is detected), and at 8,640 points 5 minutes apart (30 days with a daily period of 288
 * points, the common shape of plant telemetry). Warm: each size runs until the JIT has settled, then the
 * measured calls; p50 and p95 go to the {@code detect-latency} section of {@code docs/BENCHMARKS.md}.
 * The native {@code /v1/detect} with embeddings is measured too. JSON parsing and HTTP are not
 * included (the over-HTTP figures are measured against the local cloud).
 *
 * <p>Arguments: {@code [--report FILE|none] [--calls N]}.
 */
public final class DetectLatencyBench {
    private DetectLatencyBench() {}

    public static void main(String[] args) {
        Path report = NabRunner.defaultReport();
        int calls = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--report" -> {
                    String r = args[++i];
                    report = r.equals("none") ? null : Path.of(r);
                }
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        StringBuilder md = new StringBuilder(Report.header("Detector latency, in process",
                "./wattline bench detect"));
        md.append("- Load average when it ran: ").append(NabRunner.load()).append(" (the cores are shared with other work)\n\n");
        md.append("Validation + detection of a request body (already parsed), warm, ").append(calls)
                .append(" calls per size after warm-up; one thread. A managed competitor advertises under 50 ms p95 per"
                        + " request (over the network).\n\n");
        md.append("| call | points | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|\n");
        for (int n : new int[]{100, 1000, 8640}) {
            Map<String, Object> body = body(n);
            row(md, "entire/detect", n, calls, () -> {
                DetectionRequestValidator.Outcome o = DetectionRequestValidator.validate(body, DetectionRequestValidator.Operation.ENTIRE, DetectionRequestValidator.Version.V1_1);
                return AnomalyDetector.entire(o.request().series(), o.request().options());
            });
        }
        Map<String, Object> fiveMinutes = body(8640, 300, 288);
        row(md, "entire/detect, 5-minute points (daily period 288)", 8640, calls, () -> {
            DetectionRequestValidator.Outcome o = DetectionRequestValidator.validate(fiveMinutes, DetectionRequestValidator.Operation.ENTIRE, DetectionRequestValidator.Version.V1_1);
            return AnomalyDetector.entire(o.request().series(), o.request().options());
        });
        for (int n : new int[]{100, 1000, 8640}) {
            Map<String, Object> body = body(n);
            row(md, "last/detect", n, calls, () -> {
                DetectionRequestValidator.Outcome o = DetectionRequestValidator.validate(body, DetectionRequestValidator.Operation.LAST, DetectionRequestValidator.Version.V1_1);
                return AnomalyDetector.last(o.request().series(), o.request().options());
            });
        }
        for (int n : new int[]{100, 1000, 8640}) {
            Map<String, Object> body = body(n);
            body.put("include_embeddings", true);
            row(md, "native /v1/detect + embeddings", n, calls, () -> {
                DetectionRequestValidator.Outcome o = DetectionRequestValidator.validate(body, DetectionRequestValidator.Operation.NATIVE, DetectionRequestValidator.Version.V1_1);
                return NativeDetector.detect(o.request().series(), o.request().options(), null, true);
            });
        }
        // the streaming detector replayed over the series (include_stream_scores): about 0.05 ms a point, so fewer calls
        for (int n : new int[]{100, 1000, 8640}) {
            Map<String, Object> body = body(n);
            body.put("include_stream_scores", true);
            row(md, "native /v1/detect + stream scores (" + Math.max(10, calls / 10) + " calls)", n, Math.max(10, calls / 10), 3, () -> {
                DetectionRequestValidator.Outcome o = DetectionRequestValidator.validate(body, DetectionRequestValidator.Operation.NATIVE, DetectionRequestValidator.Version.V1_1);
                double[] values = o.request().series().stream().mapToDouble(io.wattline.analytics.detect.TimePoint::value).toArray();
                return new Object[]{NativeDetector.detect(o.request().series(), o.request().options(), null, false),
                        io.wattline.analytics.detect.StreamingDetector.replay(values, io.wattline.analytics.detect.StreamingDetector.Config.defaults())};
            });
        }
        System.out.println(md);
        if (report != null) Report.write(report, "detect-latency", md.toString());
    }

    private static void row(StringBuilder md, String name, int n, int calls, Supplier<Object> call) {
        row(md, name, n, calls, 50, call);
    }

    /** Warm-up: at least {@code minWarm} calls, more for up to 3 s. */
    private static void row(StringBuilder md, String name, int n, int calls, int minWarm, Supplier<Object> call) {
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        int warm = 0;
        while (warm < minWarm || (System.nanoTime() < warmUntil && warm < 2000)) {
            blackhole(call.get());
            warm++;
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            blackhole(call.get());
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double max = 0;
        for (double v : ms) max = Math.max(max, v);
        String line = String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %.2f |%n", name, n,
                Report.percentile(ms, 50), Report.percentile(ms, 95), max);
        System.out.print(line);
        md.append(line);
    }

    private static int sink;

    private static void blackhole(Object o) {
        sink += System.identityHashCode(o) & 1;
    }

    /** A request body as parsed JSON: hourly points, a daily cycle, noise and a few spikes. */
    static Map<String, Object> body(int n) {
        return body(n, 3600, 24);
    }

    /** The same with points {@code stepSeconds} apart and a cycle of {@code period} points. */
    static Map<String, Object> body(int n, int stepSeconds, int period) {
        Random rnd = new Random(42);
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        List<Object> series = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double v = 100 + 20 * Math.sin(2 * Math.PI * i / period) + 2 * rnd.nextGaussian();
            if (i % 997 == 500) v += 40;
            Map<String, Object> p = new HashMap<>();
            p.put("timestamp", t0.plusSeconds((long) stepSeconds * i).toString());
            p.put("value", v);
            series.add(p);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("series", series);
        if (stepSeconds % 3600 == 0) {
            body.put("granularity", "hourly");
            if (stepSeconds > 3600) body.put("customInterval", stepSeconds / 3600);
        } else {
            body.put("granularity", "minutely");
            body.put("customInterval", stepSeconds / 60);
        }
        body.put("sensitivity", 95);
        return body;
    }
}
