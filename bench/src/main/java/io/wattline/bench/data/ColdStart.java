package io.wattline.bench.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattline.functions.FunctionCatalog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Cold start of each function from its shaded jar: a fresh JVM per run ({@code java -cp
 * driver.jar:function.jar}), timed from just before the process is spawned to the arrival of the
 * driver's marks: the first response ({@code GET /}, no I/O) and the second ({@code GET
 * /api/v1/machines}, which builds the DynamoDB client and queries the local cloud's DynamoDB). The
 * reference is a JVM that starts the same driver jar and prints its mark at once ("hello world"),
 * spawned alternately with the function runs.
 */
final class ColdStart {
    /** A way to start the JVM: the brief's plain defaults, or the Lambda Java 21 runtime's JIT default. */
    record JvmConfig(String label, List<String> flags) {}

    /** {@code -Dcoldstart.functions=detection,kpi}: only these functions (all when unset). */
    static final List<String> ONLY = List.of(System.getProperty("coldstart.functions", "").split(",")).stream()
            .map(String::strip).filter(f -> !f.isEmpty()).toList();

    /** The JVM flags of Lambda's java21 runtime. */
    private static final List<String> LAMBDA_FLAGS =
            List.of("-Xshare:auto", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    static final List<JvmConfig> CONFIGS = List.of(
            new JvmConfig("plain `java -Xshare:auto`", List.of("-Xshare:auto")),
            new JvmConfig("Lambda java21 defaults (`-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC`)",
                    LAMBDA_FLAGS),
            new JvmConfig("Lambda's defaults, SnapStart's priming (`beforeCheckpoint`) run before the requests",
                    java.util.stream.Stream.concat(LAMBDA_FLAGS.stream(), java.util.stream.Stream.of("-Dcoldstart.snapstart=true"))
                            .toList()));

    /** One function under one JVM configuration. */
    record Result(String function, String handler, double jarMiB, boolean jarOlderThanSources, JvmConfig config,
                  int runs, double[] initMs, double[] firstMs, double[] secondMs, double[] helloMs) {}

    /** A function module whose jar could not be measured, and why. */
    record Skipped(String module, String reason) {}

    private final Path root;
    private final Map<String, String> localEnv;
    private final int runs;
    private final Path work;
    private final Path javaBin;
    /** Other builds of the same functions to measure in the same run: label → folder of {@code <function>.jar}. */
    private Map<String, Path> variants = Map.of();
    final List<Skipped> skipped = new ArrayList<>();

    /**
     * @param localEnv the variables that point the function at the local cloud (DynamoDB endpoint, keys)
     */
    ColdStart(Path root, Map<String, String> localEnv, int runs, Path work) {
        this.root = root;
        this.localEnv = localEnv;
        this.runs = runs;
        this.work = work;
        this.javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    Path java() {
        return javaBin;
    }

    /** Also measures these builds (label → folder of {@code <function>.jar}), each beside the current jar. */
    ColdStart withVariants(Map<String, Path> variants) {
        this.variants = Map.copyOf(variants);
        return this;
    }

    List<Result> run() throws IOException, InterruptedException {
        Path driverJar = driverJar();
        List<Result> out = new ArrayList<>();
        for (Path module : functionModules()) {
            String name = module.getFileName().toString();
            if (!ONLY.isEmpty() && !ONLY.contains(name)) continue;
            Path jar = module.resolve("target/function.jar");
            if (!Files.isRegularFile(jar)) {
                skipped.add(new Skipped("functions/" + name, "no target/function.jar (build it with "
                        + "`mvn -B -q -pl functions/" + name + " -am package -DskipTests`)"));
                continue;
            }
            var spec = FunctionCatalog.find(name);
            if (spec.isEmpty()) {
                skipped.add(new Skipped("functions/" + name, "no entry named \"" + name + "\" in FunctionCatalog"));
                continue;
            }
            Path[] probes = probes(name);
            Map<String, Path> jars = new LinkedHashMap<>();
            variants.forEach((label, dir) -> jars.put(name + " (" + label + ")", dir.resolve(name + ".jar")));
            jars.put(name, jar);
            for (Map.Entry<String, Path> j : jars.entrySet()) {
                if (!Files.isRegularFile(j.getValue())) {
                    skipped.add(new Skipped(j.getKey(), "no " + j.getValue()));
                    continue;
                }
                String handler = handlerIn(j.getValue(), spec.get().handler());
                double mib = Files.size(j.getValue()) / 1048576.0;
                boolean stale = j.getValue().equals(jar) && olderThanSources(jar, module);
                System.out.printf("cold start: %s (%s, %.1f MiB)%n", j.getKey(), handler, mib);
                List<String> cp = List.of("-cp", driverJar + java.io.File.pathSeparator + j.getValue());
                try {
                    out.addAll(measure(j.getKey(), handler, mib, stale, cp, probes[0], probes[1]));
                } catch (LaunchFailure e) {
                    skipped.add(new Skipped(j.getKey(), "%s (%.1f MiB) failed: %s".formatted(handler, mib, e.getMessage())));
                    System.out.println("  failed: " + e.getMessage() + "\n" + e.output);
                }
            }
        }
        return out;
    }

    private List<Result> measure(String name, String handler, double mib, boolean stale, List<String> cp, Path first,
                                 Path second) throws IOException, InterruptedException {
        List<Result> out = new ArrayList<>();
        // one discarded launch of each kind, so the jars are in the page cache for every measured run
        launch(cp, CONFIGS.get(0).flags(), List.of("hello"));
        launch(cp, CONFIGS.get(0).flags(), List.of(handler, first.toString(), second.toString()));
        // runs outer, configurations inner: both configurations see the same moments of the machine's load
        int n = CONFIGS.size();
        double[][] init = new double[n][runs], a = new double[n][runs], b = new double[n][runs], h = new double[n][runs];
        for (int r = 0; r < runs; r++) {
            for (int c = 0; c < n; c++) {
                List<String> flags = CONFIGS.get(c).flags();
                boolean helloFirst = (r + c) % 2 == 0;
                if (helloFirst) h[c][r] = launch(cp, flags, List.of("hello")).marks[0];
                Launch f = launch(cp, flags, List.of(handler, first.toString(), second.toString()));
                if (!helloFirst) h[c][r] = launch(cp, flags, List.of("hello")).marks[0];
                init[c][r] = f.marks[0];
                a[c][r] = f.marks[1];
                b[c][r] = f.marks[2];
                System.out.printf("  %s run %d: init %.0f ms, first %.0f ms, second %.0f ms, hello %.0f ms (statuses %s)%n",
                        flags, r + 1, init[c][r], a[c][r], b[c][r], h[c][r], f.statuses);
            }
        }
        for (int c = 0; c < n; c++) {
            out.add(new Result(name, handler, mib, stale, CONFIGS.get(c), runs, init[c], a[c], b[c], h[c]));
        }
        return out;
    }

    /** A fresh JVM that ended without its responses, or answered something other than 200. */
    static final class LaunchFailure extends IllegalStateException {
        final String output;

        LaunchFailure(String message, String output) {
            super(message);
            this.output = output;
        }
    }

    /** The telling line of a failed JVM's output: its first "Caused by" and where, else its first exception line. */
    private static String cause(String output) {
        String[] lines = output.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("Caused by: ")) {
                String where = i + 1 < lines.length && lines[i + 1].strip().startsWith("at ") ? " " + lines[i + 1].strip() : "";
                return l.substring("Caused by: ".length()) + where;
            }
        }
        for (String line : lines) {
            String l = line.strip();
            if ((l.contains("Exception") || l.contains("Error")) && !l.startsWith("at ")) {
                return l.replace("Exception in thread \"main\" ", "");
            }
        }
        return "no responses";
    }

    /** The catalogue's handler class if the jar has it, else the jar's own (an older build may name it otherwise). */
    /** Handler classes functions had in earlier builds (the jars of other builds measured beside the current one). */
    static final Map<String, List<String>> FORMER_HANDLERS = Map.of(
            "io.wattline.twin.TwinFunction", List.of("io.wattline.calibration.CalibrationFunction"));

    /** The handler class in the jar: the catalogue's, a former name of it, or else the jar's one {@code *Function} class. */
    static String handlerIn(Path jar, String handler) throws IOException {
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            if (zip.getEntry(handler.replace('.', '/') + ".class") != null) return handler;
            for (String former : FORMER_HANDLERS.getOrDefault(handler, List.of())) {
                if (zip.getEntry(former.replace('.', '/') + ".class") != null) return former;
            }
            String pkg = handler.substring(0, handler.lastIndexOf('.')).replace('.', '/');
            String parent = pkg.substring(0, pkg.lastIndexOf('/') + 1);
            return zip.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.startsWith(parent) && n.endsWith("Function.class") && !n.contains("$")
                            && !n.endsWith("/LambdaFunction.class") && n.substring(parent.length()).indexOf('/') > 0)
                    .filter(n -> !n.startsWith("io/wattline/http/"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .findFirst().orElse(handler);
        }
    }

    private List<Path> functionModules() throws IOException {
        Path functions = root.resolve("functions");
        if (!Files.isDirectory(functions)) return List.of();
        try (Stream<Path> s = Files.list(functions)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("pom.xml"))).sorted().toList();
        }
    }

    /** Whether a source file of the module or of shared/ changed after the jar was built. */
    private boolean olderThanSources(Path jar, Path module) throws IOException {
        FileTime built = Files.getLastModifiedTime(jar);
        for (Path src : List.of(module.resolve("src/main"), root.resolve("shared"))) {
            if (!Files.isDirectory(src)) continue;
            try (Stream<Path> s = Files.walk(src)) {
                if (s.filter(Files::isRegularFile).anyMatch(p -> {
                    try {
                        return Files.getLastModifiedTime(p).compareTo(built) > 0;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })) return true;
            }
        }
        return false;
    }

    /** The driver class alone in a jar: the fresh JVM's classpath holds nothing of the bench. */
    private Path driverJar() throws IOException {
        String entry = ColdStartDriver.class.getName().replace('.', '/') + ".class";
        Path jar = work.resolve("coldstart-driver.jar");
        try (InputStream in = ColdStartDriver.class.getClassLoader().getResourceAsStream(entry);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            if (in == null) throw new IllegalStateException("cannot read " + entry);
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    /**
     * What Lambda gives a function without SnapStart, pointed at this local cloud: its execution role's keys in
     * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, so that the jars take
     * the credential path they take on AWS (not the local cloud's own {@code WATTLINE_*} keys).
     */
    static Map<String, String> lambdaEnvironment(io.wattline.config.Settings cloud) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", cloud.region());
        env.put("DYNAMODB_ENDPOINT", cloud.dynamoDbEndpoint().orElseThrow().toString());
        env.put("S3_ENDPOINT", cloud.s3Endpoint().orElseThrow().toString());
        env.put("AWS_ACCESS_KEY_ID", io.wattline.local.LocalStorage.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", io.wattline.local.LocalStorage.SECRET_KEY);
        env.put("AWS_SESSION_TOKEN", "local-session");
        env.put("SCHEDULER_ENABLED", "false");
        return env;
    }

    /**
     * Each function's two requests: the first answers without I/O (service info, or a request its
     * validation refuses), the second reads its store (a sample of {@code events/<function>/}).
     */
    private Path[] probes(String function) throws IOException {
        return switch (function) {
            case "data" -> new Path[]{event("GET", "/", ""), sample("data/machines.json")};
            case "kpi" -> new Path[]{event("GET", "/api/v1/kpi/all", ""), sample("kpi/comparison-available.json")};
            case "calibration" -> new Path[]{event("POST", "/system/inject-fault", "fault_type=NOPE"),
                    sample("calibration/state.json")};
            case "detection" -> new Path[]{event("GET", "/v1/usage", ""), sample("detection/entire-detect.json")};
            case "anomaly" -> new Path[]{event("GET", "/api/v1/baseline/models", ""), sample("anomaly/anomaly-active.json")};
            case "forecasting" -> new Path[]{event("GET", "/api/v1/forecast/demand", ""),
                    sample("forecasting/a-models-status.json")};
            default -> throw new IOException("no cold-start probes for function " + function);
        };
    }

    private Path sample(String relative) {
        return root.resolve("events").resolve(relative);
    }

    /** An API Gateway HTTP API (payload 2.0) event as API Gateway builds it. */
    private Path event(String method, String path, String query) throws IOException {
        Instant now = Instant.now();
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "192.0.2.10");
        http.put("userAgent", "wattline-bench");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "000000000000");
        context.put("apiId", "bench");
        context.put("domainName", "bench.execute-api.us-east-1.amazonaws.com");
        context.put("domainPrefix", "bench");
        context.put("http", http);
        context.put("requestId", requestId);
        context.put("routeKey", method + " " + path);
        context.put("stage", "$default");
        context.put("time", DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
                .withZone(ZoneOffset.UTC).format(now));
        context.put("timeEpoch", now.toEpochMilli());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        event.put("rawQueryString", query);
        event.put("headers", Map.of("accept", "application/json", "host", "bench.execute-api.us-east-1.amazonaws.com",
                "user-agent", "wattline-bench"));
        event.put("requestContext", context);
        event.put("isBase64Encoded", false);
        Path file = work.resolve("event-" + method.toLowerCase(Locale.ROOT) + path.replace('/', '_') + ".json");
        Files.writeString(file, new ObjectMapper().writeValueAsString(event));
        return file;
    }

    private record Launch(double[] marks, List<String> statuses) {}

    /** Spawns one JVM and stamps each mark line as it arrives (ms since just before the spawn). */
    private Launch launch(List<String> classpath, List<String> flags, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        command.addAll(flags);
        command.addAll(classpath);
        command.add(ColdStartDriver.class.getName());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        // a clean, Lambda-like environment: no JVM options or AWS credentials leak in from the shell
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS")
                || k.equals("_JAVA_OPTIONS") || k.equals("MAVEN_OPTS") || k.equals("CLASSPATH"));
        env.putAll(localEnv);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "wattline-coldstart");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        int expected = args.get(0).equals("hello") ? 1 : args.size(); // init + one per event
        double[] marks = new double[expected];
        List<String> statuses = new ArrayList<>();
        StringBuilder tail = new StringBuilder();
        long t0 = System.nanoTime();
        Process p = pb.start();
        // a hung JVM is ended (this process only), so the reader below sees the end of its output
        java.util.concurrent.CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS).execute(p::destroyForcibly);
        int seen = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                long t = System.nanoTime();
                if (line.startsWith(ColdStartDriver.MARK)) {
                    String[] f = line.substring(ColdStartDriver.MARK.length()).split(" ");
                    if (seen < expected) marks[seen] = (t - t0) / 1e6;
                    seen++;
                    if (!f[0].equals("hello") && !f[0].equals("init")) statuses.add(f[1]);
                } else if (tail.length() < 4000) {
                    tail.append(line).append('\n');
                }
            }
        }
        p.waitFor();
        if (seen < expected || p.exitValue() != 0) {
            throw new LaunchFailure(cause(tail.toString()) + " (exit " + p.exitValue() + ", " + Math.min(seen, expected)
                    + " of " + expected + " responses)", String.join(" ", command) + "\n" + tail);
        }
        for (String s : statuses) {
            // the probes' answers are tested elsewhere; here a 5xx means the jar could not do its work
            if (s.startsWith("5")) throw new LaunchFailure("responses " + statuses, tail.toString());
        }
        // the second probe must have read the store: a refusal (401, 404) would time no I/O at all
        if (!statuses.isEmpty() && !statuses.get(statuses.size() - 1).startsWith("2")) {
            throw new LaunchFailure("the store-reading probe answered " + statuses.get(statuses.size() - 1), tail.toString());
        }
        return new Launch(marks, statuses);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
