package io.wattline.analytics.forecast;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ArimaTest {
    /** y_t = φ y_{t−1} + e_t + θ e_{t−1} (+ level), Gaussian innovations with the given sd. */
    static double[] arma(double phi, double theta, double sd, int n, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n + 200];
        double prevE = 0;
        for (int t = 1; t < y.length; t++) {
            double e = sd * r.nextGaussian();
            y[t] = phi * y[t - 1] + e + theta * prevE;
            prevE = e;
        }
        return Arrays.copyOfRange(y, 200, y.length);
    }

    @Test
    void recoversArCoefficient() {
        double[] y = arma(0.6, 0, 1, 4000, 1);
        for (int i = 0; i < y.length; i++) y[i] += 50;
        Arima.Model m = Arima.fit(y, Arima.Order.of(1, 0, 0));
        assertEquals(0.6, m.ar()[0], 0.04);
        assertEquals(50, m.mean(), 0.3);
        assertEquals(1.0, m.sigma2(), 0.08);
    }

    @Test
    void recoversAr2AndArmaCoefficients() {
        // AR(2): y = 0.5 y1 + 0.3 y2 + e, simulated directly
        Random r = new Random(7);
        double[] y = new double[5000];
        for (int t = 2; t < y.length; t++) y[t] = 0.5 * y[t - 1] + 0.3 * y[t - 2] + r.nextGaussian();
        Arima.Model ar2 = Arima.fit(y, Arima.Order.of(2, 0, 0));
        assertEquals(0.5, ar2.ar()[0], 0.05);
        assertEquals(0.3, ar2.ar()[1], 0.05);

        Arima.Model arma = Arima.fit(arma(0.5, 0.4, 2, 5000, 3), Arima.Order.of(1, 0, 1));
        assertEquals(0.5, arma.ar()[0], 0.06);
        assertEquals(0.4, arma.ma()[0], 0.06);
        assertEquals(4.0, arma.sigma2(), 0.3);
    }

    @Test
    void integratedSeriesRecoversItsDifferencedArma() {
        double[] w = arma(0.4, 0, 1, 3000, 11);
        double[] y = new double[w.length];
        for (int t = 1; t < y.length; t++) y[t] = y[t - 1] + w[t];
        Arima.Model m = Arima.fit(y, Arima.Order.of(1, 1, 0));
        assertEquals(0.4, m.ar()[0], 0.05);
        // a random walk's h-step interval widens with h
        Forecast f = m.forecast(48, 0.95);
        assertTrue(f.upper()[47] - f.lower()[47] > 3 * (f.upper()[0] - f.lower()[0]));
    }

    @Test
    void intervalsCoverTheirConfidenceOnSimulatedData() {
        int inside = 0, total = 0;
        for (int run = 0; run < 60; run++) {
            double[] y = arma(0.7, 0, 1, 600, 100 + run);
            Arima.Model m = Arima.fit(Arrays.copyOf(y, 590), Arima.Order.of(1, 0, 0));
            Forecast f = m.forecast(10, 0.95);
            for (int h = 0; h < 10; h++) {
                if (y[590 + h] >= f.lower()[h] && y[590 + h] <= f.upper()[h]) inside++;
                total++;
            }
        }
        double coverage = (double) inside / total;
        assertTrue(coverage > 0.90 && coverage < 0.99, "coverage " + coverage);
    }

    /** Five weeks of an hourly load: a shift 06-18 on weekdays, idle weekends, noise. */
    static double[] hourlyLoad(int hours, long seed) {
        Random r = new Random(seed);
        double[] y = new double[hours];
        for (int t = 0; t < hours; t++) {
            int hour = t % 24, day = (t / 24) % 7;
            boolean working = day < 5 && hour >= 6 && hour < 18;
            y[t] = (working ? 80 : 12) + 10 * Math.sin(2 * Math.PI * hour / 24) + 3 * r.nextGaussian();
        }
        return y;
    }

    @Test
    void seasonalOrderKeepsTheDayThatAPlainArimaFlattens() {
        double[] y = hourlyLoad(6 * 168, 5);
        double[] train = Arrays.copyOf(y, 5 * 168), actual = Arrays.copyOfRange(y, 5 * 168, 6 * 168);
        Arima.Order seasonal = Arima.Order.withSeason(1, 1, 1, 24, train.length);
        assertEquals(168, seasonal.period());
        Accuracy withSeason = Accuracy.of(actual, Arima.fit(train, seasonal).forecast(168, 0.95));
        Accuracy plain = Accuracy.of(actual, Arima.fit(train, Arima.Order.of(1, 1, 1)).forecast(168, 0.95));
        double[] lastWeek = Arrays.copyOfRange(train, train.length - 168, train.length);
        Accuracy naive = Accuracy.of(actual, new Forecast(lastWeek, lastWeek, lastWeek, 0.95));
        // noise sd 3: seasonal naive errs by about 3·√2; the seasonal MA averages past weeks and does better
        assertTrue(withSeason.rmse() < 0.9 * naive.rmse(), "seasonal " + withSeason.rmse() + " vs naive " + naive.rmse());
        assertTrue(plain.rmse() > 4 * withSeason.rmse(), "plain " + plain.rmse() + " vs seasonal " + withSeason.rmse());
        assertTrue(withSeason.coverage() > 0.85, "coverage " + withSeason.coverage());
    }

    @Test
    void theAddedSeasonalDifferenceCountsTowardD() {
        assertEquals(new Arima.Order(1, 0, 1, 0, 1, 1, 168), Arima.Order.withSeason(1, 1, 1, 24, 5 * 168));
        assertEquals(new Arima.Order(2, 1, 0, 0, 1, 1, 168), Arima.Order.withSeason(2, 2, 0, 24, 5 * 168));
        assertEquals(new Arima.Order(1, 0, 1, 0, 1, 1, 168), Arima.Order.withSeason(1, 0, 1, 24, 5 * 168));
        assertEquals(new Arima.Order(1, 0, 1, 0, 1, 1, 24), Arima.Order.withSeason(1, 1, 1, 24, 300));
        // a weekly load with persistent (AR) noise: differenced once more, the forecast follows the last hours'
        // week-on-week change and its interval keeps widening; the seasonal difference alone keeps both in bounds
        double[] y = hourlyLoad(6 * 168, 11);
        java.util.Random r = new java.util.Random(3);
        double ar = 0;
        for (int i = 0; i < y.length; i++) {
            ar = 0.8 * ar + 2 * r.nextGaussian();
            y[i] += ar;
        }
        double[] train = Arrays.copyOf(y, 5 * 168), actual = Arrays.copyOfRange(y, 5 * 168, 6 * 168);
        Forecast counted = Arima.fit(train, Arima.Order.withSeason(1, 1, 1, 24, train.length)).forecast(168, 0.95);
        Forecast twice = Arima.fit(train, new Arima.Order(1, 1, 1, 0, 1, 1, 168)).forecast(168, 0.95);
        double countedGrowth = width(counted, 167) / width(counted, 23), twiceGrowth = width(twice, 167) / width(twice, 23);
        assertTrue(countedGrowth < 1.5, "interval from day 1 to day 7 grew " + countedGrowth + "x");
        assertTrue(twiceGrowth > 1.5 * countedGrowth, "twice differenced grew " + twiceGrowth + "x");
        Accuracy a = Accuracy.of(actual, counted);
        assertTrue(a.coverage() >= 0.85 && a.coverage() <= 1.0, "coverage " + a.coverage());
    }

    private static double width(Forecast f, int step) {
        return f.upper()[step] - f.lower()[step];
    }

    @Test
    void shortHistoryFallsBackToTheDailySeasonAndStatesItsNeed() {
        Arima.Order o = Arima.Order.withSeason(1, 1, 1, 24, 300);
        assertEquals(24, o.period());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Arima.fit(new double[50], o));
        assertTrue(e.getMessage().contains("need at least " + o.minimumHistory()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Arima.Order.of(6, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Arima.Order.of(1, 3, 1));
    }

    @Test
    void normalQuantiles() {
        assertEquals(1.959964, Normal.quantile(0.975), 1e-6);
        assertEquals(-2.326348, Normal.quantile(0.01), 1e-6);
        assertEquals(0, Normal.quantile(0.5), 1e-9);
        assertEquals(1.644854, Normal.quantile(0.95), 1e-6);
    }

    @Test
    void givenTheInstantsTheIntervalFollowsEachHoursOwnSpread() {
        // a press on a 06-18 weekday shift whose running power varies by ±10 kW; idle it draws 3 kW, ±0.2
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        long start = java.time.ZonedDateTime.of(2026, 2, 2, 0, 0, 0, 0, berlin).toEpochSecond();
        int n = 8 * 168, train = 5 * 168;
        long[] t = new long[n];
        double[] y = new double[n];
        boolean[] running = new boolean[n];
        Random r = new Random(11);
        for (int i = 0; i < n; i++) {
            t[i] = start + 3600L * i;
            java.time.ZonedDateTime local = java.time.Instant.ofEpochSecond(t[i]).atZone(berlin);
            running[i] = local.getDayOfWeek().getValue() <= 5 && local.getHour() >= 6 && local.getHour() < 18;
            y[i] = running[i] ? 80 + 10 * r.nextGaussian() : 3 + 0.2 * r.nextGaussian();
        }
        Arima.Order order = Arima.Order.withSeason(1, 1, 1, 24, train);
        long[] future = Arrays.copyOfRange(t, train, train + 168);
        Forecast hourly = Arima.fit(Arrays.copyOf(y, train), order, Arrays.copyOf(t, train), berlin).forecast(future, berlin, 0.95);
        Forecast single = Arima.fit(Arrays.copyOf(y, train), order).forecast(168, 0.95);
        assertArrayEquals(single.mean(), hourly.mean(), 1e-9); // the point forecast does not change
        double[] widthHourly = new double[2], widthSingle = new double[2], inHourly = new double[2], inSingle = new double[2], count = new double[2];
        for (int h = 0; h < 168; h++) {
            int g = running[train + h] ? 0 : 1;
            double v = y[train + h];
            count[g]++;
            widthHourly[g] += hourly.upper()[h] - hourly.lower()[h];
            widthSingle[g] += single.upper()[h] - single.lower()[h];
            if (v >= hourly.lower()[h] && v <= hourly.upper()[h]) inHourly[g]++;
            if (v >= single.lower()[h] && v <= single.upper()[h]) inSingle[g]++;
        }
        assertTrue(widthHourly[1] < 0.7 * widthSingle[1], "idle hours " + widthHourly[1] / count[1] + " kW wide, one spread "
                + widthSingle[1] / count[1]);
        assertTrue(inHourly[0] / count[0] >= 0.9 && inHourly[0] >= inSingle[0], "running hours covered " + inHourly[0] + " of "
                + count[0] + ", with one spread " + inSingle[0]);
        assertTrue(inHourly[1] / count[1] >= 0.95, "idle hours covered " + inHourly[1] + " of " + count[1]);
    }
}
