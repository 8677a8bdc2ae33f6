package io.wattline.analytics.forecast;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class DecompositionTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** Hourly load in local time from a Monday: a 06-18 weekday shift, a lower weekend, a slow rise, noise. */
    static double[] load(long[] t, double growthPerWeek, boolean multiplicative, long seed) {
        Random r = new Random(seed);
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            ZonedDateTime local = Instant.ofEpochSecond(t[i]).atZone(BERLIN);
            int hour = local.getHour();
            boolean weekend = local.getDayOfWeek().getValue() >= 6;
            double shape = weekend ? 0.2 : hour >= 6 && hour < 18 ? 1.0 : 0.3;
            double level = 100 + growthPerWeek * (t[i] - t[0]) / (7 * 86_400.0);
            y[i] = (multiplicative ? level * shape : level + 60 * shape) + 2 * r.nextGaussian();
        }
        return y;
    }

    static long[] hours(Instant from, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = from.getEpochSecond() + 3600L * i;
        return t;
    }

    @Test
    void additiveFitForecastsTheWeekInLocalTimeAcrossDst() {
        // four weeks before and one after the Berlin spring change (2026-03-29)
        long[] t = hours(ZonedDateTime.of(2026, 3, 2, 0, 0, 0, 0, BERLIN).toInstant(), 5 * 168);
        double[] y = load(t, 2, false, 1);
        int train = 4 * 168;
        Decomposition.Model m = Decomposition.fit(Arrays.copyOf(t, train), Arrays.copyOf(y, train), BERLIN,
                Decomposition.Mode.ADDITIVE);
        Forecast f = m.forecast(Arrays.copyOfRange(t, train, t.length), 0.95);
        Accuracy a = Accuracy.of(Arrays.copyOfRange(y, train, y.length), f);
        assertTrue(a.mape() < 6, "MAPE " + a.mape());
        assertTrue(a.coverage() > 0.85, "coverage " + a.coverage());
    }

    @Test
    void multiplicativeSeasonalityGrowsWithTheTrend() {
        long[] t = hours(Instant.parse("2026-01-05T00:00:00Z"), 6 * 168);
        double[] y = load(t, 15, true, 2);
        int train = 5 * 168;
        double[] actual = Arrays.copyOfRange(y, train, y.length);
        long[] future = Arrays.copyOfRange(t, train, t.length);
        Accuracy mult = Accuracy.of(actual, Decomposition.fit(Arrays.copyOf(t, train), Arrays.copyOf(y, train), BERLIN,
                Decomposition.Mode.MULTIPLICATIVE).forecast(future, 0.95));
        Accuracy add = Accuracy.of(actual, Decomposition.fit(Arrays.copyOf(t, train), Arrays.copyOf(y, train), BERLIN,
                Decomposition.Mode.ADDITIVE).forecast(future, 0.95));
        // the growing day shape: multiplicative halves the additive fit's error (measured 11 % vs 23 % MAPE)
        assertTrue(mult.mape() < 15, "multiplicative MAPE " + mult.mape());
        assertTrue(mult.rmse() < 0.6 * add.rmse(), "multiplicative " + mult.rmse() + " vs additive " + add.rmse());
    }

    @Test
    void aWeatherDrivenLoadIsForecastFromTheTemperatureAhead() {
        // a building heated below 15 °C on a shift: weeks of weather spells the clock cannot foresee
        long[] t = hours(ZonedDateTime.of(2026, 10, 5, 0, 0, 0, 0, BERLIN).toInstant(), 5 * 168);
        double[][] load = heatedShiftLoad(t, 6, 3, 10, 0.7, 3);
        double[] outdoor = load[0], y = load[1];
        int train = 4 * 168;
        long[] future = Arrays.copyOfRange(t, train, t.length);
        double[] actual = Arrays.copyOfRange(y, train, y.length), ahead = Arrays.copyOfRange(outdoor, train, t.length);
        Decomposition.Model withWeather = Decomposition.fit(Arrays.copyOf(t, train), Arrays.copyOf(y, train),
                Arrays.copyOf(outdoor, train), BERLIN, Decomposition.Mode.ADDITIVE);
        assertTrue(withWeather.usesWeather());
        Accuracy weather = Accuracy.of(actual, withWeather.forecast(future, ahead, 0.95));
        Accuracy clock = Accuracy.of(actual, Decomposition.fit(Arrays.copyOf(t, train), Arrays.copyOf(y, train), BERLIN,
                Decomposition.Mode.ADDITIVE).forecast(future, 0.95));
        assertTrue(weather.rmse() < 0.5 * clock.rmse(), "with weather " + weather.rmse() + " vs clock only " + clock.rmse());
        assertTrue(weather.coverage() > 0.85, "coverage " + weather.coverage());
        // the model cannot forecast without the temperatures ahead
        assertThrows(IllegalArgumentException.class, () -> withWeather.forecast(future, 0.95));
    }

    /** A slowly wandering autumn: spells that persist from day to day, around 8 °C. */
    static double[][] heatedShiftLoad(long[] t, double heating, long seed) {
        return heatedShiftLoad(t, heating, seed, 8, 0.95, 1.5);
    }

    /**
     * Outdoor temperatures and a shift load heated below 15 °C with weight {@code heating}: a daily swing on a mean
     * {@code meanC}, with day-to-day spells (each day {@code persistence} of the last plus a draw of {@code spellSd}).
     */
    static double[][] heatedShiftLoad(long[] t, double heating, long seed, double meanC, double persistence, double spellSd) {
        Random r = new Random(seed);
        double[] outdoor = new double[t.length], y = new double[t.length];
        double spell = 0;
        for (int i = 0; i < t.length; i++) {
            if (i % 24 == 0) spell = persistence * spell + spellSd * r.nextGaussian();
            int hour = Instant.ofEpochSecond(t[i]).atZone(BERLIN).getHour();
            outdoor[i] = meanC + spell + 4 * Math.sin(2 * Math.PI * (hour - 9) / 24);
            boolean shift = hour >= 6 && hour < 18;
            y[i] = 20 + (shift ? 30 : 0) + heating * Math.max(0, 15 - outdoor[i]) + r.nextGaussian();
        }
        return new double[][]{outdoor, y};
    }

    @Test
    void autoKeepsTheWeatherForAHeatedLoadAndDropsItWhereTheLoadIgnoresIt() {
        long[] t = hours(ZonedDateTime.of(2026, 10, 5, 0, 0, 0, 0, BERLIN).toInstant(), 5 * 168);
        int minimumFit = Decomposition.minimumHistory(24);
        double[][] heated = heatedShiftLoad(t, 6, 5);
        WeatherChoice heatedChoice = WeatherChoice.of(t, heated[1], heated[0], BERLIN, Decomposition.Mode.ADDITIVE, 168, minimumFit);
        assertEquals(2, heatedChoice.folds(), "five weeks: validated on the last two");
        assertTrue(heatedChoice.weather(), "clock " + heatedChoice.clockTail().rmse() + ", weather " + heatedChoice.weatherTail().rmse());
        int wrong = 0;
        for (long seed = 1; seed <= 5; seed++) {
            double[][] plain = heatedShiftLoad(t, 0, seed);
            if (WeatherChoice.of(t, plain[1], plain[0], BERLIN, Decomposition.Mode.ADDITIVE, 168, minimumFit).weather()) wrong++;
        }
        assertTrue(wrong <= 1, wrong + " of 5 weather-blind loads kept the weather");
        // too little history for a second fold: one
        long[] short3 = Arrays.copyOf(t, 3 * 168);
        double[][] s3 = heatedShiftLoad(short3, 6, 5);
        assertEquals(1, WeatherChoice.of(short3, s3[1], s3[0], BERLIN, Decomposition.Mode.ADDITIVE, 168, minimumFit).folds());
    }

    @Test
    void aGuessedTemperatureWidensTheIntervalByWhatTheWeatherTermMakesOfTheGuesssErrors() {
        // 1 kW per heating degree under 8 °C and nothing else: at 0 °C a guess off by ±1 °C moves the term by ±1 kW
        // (errors pooled over the leads, as artefacts of 2026-12-05 keep them)
        double[] weather = {1, 0, 0, 0, 0, 0, 0};
        OutOfSample pooled = new OutOfSample(null, null, new double[]{-1, 1}, null);
        Decomposition.Model m = new Decomposition.Model(Decomposition.Mode.ADDITIVE, "UTC", 0, 1, new double[0],
                new double[]{0, 0}, new double[0], 2, 100, weather, null, null);
        double[] half = halfWidths(m.forecast(new long[4], new double[]{0, 0, 20, 7.5}, new boolean[]{true, false, true, true},
                0, pooled, 0.95));
        assertEquals(Math.sqrt(4 + 1), half[0], 1e-9);
        assertEquals(2, half[1], 1e-9); // the temperature was forecast, not guessed
        assertEquals(2, half[2], 1e-9); // warm: the term is 0 either way
        // at 7.5 °C one error crosses the hinge: 8 − 6.5 = 1.5 kW against 0.5, and 0 against 0.5
        assertEquals(Math.sqrt(4 + (1 + 0.25) / 2), half[3], 1e-9);
        assertEquals(Math.sqrt((1 + 0.25) / 2), Decomposition.weatherChange(weather, 7.5, new double[]{-1, 1}), 1e-12);
        assertEquals(0, Decomposition.weatherChange(weather, 0, new double[0]));
        // no errors known: the fit's own
        assertEquals(2, halfWidths(m.forecast(new long[1], new double[]{0}, new boolean[]{true}, 0,
                new OutOfSample(null, null, new double[0], null), 0.95))[0], 1e-9);
        // the fit's own part is its hour's: twice the spread at 01:00 UTC
        double[] factors = new double[HourlySpread.GROUPS];
        java.util.Arrays.fill(factors, 1);
        factors[1] = 2;
        Decomposition.Model hourly = new Decomposition.Model(Decomposition.Mode.ADDITIVE, "UTC", 0, 1, new double[0],
                new double[]{0, 0}, new double[0], 2, 100, weather, factors, null);
        double[] byHour = halfWidths(hourly.forecast(new long[]{0, 3600}, new double[]{0, 0}, new boolean[]{true, true}, 0,
                pooled, 0.95));
        assertEquals(Math.sqrt(4 + 1), byHour[0], 1e-9);
        assertEquals(Math.sqrt(16 + 1), byHour[1], 1e-9);
    }

    @Test
    void aHeldOutErrorThatIsNotAPositiveNumberHoldsNothing() {
        // artefacts may hold a NaN or zero error (a held-out tail it could not measure)
        Decomposition.Model clock = new Decomposition.Model(Decomposition.Mode.ADDITIVE, "UTC", 0, 1, new double[0],
                new double[]{0, 0}, new double[0], 2, 100);
        for (double bad : new double[]{Double.NaN, 0, -1, Double.POSITIVE_INFINITY}) {
            double[] half = halfWidths(clock.forecast(new long[2], null, null, 0, new OutOfSample(bad, null, null, null), 0.95));
            assertArrayEquals(new double[]{2, 2}, half, 1e-9);
        }
        assertArrayEquals(new double[]{5, 5}, halfWidths(clock.forecast(new long[2], null, null, 0,
                new OutOfSample(5.0, null, null, null), 0.95)), 1e-9);
    }

    /** The half-widths of a forecast's intervals at 95 %, in units of z. */
    private static double[] halfWidths(Forecast f) {
        double z = Normal.twoSided(0.95);
        double[] out = new double[f.steps()];
        for (int i = 0; i < out.length; i++) out[i] = (f.upper()[i] - f.lower()[i]) / 2 / z;
        return out;
    }

    @Test
    void theApisIntervalTakesTheLargerOfTheHeldOutErrorAndTheGuesssErrorsAtTheirLead() {
        // 1 kW per heating degree under 8 °C, a fit's own σ of 2 kW; a held-out week erred by 3 kW; guesses erred by
        // ±1 °C the day after and ±4 °C the day after that
        double[] weather = {1, 0, 0, 0, 0, 0, 0};
        Decomposition.Model m = new Decomposition.Model(Decomposition.Mode.ADDITIVE, "UTC", 0, 1, new double[0],
                new double[]{0, 0}, new double[0], 2, 100, weather, null, new double[]{-10, 15});
        double[][] byLead = {{-1, 1}, {-4, 4}};
        OutOfSample learnt = new OutOfSample(3.0, byLead, null, null);
        long day = 86_400;
        long[] t = {0, day, 2 * day + 3600, day, 0};
        double[] c = {0, 0, 0, 0, -20};
        boolean[] guessed = {true, true, true, false, false};
        double[] half = halfWidths(m.forecast(t, c, guessed, 0, learnt, 0.95));
        assertEquals(3, half[0], 1e-9); // √(4 + 1) < the held-out 3
        assertEquals(Math.sqrt(4 + 16), half[1], 1e-9); // the guess's errors a day ahead
        assertEquals(Math.sqrt(4 + 16), half[2], 1e-9); // no errors known that far: the furthest lead's
        assertEquals(2, half[3], 1e-9); // a stored (forecast) temperature: the fit's own spread, no held-out floor
        // 10 °C under the coldest the model was fitted on, where its steepest response was 1 kW per °C: ± 10 kW more
        assertEquals(Math.sqrt(4 + 100), half[4], 1e-9);
        // errors pooled over the leads (artefacts of 2026-12-05 on): the same at every lead
        double[] pooled = halfWidths(m.forecast(t, c, guessed, 0, new OutOfSample(null, null, new double[]{-4, 4}, null), 0.95));
        assertEquals(Math.sqrt(4 + 16), pooled[0], 1e-9);
        assertEquals(Math.sqrt(4 + 16), pooled[2], 1e-9);

        // a clock-only model that keeps the weather's response: every hour with a temperature carries the guess's
        // errors through it (its forecast assumes the training weeks' weather); without temperatures the held-out floor
        Decomposition.Model clock = new Decomposition.Model(Decomposition.Mode.ADDITIVE, "UTC", 0, 1, new double[0],
                new double[]{0, 0}, new double[0], 2, 100);
        OutOfSample clockLearnt = new OutOfSample(3.0, byLead, null, weather);
        double[] clockHalf = halfWidths(clock.forecast(t, c, guessed, 0, clockLearnt, 0.95));
        assertEquals(3, clockHalf[0], 1e-9);
        assertEquals(Math.sqrt(4 + 16), clockHalf[1], 1e-9);
        assertEquals(Math.sqrt(4 + 16), clockHalf[3], 1e-9); // stored or guessed: its forecast does not use it
        assertEquals(3, clockHalf[4], 1e-9); // a clock-only model has no range to leave: -20 ± 1 °C moves it ± 1 kW
        double[] none = halfWidths(clock.forecast(t, null, null, 0, clockLearnt, 0.95));
        for (double h : none) assertEquals(3, h, 1e-9);
        // nothing learnt: the fit's own
        for (double h : halfWidths(clock.forecast(t, c, guessed, 0, OutOfSample.NONE, 0.95))) assertEquals(2, h, 1e-9);
    }

    @Test
    void aTemperatureOutsideTheTrainedRangeWidensTheInterval() {
        // a building heated below 15 °C, fitted on a mild autumn (about 4 to 13 °C)
        long[] t = hours(ZonedDateTime.of(2026, 10, 5, 0, 0, 0, 0, BERLIN).toInstant(), 5 * 168);
        double[][] load = heatedShiftLoad(t, 6, 3, 8.5, 0.7, 1);
        int train = 4 * 168;
        double[] trainedC = Arrays.copyOf(load[0], train);
        Decomposition.Model m = Decomposition.fit(Arrays.copyOf(t, train), Arrays.copyOf(load[1], train), trainedC, BERLIN,
                Decomposition.Mode.ADDITIVE);
        double lowest = Arrays.stream(trainedC).min().orElseThrow(), highest = Arrays.stream(trainedC).max().orElseThrow();
        assertArrayEquals(new double[]{lowest, highest}, m.temperatureRange());
        assertTrue(lowest > -1 && highest < 18, lowest + " .. " + highest);
        // the same hours of the next week at a trained temperature and in a -15 °C cold snap
        long[] future = Arrays.copyOfRange(t, train, t.length);
        double[] mild = new double[future.length], snap = new double[future.length];
        Arrays.fill(mild, 10);
        Arrays.fill(snap, -15);
        Forecast atMild = m.forecast(future, mild, 0.95), atSnap = m.forecast(future, snap, 0.95);
        double slope = Decomposition.steepestResponse(m.weather(), lowest, highest);
        assertTrue(slope > 4 && slope < 8, "the heating learnt: " + slope + " kW per °C (6 simulated)");
        double[] own = m.spread(future, m.sigma()), mildHalf = halfWidths(atMild), snapHalf = halfWidths(atSnap);
        for (int i = 0; i < future.length; i++) {
            // inside the range: the fit's own spread, as before
            assertEquals(own[i], mildHalf[i], 1e-9);
            // outside: one standard deviation per degree beyond the coldest trained, at the steepest response learnt
            double beyond = (lowest + 15) * slope;
            assertEquals(Math.sqrt(own[i] * own[i] + beyond * beyond), snapHalf[i], 1e-9);
            assertTrue(snapHalf[i] > 10 * mildHalf[i], snapHalf[i] + " vs " + mildHalf[i]);
            // the point forecast still extrapolates the heating (the API caps it at what the machine can draw)
            assertTrue(atSnap.mean()[i] > atMild.mean()[i] + 20 * slope, atSnap.mean()[i] + " vs " + atMild.mean()[i]);
        }
        // a clock-only model has no range to leave
        Decomposition.Model clock = Decomposition.fit(Arrays.copyOf(t, train), Arrays.copyOf(load[1], train), BERLIN,
                Decomposition.Mode.ADDITIVE);
        assertNull(clock.temperatureRange());
        assertEquals(0, clock.extrapolationSpread(-15));
    }

    @Test
    void theIntervalFollowsEachHoursOwnSpreadAndStillCoversIt() {
        // a press on a 06-18 weekday shift whose running power varies by ±10 kW (σ); idle it draws 3 kW, ±0.2
        long[] t = hours(ZonedDateTime.of(2026, 2, 2, 0, 0, 0, 0, BERLIN).toInstant(), 8 * 168);
        Random r = new Random(7);
        double[] y = new double[t.length];
        boolean[] running = new boolean[t.length];
        for (int i = 0; i < t.length; i++) {
            ZonedDateTime local = Instant.ofEpochSecond(t[i]).atZone(BERLIN);
            running[i] = local.getDayOfWeek().getValue() <= 5 && local.getHour() >= 6 && local.getHour() < 18;
            y[i] = running[i] ? 80 + 10 * r.nextGaussian() : 3 + 0.2 * r.nextGaussian();
        }
        int train = 4 * 168;
        Decomposition.Model m = Decomposition.fit(Arrays.copyOf(t, train), Arrays.copyOf(y, train), BERLIN,
                Decomposition.Mode.ADDITIVE);
        long[] future = Arrays.copyOfRange(t, train, t.length);
        Decomposition.Model oneSpread = new Decomposition.Model(m.mode(), m.zone(), m.t0(), m.scale(), m.changepoints(),
                m.trend(), m.seasonal(), m.sigma(), m.trainingPoints(), m.weather(), null, null);
        double[] hourly = widthsAndCoverage(m.forecast(future, 0.95), y, train, running);
        double[] single = widthsAndCoverage(oneSpread.forecast(future, 0.95), y, train, running);
        // one spread for all hours: as wide on a quiet Sunday night (3 kW) as on a working morning, and the running
        // hours, which make nearly every error, covered less often
        assertTrue(hourly[1] < 0.5 * hourly[0], "idle " + hourly[1] + " kW wide, running " + hourly[0]);
        assertTrue(hourly[2] >= 0.88 && hourly[2] > single[2] + 0.08, "running hours covered " + hourly[2] + ", with one spread " + single[2]);
        assertTrue(hourly[3] >= 0.95, "idle hours covered " + hourly[3]);
        // the held-out floor follows the same hours
        double[] floor = m.spread(future, 10);
        assertTrue(floor[0] < 6 && floor[10] > 13, "Monday 00:00 " + floor[0] + ", 10:00 " + floor[10]);
    }

    /** Mean width of the running hours' and the idle hours' intervals, and the share of each covered. */
    private static double[] widthsAndCoverage(Forecast f, double[] y, int offset, boolean[] running) {
        double[] width = new double[2], in = new double[2], count = new double[2];
        for (int i = 0; i < f.steps(); i++) {
            int g = running[offset + i] ? 0 : 1;
            double v = y[offset + i];
            count[g]++;
            width[g] += f.upper()[i] - f.lower()[i];
            if (v >= f.lower()[i] && v <= f.upper()[i]) in[g]++;
        }
        return new double[]{width[0] / count[0], width[1] / count[1], in[0] / count[0], in[1] / count[1]};
    }
}
