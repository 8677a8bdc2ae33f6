package io.wattline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Writes one benchmark's section of {@code docs/BENCHMARKS.md}, between
 * {@code <!-- BEGIN name -->} and {@code <!-- END name -->}, leaving the other sections alone.
 * Every section starts with what ran, on which machine, on which day.
 */
public final class Report {
    private Report() {}

    /** The machine line: cores, memory, OS, JVM. */
    public static String machine() {
        Runtime rt = Runtime.getRuntime();
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: the rest of the line still says enough
        }
        long totalMb = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 20;
        return "%d cores (%s), %d MiB RAM, %s %s, Java %s, max heap %d MiB".formatted(
                rt.availableProcessors(), cpu, totalMb, System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.version(), rt.maxMemory() >> 20);
    }

    /** The 1-, 5- and 15-minute load averages ("0.52 / 0.71 / 0.80"), or "unknown" off Linux. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The header every section starts with. */
    public static String header(String title, String command) {
        return "## " + title + "\n\n" + "- Date: " + LocalDate.now(ZoneOffset.UTC) + "\n- Command: `" + command
                + "`\n- Machine: " + machine() + "\n\n";
    }

    /** Replaces (or appends) the named section of the file. */
    public static void write(Path file, String name, String markdown) {
        String begin = "<!-- BEGIN " + name + " -->", end = "<!-- END " + name + " -->";
        try {
            String doc = Files.exists(file) ? Files.readString(file)
                    : "# Benchmarks\n\nFigures measured on this project's machines by the commands named in each"
                      + " section. Sections are rewritten by their benchmark; see the README for the commands.\n";
            String section = begin + "\n" + markdown.strip() + "\n" + end;
            int b = doc.indexOf(begin), e = doc.indexOf(end);
            doc = b >= 0 && e > b ? doc.substring(0, b) + section + doc.substring(e + end.length())
                    : doc.stripTrailing() + "\n\n" + section + "\n";
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The p-th percentile (0..100) of the samples, nearest-rank. */
    public static double percentile(double[] samples, double p) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }
}
