package io.wattline.bench.forecast;

import io.wattline.analytics.forecast.Accuracy;
import io.wattline.analytics.forecast.Arima;
import io.wattline.analytics.forecast.CheapestSchedule;
import io.wattline.analytics.forecast.Decomposition;
import io.wattline.analytics.forecast.TemperatureGuess;
import io.wattline.analytics.forecast.WeatherChoice;
import io.wattline.domain.OutdoorTemperature;
import io.wattline.analytics.forecast.Forecast;
import io.wattline.analytics.forecast.OutOfSample;
import io.wattline.analytics.forecast.ProphetTraining;
import io.wattline.analytics.kpi.TouSchedule;
import io.wattline.bench.Report;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.Reading;
import io.wattline.local.DemoPlant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forecast quality (and, with {@code --timing}, model timings): every demo-plant machine (35 days of hourly mean
 * power, the last 7 held out) and NAB's nyc_taxi (hourly means of its 30-minute counts, the last week held out),
 * each forecast 168 hours ahead in one shot by naive (last value), seasonal naive (same hour last week), a plain
 * ARIMA(1,1,1), the seasonal ARIMA the API fits by default, and the decomposable model (additive, multiplicative).
 * MAPE (%), RMSE and the share of held-out hours inside the 95 % interval; then the API's two defaults beside
 * seasonal naive from {@value #ROLLING_WEEKS} weekly origins ({@link #rolling}). Writes the "forecast" and
 * "forecast-rolling" sections (and "forecast-timing") of docs/BENCHMARKS.md; {@code --report FILE|none} writes them
 * to another file or only prints them (scratch runs), {@code --rolling-only} measures the rolling weeks alone.
 */
public final class ForecastBench {
    static final String COMMAND = "./wattline bench forecast";
    static final int HOLD_OUT = 168;
    static final int DEMO_DAYS = 35;
    /** A fixed end, so that figures repeat: the US clocks go back on 2026-11-01, inside the held-out week. */
    static final Instant DEMO_END = Instant.parse("2026-11-06T08:00:00Z");

    /**
     * A series with its hourly outdoor temperature ({@code outdoor} null where there is none) and its factory's longer
     * temperature record ({@code record}: from {@value TemperatureGuess#RECORD_DAYS} days before the series to its end,
     * as a factory that has kept its weather has it; null without weather). A forecast from an origin reads only the
     * part of the record before it ({@link #recordBefore}).
     */
    record Series(String name, long[] t, double[] y, ZoneId zone, double[] outdoor, TemperatureGuess.Hourly record) {
        /** The points {@code [from, to)} with the same record. */
        Series slice(int from, int to) {
            return new Series(name, Arrays.copyOfRange(t, from, to), Arrays.copyOfRange(y, from, to), zone,
                    outdoor == null ? null : Arrays.copyOfRange(outdoor, from, to), record);
        }

        /** The record's last {@value TemperatureGuess#RECORD_DAYS} days before {@code end}: what the API reads at training. */
        TemperatureGuess.Hourly recordBefore(long end) {
            int from = 0, to = 0;
            while (from < record.t().length && record.t()[from] < end - TemperatureGuess.RECORD_DAYS * 86_400L) from++;
            while (to < record.t().length && record.t()[to] < end) to++;
            return new TemperatureGuess.Hourly(Arrays.copyOfRange(record.t(), from, to), Arrays.copyOfRange(record.c(), from, to));
        }
    }

    record Row(String series, String model, Accuracy a) {}

    interface Model {
        /** {@code ahead}: the actual outdoor temperatures of the future hours (null without weather). */
        Forecast forecast(Series train, long[] future, double[] ahead);
    }

    static final Map<String, Model> MODELS = new LinkedHashMap<>();
    static final String ARIMA_DEFAULT = "arima (API default)", PROPHET_DEFAULT = "prophet (API default: additive, regressors auto)",
            CHOICE = "API's choice (predict without model_type: the default with the lower held-out MAPE, WAPE where MAPE left a tenth of the hours out)";
    static final String WEATHER_ACTUAL = "prophet + weather (actual temperatures ahead)",
            WEATHER_GUESS = "prophet + weather (temperatures guessed from the last week)";

    static {
        MODELS.put("naive", (s, f, w) -> repeat(s.y()[s.y().length - 1], f.length));
        MODELS.put("seasonal naive (1 week)", (s, f, w) -> {
            double[] m = new double[f.length];
            for (int i = 0; i < f.length; i++) m[i] = s.y()[s.y().length - 168 + (i % 168)];
            return new Forecast(m, m, m, 0.95);
        });
        MODELS.put("ARIMA(1,1,1) plain", (s, f, w) -> Arima.fit(s.y(), Arima.Order.of(1, 1, 1)).forecast(f.length, 0.95));
        MODELS.put(ARIMA_DEFAULT, (s, f, w) -> {
            // as the API fits it: on the factory's wall-clock hours
            java.time.Instant first = java.time.Instant.ofEpochSecond(s.t()[0]);
            io.wattline.analytics.forecast.WallClock clock = io.wattline.analytics.forecast.WallClock.from(s.zone(), first);
            double[] y = io.wattline.analytics.forecast.WallClock.filled(clock.of(first, s.y()));
            Arima.Model model = Arima.fit(y, Arima.Order.withSeason(1, 1, 1, 24, y.length), clock.epochSeconds(0, y.length), s.zone());
            return clock.atHours(model.forecast(clock.epochSeconds(y.length, clock.stepsToCover(y.length, f)), s.zone(), 0.95),
                    y.length, f).atLeast(Forecast.floorOf(s.y()));
        });
        MODELS.put("prophet additive", (s, f, w) -> Decomposition.fit(s.t(), s.y(), s.zone(), Decomposition.Mode.ADDITIVE)
                .forecast(f, 0.95));
        MODELS.put("prophet multiplicative", (s, f, w) -> Decomposition.fit(s.t(), s.y(), s.zone(),
                Decomposition.Mode.MULTIPLICATIVE).forecast(f, 0.95));
        // with the weather: the temperatures ahead as they came (a perfect weather forecast: an upper bound), and
        // guessed from the last week's same hours (what the API does when no weather forecast was ingested)
        MODELS.put(WEATHER_ACTUAL, (s, f, w) -> w == null ? null : Decomposition.fit(s.t(), s.y(), s.outdoor(), s.zone(),
                Decomposition.Mode.ADDITIVE).forecast(f, w, 0.95));
        MODELS.put(WEATHER_GUESS, (s, f, w) -> w == null ? null : Decomposition.fit(s.t(), s.y(), s.outdoor(), s.zone(),
                Decomposition.Mode.ADDITIVE).forecast(f, TemperatureGuess.of(s.t(), s.outdoor(), f), 0.95));
        MODELS.put(PROPHET_DEFAULT, (s, f, w) -> auto(s, f, w).atLeast(Forecast.floorOf(s.y())));
        // what predict (without model_type), demand and peak answer: of the two defaults, the one whose held-out tail
        // at training erred less (Accuracy.compare: MAPE, or WAPE where MAPE left hours out), each tail the last week
        // of the training part
        MODELS.put(CHOICE, (s, f, w) -> {
            int n = s.y().length;
            Series fit = s.slice(0, n - HOLD_OUT);
            long[] tailT = Arrays.copyOfRange(s.t(), n - HOLD_OUT, n);
            double[] tailY = Arrays.copyOfRange(s.y(), n - HOLD_OUT, n);
            Accuracy a = Accuracy.of(tailY, MODELS.get(ARIMA_DEFAULT).forecast(fit, tailT, null));
            Accuracy p = Accuracy.of(tailY, MODELS.get(PROPHET_DEFAULT).forecast(fit, tailT, null));
            boolean arima = Accuracy.compare(a.mape(), a.wape(), a.mapePoints(), a.points(), p.mape(), p.wape(), p.mapePoints(),
                    p.points()) <= 0;
            return MODELS.get(arima ? ARIMA_DEFAULT : PROPHET_DEFAULT).forecast(s, f, w);
        });
        Reference.python().ifPresent(python -> {
            MODELS.put(Reference.DAILY, (s, f, w) -> Reference.forecast(python, "daily", s.y(), f.length));
            MODELS.put(Reference.WEEKLY, (s, f, w) -> Reference.forecast(python, "weekly", s.y(), f.length));
        });
    }

    /**
     * The reference seasonal ARIMAs of a standard statistics package, fitted by statsmodels (maximum likelihood,
     * {@code bench/scripts/sarima_reference.py}): SARIMA(1,1,1)(0,1,1)₂₄ and SARIMA(1,0,1)(0,1,0)₁₆₈, where a Python with
     * statsmodels is installed (Debian: {@code apt-get install python3-statsmodels}); the rows are left out otherwise.
     */
    static final class Reference {
        static final String DAILY = "SARIMA(1,1,1)(0,1,1)24, statsmodels (reference)";
        static final String WEEKLY = "SARIMA(1,0,1)(0,1,0)168, statsmodels (reference)";
        static String version = "";

        static java.util.Optional<String> python() {
            for (String candidate : List.of("python3", "/usr/bin/python3")) {
                try {
                    Process p = new ProcessBuilder(candidate, "-c", "import statsmodels; print(statsmodels.__version__)")
                            .redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes()).strip();
                    if (p.waitFor() == 0) {
                        version = out;
                        return java.util.Optional.of(candidate);
                    }
                } catch (IOException | InterruptedException e) {
                    // not this one
                }
            }
            return java.util.Optional.empty();
        }

        static Forecast forecast(String python, String kind, double[] train, int steps) {
            try {
                Path in = Files.createTempFile("sarima-train", ".csv"), out = Files.createTempFile("sarima-forecast", ".csv");
                StringBuilder sb = new StringBuilder();
                for (double v : train) sb.append(v).append('\n');
                Files.writeString(in, sb);
                Process p = new ProcessBuilder(python, repoRoot().resolve("bench/scripts/sarima_reference.py").toString(),
                        kind, in.toString(), Integer.toString(steps), out.toString()).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0) throw new IllegalStateException("statsmodels failed: " + log);
                List<String> lines = Files.readAllLines(out);
                double[] m = new double[steps], lo = new double[steps], hi = new double[steps];
                for (int i = 0; i < steps; i++) {
                    String[] f = lines.get(i).split(",");
                    m[i] = Double.parseDouble(f[0]);
                    lo[i] = Double.parseDouble(f[1]);
                    hi[i] = Double.parseDouble(f[2]);
                }
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
                return new Forecast(m, lo, hi, 0.95);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * What {@code train/prophet} does by default, by the same code ({@link ProphetTraining}: the weather kept only where
     * {@link WeatherChoice} prefers it), then the forecast with guessed temperatures and the intervals the API gives it
     * ({@link Decomposition.Model#forecast(long[], double[], boolean[], long, OutOfSample, double)}).
     */
    static Forecast auto(Series s, long[] future, double[] ahead) {
        TemperatureGuess.Hourly record = s.outdoor() == null ? null : s.recordBefore(s.t()[s.t().length - 1] + 3600);
        ProphetTraining trained = ProphetTraining.fit(s.t(), s.y(), s.outdoor(), record, s.zone(), Decomposition.Mode.ADDITIVE,
                false, HOLD_OUT);
        if (s.outdoor() == null) return trained.model().forecast(future, null, null, future[0], trained.learnt(), 0.95);
        boolean[] guessed = new boolean[future.length];
        Arrays.fill(guessed, true); // every hour ahead is guessed
        double[] guess = TemperatureGuess.of(s.t(), s.outdoor(), future);
        return trained.model().forecast(future, guess, guessed, future[0], trained.learnt(), 0.95);
    }

    static Forecast repeat(double v, int n) {
        double[] m = new double[n];
        Arrays.fill(m, v);
        return new Forecast(m, m, m, 0.95);
    }

    public static void main(String[] args) throws Exception {
        boolean timing = Arrays.asList(args).contains("--timing");
        Path root = repoRoot();
        // --report FILE|none: where the sections go (none: printed only, for scratch runs that must not touch the docs)
        int r = Arrays.asList(args).indexOf("--report");
        Path report = r < 0 ? root.resolve("docs/BENCHMARKS.md") : args[r + 1].equals("none") ? null : Path.of(args[r + 1]);
        List<Series> all = new ArrayList<>();
        DemoPlant plant = new DemoPlant(42, DEMO_END);
        for (Machine m : DemoPlant.MACHINES) all.add(demo(plant, m, DEMO_END, DEMO_DAYS, 60));
        // the benchmark data lives beside the repository (as NabRunner finds it); --nyc PATH overrides
        int at = Arrays.asList(args).indexOf("--nyc");
        Path nyc = at >= 0 ? Path.of(args[at + 1])
                : root.resolve("../shared/data/nab-dev/realKnownCause/nyc_taxi.csv").normalize();
        all.add(nycTaxi(nyc));
        // --rolling-only: the rolling weeks alone (what an interval change is judged on), without the single week's table
        boolean rollingOnly = Arrays.asList(args).contains("--rolling-only");
        List<Row> rows = new ArrayList<>();
        for (Series s : rollingOnly ? List.<Series>of() : all) {
            int n = s.y().length - HOLD_OUT;
            Series train = s.slice(0, n);
            long[] future = Arrays.copyOfRange(s.t(), n, s.t().length);
            double[] actual = Arrays.copyOfRange(s.y(), n, s.y().length);
            double[] ahead = s.outdoor() == null ? null : Arrays.copyOfRange(s.outdoor(), n, s.t().length);
            for (var e : MODELS.entrySet()) {
                Forecast f = e.getValue().forecast(train, future, ahead);
                if (f == null) continue; // a weather model on a series without weather
                Accuracy a = Accuracy.of(actual, f.atLeast(0));
                rows.add(new Row(s.name(), e.getKey(), a));
                System.out.printf(Locale.ROOT, "%-28s %-26s MAPE %7.2f  RMSE %9.3f  cover %.3f%n", s.name(), e.getKey(),
                        a.mape(), a.rmse(), a.coverage());
            }
        }
        if (!rollingOnly) write(report, "forecast", quality(all, rows));
        List<Series> longer = new ArrayList<>();
        for (Machine m : DemoPlant.MACHINES) longer.add(demo(plant, m, DEMO_END, TRAINING_DAYS + 7 * ROLLING_WEEKS, 60));
        longer.add(all.get(all.size() - 1));
        write(report, "forecast-rolling", rolling(longer));
        if (timing) write(report, "forecast-timing", timing(plant));
    }

    /** A section to the report, or to standard output when there is none. */
    static void write(Path report, String section, String markdown) {
        if (report != null) Report.write(report, section, markdown);
        else System.out.println(markdown);
    }

    static String quality(List<Series> all, List<Row> rows) {
        StringBuilder md = new StringBuilder(Report.header("Forecast quality (hourly, 168 h ahead in one shot)", COMMAND));
        md.append("Demo plant: every machine, ").append(DEMO_DAYS).append(" days of hourly mean power ending ")
                .append(DEMO_END).append(" (seed 42), the last 7 days held out (the US clock change of 2026-11-01 falls")
                .append(" inside them). NAB nyc_taxi: hourly means of its 30-minute counts, the last week (2015-01-25..31,")
                .append(" with the blizzard of 26-27 January) held out, everything before it for training. MAPE skips")
                .append(" actuals below 1 % of the held-out mean (idle hours). Coverage: share of held-out hours inside")
                .append(" the 95 % interval (naive forecasts have none). ")
                .append(MODELS.containsKey(Reference.DAILY)
                        ? "The reference seasonal ARIMAs are fitted by statsmodels " + Reference.version + " (maximum"
                            + " likelihood, `bench/scripts/sarima_reference.py`) on the same training hours: the airline form"
                            + " with a daily season, and the week-on-week differences as an ARMA(1,1) (a seasonal naive"
                            + " forecast corrected by the recent weeks; a full 168-lag seasonal MA takes minutes per series)."
                        : "No Python with statsmodels was found, so the reference seasonal ARIMA was not measured (Debian:"
                            + " `apt-get install python3-statsmodels`).")
                .append(" The two weather rows (demo machines only; nyc_taxi has no weather) fit the decomposable model with")
                .append(" the factory's outdoor temperature as a regressor and forecast the held-out week with the")
                .append(" temperatures that came (a perfect weather forecast: an upper bound) and with each hour's mean over")
                .append(" the last week (what the API uses when no weather forecast was ingested). `train/prophet` with")
                .append(" `regressors: auto` keeps the weather where, forecast the second way, it lowers the clock-only fit's")
                .append(" squared error by 5 % over the last week of the training part and the week before it (`WeatherChoice`).")
                .append(" The API's choice is what `predict` without a `model_type`, `demand` and `peak` answer with both")
                .append(" models trained: the one whose held-out tail at training erred less (MAPE, or WAPE where MAPE left a tenth of its hours out; here each tail is the")
                .append(" last week of the training part). Every API row holds its hours at or above the lowest hour of")
                .append(" its training history, as the API does.\n\n");
        md.append("| series | model | MAPE % | RMSE | 95 % coverage |\n|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            boolean point = r.model().contains("naive");
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.3f | %s |%n", r.series(), r.model(), r.a().mape(),
                    r.a().rmse(), point ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * r.a().coverage())));
        }
        md.append("\nPer model over the demo machines (mean MAPE; series where it is at least as accurate, by RMSE, as")
                .append(" the better of the two naive forecasts; mean coverage):\n\n");
        md.append("| model | mean MAPE % (demo) | beats better naive (demo) | nyc_taxi MAPE % | mean coverage |\n|---|---:|---:|---:|---:|\n");
        for (String model : MODELS.keySet()) {
            double mape = 0, cover = 0;
            int k = 0, wins = 0;
            Double nyc = null;
            for (Series s : all) {
                Row r = rows.stream().filter(x -> x.series().equals(s.name()) && x.model().equals(model)).findFirst().orElse(null);
                if (r == null) continue;
                if (s.name().startsWith("nyc")) { nyc = r.a().mape(); continue; }
                double bestNaive = Math.min(find(rows, s.name(), "naive").a().rmse(),
                        find(rows, s.name(), "seasonal naive (1 week)").a().rmse());
                if (r.a().rmse() <= bestNaive + 1e-9) wins++;
                mape += r.a().mape();
                cover += r.a().coverage();
                k++;
            }
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %d / %d | %s | %s |%n", model, mape / k, wins, k,
                    nyc == null ? "-" : String.format(Locale.ROOT, "%.2f", nyc), model.contains("naive") ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * cover / k)));
        }
        return md.toString();
    }

    static final int ROLLING_WEEKS = 8, TRAINING_DAYS = DEMO_DAYS - 7;
    static final List<String> ROLLING_MODELS = List.of("seasonal naive (1 week)", ARIMA_DEFAULT, PROPHET_DEFAULT, CHOICE);
    /** The rolling table's column labels of {@link #ROLLING_MODELS} after the seasonal naive. */
    static final List<String> ROLLING_LABELS = List.of("arima", "prophet", "API's choice");

    /**
     * One held-out week says little about a model (a holiday or a storm in it decides the ranking) and less about its
     * intervals (168 hours, strongly correlated): the same forecasts from {@value #ROLLING_WEEKS} origins a week
     * apart, each trained on the {@code TRAINING_DAYS} days before it, errors and coverage pooled over the weeks.
     */
    static String rolling(List<Series> all) {
        StringBuilder md = new StringBuilder(Report.header("Forecast quality over " + ROLLING_WEEKS + " rolling weeks", COMMAND));
        md.append("The same series (the demo plant's now ").append(TRAINING_DAYS + 7 * ROLLING_WEEKS)
                .append(" days ending ").append(DEMO_END).append("; nyc_taxi's last ").append(ROLLING_WEEKS)
                .append(" weeks), forecast 168 hours ahead from ").append(ROLLING_WEEKS).append(" origins a week apart,")
                .append(" the last one the table above's; each fit on the ").append(TRAINING_DAYS)
                .append(" days before its origin (nyc_taxi above: on everything before). RMSE pooled over the ").append(ROLLING_WEEKS * HOLD_OUT)
                .append(" held-out hours, and beside it the ratio to the seasonal naive's; coverage: share of those hours")
                .append(" inside the 95 % interval; interval score: the mean over those hours of the interval's width plus")
                .append(" 40 times (2 / 0.05) how far the actual fell outside it (Gneiting and Raftery's score of a 95 % interval:")
                .append(" lower is better, it rewards narrow intervals only where they still hold the actual). The API's")
                .append(" choice, as in the table above, takes at each origin whichever default erred less (as above) on the last week")
                .append(" of its 28 training days.\n\n");
        md.append("| series | seasonal naive RMSE |");
        for (String label : ROLLING_LABELS) md.append(' ').append(label).append(" RMSE (ratio) | ").append(label)
                .append(" coverage | ").append(label).append(" interval score |");
        md.append("\n|---|---:|").append("---:|---:|---:|".repeat(ROLLING_LABELS.size())).append('\n');
        double[] logRatio = new double[ROLLING_MODELS.size()], coverSum = new double[ROLLING_MODELS.size()];
        double[] coverMin = new double[ROLLING_MODELS.size()], coverMax = new double[ROLLING_MODELS.size()];
        double[] logScore = new double[ROLLING_MODELS.size()];
        int[] wins = new int[ROLLING_MODELS.size()];
        Arrays.fill(coverMin, 1);
        for (Series s : all) {
            double[] squares = new double[ROLLING_MODELS.size()];
            int[] inside = new int[ROLLING_MODELS.size()];
            double[] intervalScore = new double[ROLLING_MODELS.size()];
            for (int week = 0; week < ROLLING_WEEKS; week++) {
                int origin = s.y().length - HOLD_OUT * (week + 1), from = Math.max(0, origin - TRAINING_DAYS * 24);
                Series train = s.slice(from, origin);
                long[] future = Arrays.copyOfRange(s.t(), origin, origin + HOLD_OUT);
                double[] actual = Arrays.copyOfRange(s.y(), origin, origin + HOLD_OUT);
                for (int k = 0; k < ROLLING_MODELS.size(); k++) {
                    Forecast f = MODELS.get(ROLLING_MODELS.get(k)).forecast(train, future, null).atLeast(0);
                    for (int h = 0; h < HOLD_OUT; h++) {
                        squares[k] += (f.mean()[h] - actual[h]) * (f.mean()[h] - actual[h]);
                        if (actual[h] >= f.lower()[h] && actual[h] <= f.upper()[h]) inside[k]++;
                        double penalty = 2 / (1 - f.confidence()); // 40 for a 95 % interval
                        intervalScore[k] += f.upper()[h] - f.lower()[h] + penalty * Math.max(0, f.lower()[h] - actual[h])
                                + penalty * Math.max(0, actual[h] - f.upper()[h]);
                    }
                }
            }
            double hours = ROLLING_WEEKS * HOLD_OUT, naive = Math.sqrt(squares[0] / hours);
            md.append(String.format(Locale.ROOT, "| %s | %.3f |", s.name(), naive));
            for (int k = 1; k < ROLLING_MODELS.size(); k++) {
                double rmse = Math.sqrt(squares[k] / hours), cover = inside[k] / hours, score = intervalScore[k] / hours;
                md.append(String.format(Locale.ROOT, " %.3f (%.2f) | %.1f %% | %.2f |", rmse, rmse / naive, 100 * cover, score));
                logScore[k] += Math.log(score / naive);
                logRatio[k] += Math.log(rmse / naive);
                coverSum[k] += cover;
                coverMin[k] = Math.min(coverMin[k], cover);
                coverMax[k] = Math.max(coverMax[k], cover);
                if (rmse <= naive) wins[k]++;
            }
            md.append('\n');
        }
        md.append("\n| model | RMSE / seasonal naive (geometric mean) | series at most the seasonal naive's RMSE | coverage: mean (range) | interval score / seasonal naive RMSE (geometric mean) |\n")
                .append("|---|---:|---:|---|---:|\n");
        for (int k = 1; k < ROLLING_MODELS.size(); k++) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %d / %d | %.1f %% (%.1f-%.1f %%) | %.2f |%n", ROLLING_MODELS.get(k),
                    Math.exp(logRatio[k] / all.size()), wins[k], all.size(), 100 * coverSum[k] / all.size(),
                    100 * coverMin[k], 100 * coverMax[k], Math.exp(logScore[k] / all.size())));
        }
        return md.toString();
    }

    static Row find(List<Row> rows, String series, String model) {
        return rows.stream().filter(r -> r.series().equals(series) && r.model().equals(model)).findFirst().orElseThrow();
    }

    /** Mean power per step of {@code stepMinutes} over the days before {@code end}, from the plant's minute readings. */
    static Series demo(DemoPlant plant, Machine m, Instant end, int days, int stepMinutes) {
        Instant start = end.minusSeconds(86_400L * days);
        int steps = days * 24 * 60 / stepMinutes;
        double[] sum = new double[steps];
        int[] count = new int[steps];
        DemoPlant.Batch b = plant.generate(m, start, end);
        for (Reading r : b.readings()) {
            int i = (int) ((r.timestamp().getEpochSecond() - start.getEpochSecond()) / (60L * stepMinutes));
            if (i < 0 || i >= steps) continue;
            sum[i] += r.powerKw();
            count[i]++;
        }
        long[] t = new long[steps];
        double[] y = new double[steps];
        for (int i = 0; i < steps; i++) {
            t[i] = start.getEpochSecond() + 60L * stepMinutes * i;
            y[i] = count[i] == 0 ? (i > 0 ? y[i - 1] : 0) : sum[i] / count[i];
        }
        Factory f = DemoPlant.FACTORIES.stream().filter(x -> x.id().equals(m.factoryId())).findFirst().orElseThrow();
        // the factory's hourly weather, at each step's hour, and its record from a year before the series
        Map<Long, Double> weather = new HashMap<>();
        List<OutdoorTemperature> kept = plant.weather(f.id(), start.minusSeconds(TemperatureGuess.RECORD_DAYS * 86_400L), end);
        for (OutdoorTemperature o : kept) weather.put(o.timestamp().getEpochSecond(), o.temperatureC());
        double[] outdoor = new double[steps];
        for (int i = 0; i < steps; i++) {
            Double c = weather.get(t[i] - Math.floorMod(t[i], 3600L));
            outdoor[i] = c != null ? c : i > 0 ? outdoor[i - 1] : 10;
        }
        TemperatureGuess.Hourly record = TemperatureGuess.hourly(kept.stream().mapToLong(o -> o.timestamp().getEpochSecond()).toArray(),
                kept.stream().mapToDouble(OutdoorTemperature::temperatureC).toArray(), end.getEpochSecond());
        return new Series(m.name(), t, y, ZoneId.of(f.timezone()), outdoor, record);
    }

    static Series nycTaxi(Path csv) throws IOException {
        Map<Long, double[]> hours = new LinkedHashMap<>();
        for (String line : Files.readAllLines(csv)) {
            if (line.startsWith("timestamp")) continue;
            String[] f = line.split(",");
            long t = LocalDateTime.parse(f[0].replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
            double[] acc = hours.computeIfAbsent(t - Math.floorMod(t, 3600), k -> new double[2]);
            acc[0] += Double.parseDouble(f[1]);
            acc[1]++;
        }
        long[] t = hours.keySet().stream().mapToLong(Long::longValue).toArray();
        double[] y = hours.values().stream().mapToDouble(a -> a[0] / a[1]).toArray();
        // NAB's timestamps are New York wall-clock times; stored as if UTC, so the local-time features use UTC
        return new Series("nyc_taxi (NAB)", t, y, ZoneOffset.UTC, null, null);
    }

    // ------------------------------------------------------------------ timing (run alone: ./wattline bench forecast --timing)

    static String timing(DemoPlant plant) {
        Machine m = DemoPlant.MACHINES.get(0);
        StringBuilder md = new StringBuilder(Report.header("Forecast model timings (in-process, warm JVM)",
                COMMAND + " --timing"));
        md.append("Compressor-1 of the demo plant, 30 days. Median of 5 runs after 2 warm-ups; load average ")
                .append(Report.loadAverage()).append(".\n\n| what | median ms |\n|---|---:|\n");
        Series hourly = demo(plant, m, DEMO_END, 30, 60), quarter = demo(plant, m, DEMO_END, 30, 15);
        Map<String, Runnable> work = new LinkedHashMap<>();
        work.put("train arima, 30 days hourly (720 points)", () -> Arima.fit(hourly.y(), Arima.Order.withSeason(1, 1, 1, 24, 720)));
        work.put("train arima, 30 days at 15 min (2,880 points)", () -> Arima.fit(quarter.y(), Arima.Order.withSeason(1, 1, 1, 96, 2880)));
        work.put("train prophet, 30 days hourly", () -> Decomposition.fit(hourly.t(), hourly.y(), ZoneId.of("America/Los_Angeles"),
                Decomposition.Mode.MULTIPLICATIVE));
        work.put("train prophet, 30 days at 15 min", () -> Decomposition.fit(quarter.t(), quarter.y(), ZoneId.of("America/Los_Angeles"),
                Decomposition.Mode.MULTIPLICATIVE));
        Arima.Model a = Arima.fit(hourly.y(), Arima.Order.withSeason(1, 1, 1, 24, 720));
        Decomposition.Model p = Decomposition.fit(hourly.t(), hourly.y(), ZoneId.of("America/Los_Angeles"), Decomposition.Mode.ADDITIVE);
        long[] h168 = new long[168];
        for (int i = 0; i < 168; i++) h168[i] = DEMO_END.getEpochSecond() + 3600L * i;
        work.put("predict arima 24 h", () -> a.forecast(24, 0.95));
        work.put("predict arima 168 h", () -> a.forecast(168, 0.95));
        work.put("predict prophet 24 h", () -> p.forecast(Arrays.copyOf(h168, 24), 0.95));
        work.put("predict prophet 168 h", () -> p.forecast(h168, 0.95));
        ZoneId la = ZoneId.of("America/Los_Angeles");
        TouSchedule tou = new TouSchedule(DemoPlant.TARIFFS.get(0), la);
        List<CheapestSchedule.Hour> day = CheapestSchedule.hourStarts(LocalDate.of(2026, 11, 1), la).stream()
                .map(t -> new CheapestSchedule.Hour(40 + (t.getEpochSecond() / 3600 % 7), 1, tou.rateAt(t))).toList();
        work.put("optimal schedule (25-hour DST day, demand charge)", () -> CheapestSchedule.solve(day, 600, 50, 20,
                DemoPlant.TARIFFS.get(0).demandChargePerKw(), 42));
        for (var e : work.entrySet()) {
            double[] ms = new double[5];
            for (int i = 0; i < 7; i++) {
                long t0 = System.nanoTime();
                e.getValue().run();
                if (i >= 2) ms[i - 2] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            md.append(String.format(Locale.ROOT, "| %s | %.2f |%n", e.getKey(), ms[2]));
            System.out.printf(Locale.ROOT, "%-50s %.2f ms%n", e.getKey(), ms[2]);
        }
        md.append("\nThe API's training also fits once more on the history without its held-out tail (for the metrics), and a prophet with `regressors: auto` on a factory with weather fits three more times (with and without the temperature on the week before the tail, with it on the tail) and once on the whole with it")
                .append(" (the model, or a clock-only model's weather response), reads the hourly roll-ups and up to a year of the")
                .append(" factory's temperatures (the guess's errors by lead); time the routes over HTTP for end-to-end figures.\n");
        return md.toString();
    }

    static Path repoRoot() {
        return io.wattline.bench.kpi.KpiBench.repoRoot();
    }

    private ForecastBench() {}

}
