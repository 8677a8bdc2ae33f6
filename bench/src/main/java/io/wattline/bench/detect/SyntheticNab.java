package io.wattline.bench.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a labelled corpus in NAB's layout ({@code <out>/<category>/<file>.csv} and {@code <out>/combined_windows.json})
 * from generated series, for a second view of how the streaming detector generalises: NAB's own series outside its
 * dev subset are held back, and the detector's settings were chosen on that subset (four later on this corpus too:
 * the week of days, the log scale, the mean deviation and the stream's band, see docs/BENCHMARKS.md). Nothing here is drawn from NAB's data; the
 * processes are the kinds of signal its categories hold (counts with bursts, utilisation, sensors, seasonal demand,
 * heavy-tailed latencies), with the kinds of incident they label (surges, outages, level shifts, ramps, variance
 * changes, flat-lines, broken patterns). Normal behaviour includes what such series do without an incident (short
 * bursts, isolated spikes, slow drift), so a detector that alerts on every outlier pays for it.
 *
 * <p>Windows follow NAB's rule: {@code 10 %} of the file's length divided by its number of incidents, centred on the
 * incident's first point; windows do not overlap. No incident starts in the first 15 % (NAB's probationary part) or
 * the last 5 %. As in NAB, only an incident's onset is labelled: where it ends abruptly (an outage, a stuck value) the
 * return to normal lies outside the window, and an alert there counts as a false positive.
 *
 * <p>Arguments: {@code <out-dir> [--seed N] [--per-category N]}.
 */
public final class SyntheticNab {
    private static final DateTimeFormatter CSV = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final LocalDateTime START = LocalDateTime.of(2020, 3, 2, 0, 0); // a Monday
    /** Series per category in the corpus {@code ./wattline bench nab synthetic} scores. */
    static final int PER_CATEGORY = 8;

    private SyntheticNab() {}

    /** A generated file: its values at a fixed step and the first point of each incident. */
    record Generated(double[] values, int stepMinutes, List<Integer> incidents) {}

    interface Generator {
        Generated make(Random r);
    }

    /** A category: its folder, the prefix of its files and the process that makes them. */
    record Category(String folder, String file, Generator generator) {}

    static final List<Category> CATEGORIES = List.of(
            new Category("synthCounts", "counts", SyntheticNab::counts),
            new Category("synthUtilization", "utilization", SyntheticNab::utilization),
            new Category("synthSensor", "sensor", SyntheticNab::sensor),
            new Category("synthSeasonal", "seasonal", SyntheticNab::seasonal),
            new Category("synthLatency", "latency", SyntheticNab::latency));

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: SyntheticNab <out-dir> [--seed N] [--per-category N]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long seed = 1;
        int perCategory = PER_CATEGORY;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--per-category" -> perCategory = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        write(out, seed, perCategory);
        System.out.println("wrote " + CATEGORIES.size() * perCategory + " series to " + out);
    }

    static void write(Path out, long seed, int perCategory) throws IOException {
        StringBuilder labels = new StringBuilder("{\n");
        boolean first = true;
        int c = 0;
        for (Category category : CATEGORIES) {
            Files.createDirectories(out.resolve(category.folder()));
            for (int i = 0; i < perCategory; i++) {
                Random r = new Random(mix(mix(mix(seed) + c) + i)); // nearby seeds give java.util.Random related streams
                Generated g = category.generator().make(r);
                String file = category.folder() + "/" + category.file() + "_" + i + ".csv";
                StringBuilder csv = new StringBuilder("timestamp,value\n");
                for (int t = 0; t < g.values().length; t++) {
                    csv.append(CSV.format(time(t, g.stepMinutes()))).append(',')
                            .append(String.format(Locale.ROOT, "%.4f", g.values()[t])).append('\n');
                }
                Files.writeString(out.resolve(file), csv);
                labels.append(first ? "" : ",\n").append("  \"").append(file).append("\": [");
                first = false;
                int n = g.values().length, w = (int) (0.1 * n / Math.max(1, g.incidents().size()));
                for (int k = 0; k < g.incidents().size(); k++) {
                    int at = g.incidents().get(k);
                    int from = Math.max(0, at - w / 2), to = Math.min(n - 1, at + w / 2);
                    labels.append(k == 0 ? "\n" : ",\n").append("    [\"").append(LABEL.format(time(from, g.stepMinutes())))
                            .append("\", \"").append(LABEL.format(time(to, g.stepMinutes()))).append("\"]");
                }
                labels.append(g.incidents().isEmpty() ? "]" : "\n  ]");
            }
            c++;
        }
        Files.writeString(out.resolve("combined_windows.json"), labels.append("\n}\n"));
    }

    /** SplitMix64's finaliser: unrelated seeds from consecutive numbers. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static LocalDateTime time(int t, int stepMinutes) {
        return START.plusMinutes((long) t * stepMinutes);
    }

    /** 1-3 incident starts, spread out, none in the first 15 % or the last 5 %, at least {@code gap} apart. */
    static List<Integer> incidents(Random r, int n, int gap) {
        int count = 1 + r.nextInt(3);
        List<Integer> at = new ArrayList<>();
        int lo = (int) (0.18 * n), hi = (int) (0.95 * n) - gap;
        for (int tries = 0; at.size() < count && tries < 1000; tries++) {
            int c = lo + r.nextInt(Math.max(1, hi - lo));
            if (apart(at, c, n, gap)) at.add(c);
        }
        at.sort(null);
        return at;
    }

    /** Whether {@code c} keeps the spacing of {@link #incidents} from every incident in {@code at}. */
    static boolean apart(List<Integer> at, int c, int n, int gap) {
        return at.stream().allMatch(a -> Math.abs(a - c) >= Math.max(gap, n / 10));
    }

    /** Length of a file: 2-5 weeks of points. */
    private static int length(Random r, int perDay) {
        return perDay * (14 + r.nextInt(22));
    }

    // ------------------------------------------------------------------ the processes

    /** Social-media-like counts every 5 minutes: a daily cycle, over-dispersed; short viral bursts are normal; incidents are long surges and outages. */
    static Generated counts(Random r) {
        int perDay = 288, n = length(r, perDay);
        double level = 5 + r.nextDouble() * 60, swing = 0.3 + 0.5 * r.nextDouble();
        double phase = r.nextDouble() * 2 * Math.PI;
        double[] mult = new double[n];
        Arrays.fill(mult, 1);
        // normal bursts: x2-x4 for 2-12 points, about one every 2 days
        for (int t = 0; t < n; t++) {
            if (r.nextDouble() < 1.0 / 600) {
                double m = 2 + 2 * r.nextDouble();
                int len = 2 + r.nextInt(11);
                for (int q = t; q < Math.min(n, t + len); q++) mult[q] *= m;
            }
        }
        List<Integer> inc = incidents(r, n, 400);
        for (int a : inc) {
            if (r.nextBoolean()) { // a surge: x4-x8 for 3-8 hours, easing off
                double m = 4 + 4 * r.nextDouble();
                int len = 36 + r.nextInt(61);
                for (int q = a; q < Math.min(n, a + len); q++) mult[q] *= 1 + (m - 1) * (1 - 0.5 * (q - a) / len);
            } else { // an outage: near zero for 2-6 hours
                int len = 24 + r.nextInt(49);
                for (int q = a; q < Math.min(n, a + len); q++) mult[q] *= 0.03;
            }
        }
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            double lambda = level * (1 + swing * Math.sin(2 * Math.PI * t / perDay + phase)) * mult[t];
            v[t] = poisson(r, gamma(r, 4) / 4 * lambda); // negative binomial: Poisson with a gamma-distributed rate
        }
        return new Generated(v, 5, inc);
    }

    /** Cloud-metric-like utilisation (%) every 5 minutes: AR(1) noise, isolated spikes are normal; incidents shift, ramp or shake. */
    static Generated utilization(Random r) {
        int n = length(r, 288);
        double level = 10 + 50 * r.nextDouble(), sd = 0.5 + 3 * r.nextDouble(), phi = 0.6 + 0.35 * r.nextDouble();
        double[] shift = new double[n], scale = new double[n];
        Arrays.fill(scale, 1);
        List<Integer> inc = incidents(r, n, 400);
        for (int a : inc) {
            switch (r.nextInt(3)) {
                case 0 -> { // a lasting level shift of 6-12 noise levels, up or down
                    double d = (r.nextBoolean() ? 1 : -1) * sd / Math.sqrt(1 - phi * phi) * (6 + 6 * r.nextDouble());
                    for (int q = a; q < n; q++) shift[q] += d;
                }
                case 1 -> { // a ramp to saturation over 1-6 hours, held for a while
                    int len = 12 + r.nextInt(61);
                    double to = 95 - level;
                    for (int q = a; q < Math.min(n, a + len * 3); q++) shift[q] += to * Math.min(1, (q - a + 1.0) / len);
                }
                default -> { // noise 4-8x larger for 1-2 days
                    double m = 4 + 4 * r.nextDouble();
                    int len = 288 + r.nextInt(288);
                    for (int q = a; q < Math.min(n, a + len); q++) scale[q] = m;
                }
            }
        }
        double[] v = new double[n];
        double e = 0;
        for (int t = 0; t < n; t++) {
            e = phi * e + sd * r.nextGaussian() * scale[t];
            double x = level + shift[t] + e;
            if (r.nextDouble() < 1.0 / 700) x += sd * (8 + 8 * r.nextDouble()); // a normal, isolated spike
            v[t] = Math.max(0, Math.min(100, x));
        }
        return new Generated(v, 5, inc);
    }

    /** Machine-sensor-like temperatures every 5 minutes: a daily swing on a slow drift; incidents drop, flat-line or oscillate. */
    static Generated sensor(Random r) {
        int perDay = 288, n = length(r, perDay);
        double base = 40 + 40 * r.nextDouble(), amp = 0.5 + 4 * r.nextDouble(), noise = 0.1 + 0.5 * r.nextDouble();
        double[] v = new double[n];
        double drift = 0;
        for (int t = 0; t < n; t++) {
            drift += 0.02 * noise * r.nextGaussian();
            v[t] = base + drift + amp * Math.sin(2 * Math.PI * t / perDay) + noise * r.nextGaussian();
        }
        List<Integer> inc = incidents(r, n, 400);
        for (int a : inc) {
            switch (r.nextInt(3)) {
                case 0 -> { // a failure: the temperature falls by 3-6 daily swings over an hour and stays low for half a day
                    double d = (3 + 3 * r.nextDouble()) * Math.max(amp, 5 * noise);
                    for (int q = a; q < Math.min(n, a + 144); q++) v[q] -= d * Math.min(1, (q - a + 1) / 12.0);
                }
                case 1 -> { // a stuck sensor: the last value repeated for 6-24 hours
                    int len = 72 + r.nextInt(217);
                    for (int q = a; q < Math.min(n, a + len); q++) v[q] = v[a - 1];
                }
                default -> { // a control loop hunting: an oscillation of 6-10 noise levels every 30-60 minutes, for 4-12 hours
                    double d = noise * (6 + 4 * r.nextDouble());
                    int period = 6 + r.nextInt(7), len = 48 + r.nextInt(97);
                    for (int q = a; q < Math.min(n, a + len); q++) v[q] += d * Math.sin(2 * Math.PI * (q - a) / period);
                }
            }
        }
        return new Generated(v, 5, inc);
    }

    /** Demand-like series every 30 minutes: daily shape times weekday level; incidents are a lost weekday, a surge, a drop. */
    static Generated seasonal(Random r) {
        int perDay = 48, n = length(r, perDay);
        double level = 1000 + 20_000 * r.nextDouble(), noise = 0.02 + 0.06 * r.nextDouble();
        double peak = 0.3 + 0.4 * r.nextDouble(); // position of the day's peak
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            int day = t / perDay;
            double hour = (t % perDay) / (double) perDay;
            boolean weekend = day % 7 >= 5;
            double shape = 0.3 + Math.exp(-Math.pow((hour - peak) / 0.12, 2)) + 0.5 * Math.exp(-Math.pow((hour - peak - 0.3) / 0.1, 2));
            v[t] = level * shape * (weekend ? 0.6 : 1.0);
        }
        List<Integer> inc = incidents(r, n, 2 * perDay);
        for (int i = 0; i < inc.size(); i++) {
            int a = inc.get(i);
            int kind = r.nextInt(3);
            if (kind == 0) { // a holiday starts at the next weekday's midnight, if that keeps it apart from the others
                int day = (a + perDay - 1) / perDay;
                if (day % 7 >= 5) day += 7 - day % 7;
                List<Integer> others = new ArrayList<>(inc);
                others.remove(i);
                if (apart(others, day * perDay, n, 2 * perDay) && (day + 1) * perDay <= 0.95 * n) {
                    a = day * perDay;
                    inc.set(i, a);
                } else {
                    kind = 1;
                }
            }
            switch (kind) {
                case 0 -> { // a holiday: a weekday run at the weekend's level
                    for (int q = a; q < a + perDay; q++) v[q] *= 0.6;
                }
                case 1 -> { // a surge of 1.6-2.4x for 2-4 hours
                    double m = 1.6 + 0.8 * r.nextDouble();
                    int len = 4 + r.nextInt(5);
                    for (int q = a; q < Math.min(n, a + len); q++) v[q] *= m;
                }
                default -> { // a collapse to 10-40 % for 6-12 hours
                    double m = 0.1 + 0.3 * r.nextDouble();
                    int len = 12 + r.nextInt(13);
                    for (int q = a; q < Math.min(n, a + len); q++) v[q] *= m;
                }
            }
        }
        inc.sort(null);
        for (int t = 0; t < n; t++) v[t] *= 1 + noise * r.nextGaussian();
        return new Generated(v, 30, inc);
    }

    /** Request-latency-like values every 5 minutes: log-normal, heavy-tailed; incidents are a sustained slowdown or a storm of timeouts. */
    static Generated latency(Random r) {
        int perDay = 288, n = length(r, perDay);
        double mu = Math.log(20 + 200 * r.nextDouble()), s = 0.2 + 0.4 * r.nextDouble(), daily = 0.1 + 0.3 * r.nextDouble();
        double[] up = new double[n];
        List<Integer> inc = incidents(r, n, 400);
        List<Integer> storms = new ArrayList<>();
        for (int a : inc) {
            if (r.nextBoolean()) { // a slowdown: 2-4x the usual latency for 2-8 hours
                double d = Math.log(2 + 2 * r.nextDouble());
                int len = 24 + r.nextInt(73);
                for (int q = a; q < Math.min(n, a + len); q++) up[q] += d;
            } else {
                storms.add(a);
            }
        }
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = Math.exp(mu + daily * Math.sin(2 * Math.PI * t / perDay) + up[t] + s * r.nextGaussian());
        }
        for (int a : storms) { // timeouts: up to 5-10 points (some may coincide) at 20-50x the usual latency within an hour
            int k = 5 + r.nextInt(6);
            for (int j = 0; j < k; j++) {
                int q = Math.min(n - 1, a + (j == 0 ? 0 : r.nextInt(12)));
                v[q] = Math.exp(mu) * (20 + 30 * r.nextDouble());
            }
        }
        return new Generated(v, 5, inc);
    }

    // ------------------------------------------------------------------ sampling

    private static double poisson(Random r, double lambda) {
        if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
        double l = Math.exp(-lambda), p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** Gamma(shape, 1) for shape ≥ 1 (Marsaglia and Tsang). */
    private static double gamma(Random r, double shape) {
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = r.nextGaussian(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = r.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
        }
    }
}
