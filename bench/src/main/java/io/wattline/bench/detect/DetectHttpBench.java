package io.wattline.bench.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattline.bench.Report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The detection function over HTTP and from a cold JVM, against a running local cloud
 * ({@code ./wattline local --days 0}):
 * <ul>
 *   <li>{@code entire/detect} through the local gateway at 100, 1,000 and 8,640 points, p50/p95 warm
 *       (JSON both ways, the gateway's API Gateway event, the key lookup, the usage counter), and beside it
 *       the same event handed to the handler in this JVM (against the same DynamoDB Local);</li>
 *   <li>cold start: a fresh JVM with only {@code functions/detection/target/function.jar} answers the
 *       {@code events/detection/entire-detect.json} sample (its storage: the running local cloud's,
 *       from {@code .local-cloud/endpoints.env}); not Lambda's own cold start (no SnapStart, no
 *       container), but the same jar and handler;</li>
 *   <li>the jar's size.</li>
 * </ul>
 * Arguments: {@code [--url URL] [--local-dir DIR] [--calls N] [--cold N] [--report FILE|none]}.
 */
public final class DetectHttpBench {
    private DetectHttpBench() {}

    public static void main(String[] args) throws Exception {
        Path root = NabRunner.defaultReport().getParent().getParent();
        String url = "http://127.0.0.1:8001";
        Path localDir = root.resolve(".local-cloud");
        Path report = NabRunner.defaultReport();
        int calls = 200, cold = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--local-dir" -> localDir = Path.of(args[++i]);
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--cold" -> cold = Integer.parseInt(args[++i]);
                case "--report" -> {
                    String r = args[++i];
                    report = r.equals("none") ? null : Path.of(r);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String key = "wlk_local_development_key_not_for_production";
        StringBuilder md = new StringBuilder(Report.header("Detection function: over local HTTP, cold start, jar size",
                "./wattline local --days 0 --in-memory (in another terminal), then ./wattline bench detect-http"));
        md.append("- Load average when it ran: ").append(NabRunner.load()).append(" (the cores are shared with other work)\n\n");
        md.append("`POST /anomalydetector/v1.1/timeseries/entire/detect` through the local gateway (").append(url)
                .append("), warm (3 s of calls first), ").append(calls).append(" calls per size, one at a time. Beside it, in process: the same")
                .append(" request as the gateway's API Gateway event, handed to a `DetectionFunction` in this JVM (`handleRequest`,")
                .append(" event bytes in, event bytes out) with the same DynamoDB Local behind it (key check, usage counter),")
                .append(" measured after the HTTP calls and the cold starts, so that neither disturbs the other:\n\n");
        md.append("| points | request bytes | HTTP p50 ms | HTTP p95 ms | HTTP p99 ms | HTTP max ms | in process p50 ms | in process p95 ms |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        ObjectMapper json = new ObjectMapper();
        Map<String, String> env = readEnv(localDir.resolve("endpoints.env"));
        // hourly points with a daily cycle, then 30 days of 5-minute points (a daily period of 288)
        int[][] shapes = {{100, 3600, 24}, {1000, 3600, 24}, {8640, 3600, 24}, {8640, 300, 288}};
        List<String> bodies = new ArrayList<>();
        List<double[]> overHttp = new ArrayList<>();
        String path = "/anomalydetector/v1.1/timeseries/entire/detect";
        for (int[] shape : shapes) {
            String body = json.writeValueAsString(DetectLatencyBench.body(shape[0], shape[1], shape[2]));
            bodies.add(body);
            HttpRequest req = HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                    .header("Ocp-Apim-Subscription-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            // warm as a busy function is: 3 s at least per size (20 calls left the 8,640-point path half compiled, in
            // the local cloud and in this client, and its p95 then moved by 2-3x from run to run)
            long warmUntil = System.nanoTime() + 3_000_000_000L;
            for (int i = 0; i < 20 || System.nanoTime() < warmUntil; i++) check(http.send(req, HttpResponse.BodyHandlers.ofString()));
            double[] ms = new double[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                check(http.send(req, HttpResponse.BodyHandlers.ofString()));
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            overHttp.add(ms);
        }
        StringBuilder coldMd = new StringBuilder();
        Path jar = root.resolve("functions/detection/target/function.jar");
        Path event = root.resolve("events/detection/entire-detect.json");
        coldMd.append("\nCold start: a new JVM (").append(System.getProperty("java.home")).append(") with the shaded jar alone answers `")
                .append(root.relativize(event)).append("`; ").append(cold).append(" runs:\n\n");
        coldMd.append("| run | process wall ms | JVM start → main ms | handler init ms | first invocation ms | status |\n"
                + "|---:|---:|---:|---:|---:|---|\n");
        String probeClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<Double> walls = new ArrayList<>();
        for (int i = 1; i <= cold; i++) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", jar + java.io.File.pathSeparator + probeClasses, ColdStartProbe.class.getName(),
                    "io.wattline.detection.DetectionFunction", event.toString());
            pb.environment().putAll(env);
            pb.redirectErrorStream(true);
            long t0 = System.nanoTime();
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            double wall = (System.nanoTime() - t0) / 1e6;
            walls.add(wall);
            String probe = out.lines().filter(l -> l.startsWith("jvm=")).findFirst().orElse("jvm=? init=? first=? status=?");
            Map<String, String> f = new HashMap<>();
            for (String kv : probe.split(" ")) f.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            String line = String.format(Locale.ROOT, "| %d | %.0f | %s | %s | %s | %s |%n", i, wall, f.get("jvm"),
                    f.get("init"), f.get("first"), f.get("status"));
            System.out.print(line);
            coldMd.append(line);
        }
        if (cold > 0) {
            double[] w = walls.stream().mapToDouble(Double::doubleValue).toArray();
            coldMd.append(String.format(Locale.ROOT, "%nMedian process wall time: %.0f ms. Jar: `%s`, %,d bytes (%.1f MiB).%n",
                    Report.percentile(w, 50), root.relativize(jar), Files.size(jar), Files.size(jar) / 1048576.0));
            coldMd.append("\nOn AWS the function runs with SnapStart (see infra/cdk), which restores an initialised snapshot"
                    + " instead of starting the JVM; these figures are the un-snapshotted upper bound on this machine.\n");
        } else {
            coldMd.setLength(0); // --cold 0: the warm figures only
        }

        io.wattline.detection.DetectionFunction function = new io.wattline.detection.DetectionFunction(io.wattline.config.Settings.from(env));
        for (int k = 0; k < shapes.length; k++) {
            byte[] apiEvent = io.wattline.local.Gateway.eventJson(io.wattline.local.Gateway.event("POST", path, "",
                    Map.of("content-type", "application/json", "ocp-apim-subscription-key", key), "HTTP/1.1", "127.0.0.1",
                    "POST " + path, bodies.get(k).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            // this JVM has not run the SDK's code yet (the local cloud has, thousands of times): warm it for 3 s at least
            long warmUntil = System.nanoTime() + 3_000_000_000L;
            for (int i = 0; i < 20 || System.nanoTime() < warmUntil; i++) inProcess(function, apiEvent);
            double[] local = new double[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                inProcess(function, apiEvent);
                local[i] = (System.nanoTime() - t0) / 1e6;
            }
            double[] ms = overHttp.get(k);
            double max = 0;
            for (double v : ms) max = Math.max(max, v);
            String line = String.format(Locale.ROOT, "| %,d%s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", shapes[k][0],
                    shapes[k][1] == 3600 ? "" : " at 5 min", bodies.get(k).length(),
                    Report.percentile(ms, 50), Report.percentile(ms, 95), Report.percentile(ms, 99), max,
                    Report.percentile(local, 50), Report.percentile(local, 95));
            System.out.print(line);
            md.append(line);
        }
        md.append(coldMd);
        System.out.println(md);
        if (report != null) Report.write(report, "detect-http", md.toString());
    }

    /** One in-process invocation, as the Lambda runtime makes it; anything but a 200 stops the run. */
    private static void inProcess(io.wattline.detection.DetectionFunction function, byte[] event) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 20);
        function.handleRequest(new java.io.ByteArrayInputStream(event), out, null);
        String answer = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        if (!answer.startsWith("{\"statusCode\":200")) throw new IllegalStateException("in process: " + answer.substring(0, Math.min(300, answer.length())));
    }

    private static void check(HttpResponse<String> r) {
        if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        if (!Files.exists(file)) throw new IllegalStateException("no " + file + ": start the local cloud first (./wattline local --days 0)");
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return env;
    }
}
