package io.wattline.bench.data;

import io.wattline.bench.Report;
import io.wattline.local.LocalCloud;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./wattline bench cold [label=folder ...]}: each function's cold start from its shaded jar, beside
 * other builds of the same functions (a folder of {@code <function>.jar} per label, e.g. the jars of an earlier
 * commit, or of the same code with another HTTP client) and the hello-world JVM, in one run, so that what a
 * change bought is a difference measured under the same load. The functions' DynamoDB is a local cloud's.
 */
public final class ColdStartBench {
    static final String SECTION = "cold-start";
    static final int RUNS = Integer.getInteger("coldstart.runs", 7);

    private ColdStartBench() {}

    public static void main(String[] args) throws Exception {
        Path root = DataPlaneBench.root();
        Map<String, Path> variants = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("a build is label=folder, not " + a);
            variants.put(a.substring(0, eq), Path.of(a.substring(eq + 1)));
        }
        Path work = Files.createTempDirectory("wattline-coldstart-");
        String load0 = Report.loadAverage();
        List<ColdStart.Result> cold;
        ColdStart coldStart;
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().withInMemory(true)
                .withDataDir(work.resolve("cloud")).withPort(0).withSeedDays(1).withScheduler(false).withLive(false)
                .withProgress(new PrintStream(OutputStream.nullOutputStream())))) {
            Map<String, String> env = ColdStart.lambdaEnvironment(cloud.settings());
            coldStart = new ColdStart(root, env, RUNS, work).withVariants(variants);
            cold = coldStart.run();
        }
        StringBuilder md = new StringBuilder(Report.header("Cold start by build", ("./wattline bench cold "
                + String.join(" ", args)).strip()));
        md.append("- Load average (1/5/15 min) at start: ").append(load0).append("; at end: ")
                .append(Report.loadAverage()).append("\n- Builds: the current jars");
        variants.forEach((label, dir) -> md.append("; `").append(label).append("`: ").append(dir));
        md.append("\n\n| function (build) | jar MiB | JVM flags | JVM start → first response (no I/O) ms "
                + "| → second response (reads its store) ms | handler ready → second response ms | hello-world JVM ms "
                + "| ratio second / hello |\n"
                + "|---|---:|---|---:|---:|---:|---:|---:|\n");
        for (ColdStart.Result r : cold) {
            double s = ColdStart.median(r.secondMs()), h = ColdStart.median(r.helloMs());
            double[] afterInit = new double[r.runs()];
            for (int i = 0; i < afterInit.length; i++) afterInit[i] = r.secondMs()[i] - r.initMs()[i];
            md.append("| `%s` | %.1f | %s | %.0f | %.0f | %.0f | %.0f | %.2f |\n".formatted(r.function(), r.jarMiB(),
                    r.config().label(), ColdStart.median(r.firstMs()), s, ColdStart.median(afterInit), h, s / h));
        }
        md.append("\nMedians of ").append(RUNS).append(" fresh JVMs per build and flag set, each alternating with a "
                + "hello-world JVM (same driver jar), as in the data-plane section's cold-start table (same driver, "
                + "same probes). Compare builds by their ratio to the hello-world JVM of the same rows. \"Handler ready\" is "
                + "the end of Lambda's init phase (the handler constructed, and with SnapStart's priming also its "
                + "`beforeCheckpoint` run): on AWS a SnapStart restore resumes there, so that column of the priming rows "
                + "is what the first requests after a restore take here (without the restore itself).\n");
        for (ColdStart.Skipped s : coldStart.skipped) md.append("\n**Skipped:** `").append(s.module()).append("`: ")
                .append(s.reason()).append('\n');
        System.out.println(md);
        Report.write(root.resolve("docs/BENCHMARKS.md"), SECTION, md.toString());
        Files.walk(work).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
