package io.wattline.analytics.baseline;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineTrainerTest {

    /** energy = 3 + 2·production − 0.5·temperature + small noise; a third driver that is pure noise. */
    static double[][] x(int n, SplittableRandom r) {
        double[][] x = new double[n][3];
        for (int i = 0; i < n; i++) {
            x[i][0] = 10 + 40 * r.nextDouble();
            x[i][1] = 5 + 25 * r.nextDouble();
            x[i][2] = r.nextGaussian();
        }
        return x;
    }

    @Test
    void recoversAKnownRegressionAndScoresTheHeldOutTail() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 500;
        double[][] x = x(n, r);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 3 + 2 * x[i][0] - 0.5 * x[i][1] + 0.5 * r.nextGaussian();
        BaselineFit fit = BaselineTrainer.fit(List.of("production_count", "outdoor_temperature_c", "noise"), x, y,
                BaselineModel.Granularity.HOURLY);

        assertEquals(3, fit.model().intercept(), 0.3);
        assertEquals(2, fit.coefficients().get("production_count"), 0.01);
        assertEquals(-0.5, fit.coefficients().get("outdoor_temperature_c"), 0.01);
        assertEquals(0, fit.coefficients().get("noise"), 0.1);
        assertEquals(400, fit.trainingSamples(), "fitted on the first 80 %");
        assertEquals(100, fit.heldOut().samples());
        assertTrue(fit.heldOut().rSquared() > 0.99, "held-out R² " + fit.heldOut().rSquared());
        assertEquals(0.5, fit.heldOut().rmse(), 0.1);
        assertEquals(0.5 * Math.sqrt(2 / Math.PI), fit.heldOut().mae(), 0.08);
        // the two real drivers are significant, the noise driver is not (and EnPI says so)
        assertTrue(fit.driverPValues().get("production_count") < 1e-10);
        assertTrue(fit.driverPValues().get("outdoor_temperature_c") < 1e-10);
        assertTrue(fit.driverPValues().get("noise") > 0.01);
        assertTrue(fit.fTestPValue() < 1e-10);
        assertTrue(fit.g14Pass());
        // importance: |coef| × sd — production (2 × 11.5) far above temperature (0.5 × 7.2)
        assertTrue(fit.featureImportance().get("production_count") > 0.8);
        assertEquals(1, fit.featureImportance().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        String said = fit.explanation("Compressor-1");
        assertTrue(said.startsWith("The baseline for Compressor-1 explains 100 percent"), said);
        assertTrue(said.contains("strongest driver is production count"), said);
    }

    @Test
    void theFormulasVarianceIsOrdinaryLeastSquaresOwn() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 300;
        double[][] x = x(n, r);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 3 + 2 * x[i][0] - 0.5 * x[i][1] + 2 * r.nextGaussian();
        List<String> drivers = List.of("production_count", "outdoor_temperature_c", "noise");
        BaselineModel model = BaselineTrainer.fit(drivers, x, y, BaselineModel.Granularity.HOURLY).model();
        // the reference: Smile's standard errors of the same fit on the same 240 training samples
        int train = BaselineTrainer.trainingSize(n);
        double[][] rows = new double[train][4];
        for (int i = 0; i < train; i++) {
            System.arraycopy(x[i], 0, rows[i], 0, 3);
            rows[i][3] = y[i];
        }
        double[][] t = smile.regression.OLS.fit(smile.data.formula.Formula.lhs("energy"), smile.data.DataFrame.of(rows,
                "production_count", "outdoor_temperature_c", "noise", "energy")).ttest();
        // at x = 0 the formula is the intercept: its variance is the intercept's squared standard error
        assertEquals(t[0][1] * t[0][1], model.meanVariance(new double[3]), 1e-9 * t[0][1] * t[0][1]);
        BaselineModel.Spread s = model.spread();
        for (int j = 0; j < 3; j++) {
            assertEquals(t[j + 1][1] * t[j + 1][1], s.residualVariance() * s.inverseScatter()[j][j], 1e-9 * t[j + 1][1] * t[j + 1][1]);
        }
        // at the drivers' means it is s²/n; a hundred times farther out than the data, far larger
        assertEquals(s.residualVariance() / train, model.meanVariance(s.means()), 1e-12);
        double[] far = {s.means()[0] + 4_000, s.means()[1], s.means()[2]};
        assertTrue(model.meanVariance(far) > 1_000 * model.meanVariance(s.means()), "grows beyond the data");
    }

    @Test
    void aDriverThatAddsNothingFailsTheEnpiChecks() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 80;
        double[][] x = x(n, r);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 50 + 5 * r.nextGaussian(); // energy unrelated to every driver
        BaselineFit fit = BaselineTrainer.fit(List.of("a", "b", "c"), x, y, BaselineModel.Granularity.HOURLY);
        assertFalse(fit.enpi().valid());
        assertFalse(fit.enpi().rSquaredOk());
        assertTrue(fit.heldOut().rSquared() < 0.3);
    }

    @Test
    void fewerThanFiftySamplesIsRefusedSayingHowMany() {
        double[][] x = x(49, new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BaselineTrainer.fit(List.of("a", "b", "c"), x, new double[49], BaselineModel.Granularity.HOURLY));
        assertEquals("Not enough data to train a baseline: 49 samples, at least 50 needed", e.getMessage());
    }

    @Test
    void aConstantDriverIsNamed() {
        double[][] x = x(60, new SplittableRandom(1));
        for (double[] row : x) row[1] = 4;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BaselineTrainer.fit(List.of("a", "b", "c"), x, new double[60], BaselineModel.Granularity.HOURLY));
        assertTrue(e.getMessage().startsWith("Driver b does not vary"), e.getMessage());
    }
}
