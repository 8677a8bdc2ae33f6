package io.wattline.analytics.twin;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/** Where the score scale puts healthy and faulty seconds against the 0.65 cut-off, the tail fit, old artefacts. */
class ScoreCalibrationTest {
    private static final double CUT_OFF = TwinMonitor.HEALTHY_THRESHOLD;

    @Test
    void healthySecondsStayWellBelowTheCutOffWhileEveryFaultCrossesIt() {
        // the original scale (raw ÷ (1.5 × p99)) flagged about 3 % of these healthy seconds
        long healthy = 0, healthyAtCutOff = 0;
        List<String> missed = new ArrayList<>();
        for (long seed : new long[] {99, 2024, 20240601, 31337}) {
            MotorSimulator sim = new MotorSimulator(seed);
            AnomalyModel batch = new Calibrator().calibrate("Motor-01", sim, Calibrator.Progress.NONE, () -> false)
                    .models().batch();
            for (long s = 0; s < 2500; s++) { // held out: monitoring seconds, not the calibration burst
                healthy++;
                if (batch.score(BatchFeatures.of(sim.batch(s, null))) >= CUT_OFF) {
                    healthyAtCutOff++;
                }
            }
            for (FaultType t : FaultType.values()) {
                for (Severity sv : Severity.values()) {
                    Fault fault = new Fault(t, sv);
                    int seconds = 200, caught = 0;
                    for (long s = 0; s < seconds; s++) {
                        if (batch.score(BatchFeatures.of(sim.batch(10_000 + s, fault))) > CUT_OFF) {
                            caught++;
                        }
                    }
                    if (caught < 0.99 * seconds) {
                        missed.add(String.format(Locale.ROOT, "seed %d %s: %d/%d", seed, fault.label(), caught, seconds));
                    }
                }
            }
        }
        double share = (double) healthyAtCutOff / healthy;
        assertTrue(share < 0.01, String.format(Locale.ROOT, "healthy seconds at or above %.2f: %.2f %%", CUT_OFF, 100 * share));
        assertEquals(List.of(), missed, "fault cases caught in fewer than 99 % of seconds");
    }

    @Test
    void theCutOffSitsAtTheTailFitOfTheTrainingScores() {
        Calibrator.Result cal = new Calibrator().calibrate("Motor-01", new MotorSimulator(5), Calibrator.Progress.NONE, () -> false);
        AnomalyModel batch = cal.models().batch();
        double[] raw = java.util.Arrays.stream(BatchFeatures.resampledRows(cal.samples(), 2000, 42)).mapToDouble(batch::raw).toArray();
        double alarm = ParetoTail.fit(raw, 0.10).orElseThrow().quantile(1e-3);
        assertEquals(alarm, batch.alarmRaw(), 1e-12);
        assertEquals(CUT_OFF, batch.calibrate(alarm), 1e-12);
        assertEquals(alarm / CUT_OFF, batch.scoreScale(), 1e-12);
        assertTrue(alarm > batch.threshold(), alarm + " vs p99 " + batch.threshold());
        assertEquals(1.0, batch.calibrate(2 * alarm));
        assertEquals(0.0, batch.calibrate(-1));
    }

    @Test
    void tooFewTrainingRowsForATailFitUseTheEmpiricalQuantile() {
        Sample[] samples = new MotorSimulator(3).calibration(1000);
        // the original's 10 non-overlapping windows: no tail to fit, the quantile is about their maximum
        double[][] rows = BatchFeatures.trainingRows(samples, 100);
        AnomalyModel m = AnomalyModel.train(BatchFeatures.NAMES, rows, new ForestConfig(50, 256, 0, 0, 0.05, 1));
        double[] raw = java.util.Arrays.stream(rows).mapToDouble(m::raw).toArray();
        assertEquals(AnomalyModel.percentile(raw, 99.9), m.alarmRaw(), 1e-12);
    }

    @Test
    void aUniformSampleHasTheTailOfAUniform() {
        // exceedances of U(0, 1) over 0.9 are U(0, 0.1): GPD with ξ = −1, β = 0.1, and q(1e-3) = 0.999
        double[] u = new double[10_000];
        for (int i = 0; i < u.length; i++) {
            u[i] = (i + 0.5) / u.length;
        }
        ParetoTail t = ParetoTail.fit(u, 0.10).orElseThrow();
        assertEquals(-1.0, t.shape(), 0.01);
        assertEquals(0.1, t.scale(), 0.001);
        assertEquals(0.1, t.tailShare(), 1e-3);
        assertEquals(0.999, t.quantile(1e-3), 1e-4);
    }

    @Test
    void anExponentialSampleExtrapolatesBeyondItsLargestValue() {
        // Exp(1): ξ = 0, β = 1; q(1e-5) = ln(1e5) ≈ 11.5, beyond the largest of 10,000 values (≈ 9.9)
        double[] x = new double[10_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = -Math.log(1 - (i + 0.5) / x.length);
        }
        ParetoTail t = ParetoTail.fit(x, 0.05).orElseThrow();
        assertEquals(0.0, t.shape(), 0.05);
        assertEquals(1.0, t.scale(), 0.05);
        assertEquals(Math.log(1e5), t.quantile(1e-5), 0.3);
        assertTrue(t.quantile(1e-5) > x[x.length - 1]);
    }

    @Test
    void aTailNeedsTwentyVaryingExceedances() {
        double[] few = new double[150]; // 10 % of 150: 15 values above the 90th percentile
        for (int i = 0; i < few.length; i++) {
            few[i] = i;
        }
        assertTrue(ParetoTail.fit(few, 0.10).isEmpty());
        double[] flat = new double[1000];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i < 800 ? 0 : i < 880 ? 1 : 2; // 120 exceedances, all the same
        }
        assertTrue(ParetoTail.fit(flat, 0.10).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ParetoTail.fit(few, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new ParetoTail(0, 0, 1, 0.1).quantile(0));
    }

    @Test
    void anArtefactStoredBeforeTheScoreScaleLoadsWithTheScaleItWasTrainedWith() throws IOException {
        // written by ModelCodec at commit d9e227f (before AnomalyModel had a scoreScale): a calibration of
        // MotorSimulator(7) with 4-tree forests (ψ = 16) on 40 resampled windows per model, to keep it small
        byte[] old;
        try (InputStream in = ScoreCalibrationTest.class.getResourceAsStream("models-d9e227f.bin")) {
            old = in.readAllBytes();
        }
        TwinModels models = ModelCodec.fromBytes(old);
        AnomalyModel batch = models.batch(), legacy = models.legacy();
        assertEquals(0.6801469219408327, batch.threshold(), 0.0);
        assertEquals(1.5 * batch.threshold(), batch.scoreScale(), 0.0);
        assertEquals(1.5 * legacy.threshold(), legacy.scoreScale(), 0.0);
        assertEquals(0.5976280639982086, legacy.contaminationCut(), 0.0);
        double[] probe = BatchFeatures.of(new MotorSimulator(7).batch(3, new Fault(FaultType.JITTER, Severity.MILD)));
        // what the build that wrote it answered
        assertEquals(0.6422000682077877, batch.raw(probe), 0.0);
        assertEquals(0.6294719052517244, batch.score(probe), 1e-15);
        // and written again, it keeps that scale
        assertEquals(batch.scoreScale(), ModelCodec.fromBytes(ModelCodec.toBytes(models)).batch().scoreScale(), 0.0);
    }

    @Test
    void aScoreScaleMustBePositive() {
        double[][] rows = BatchFeatures.resampledRows(new MotorSimulator(1).calibration(1000), 50, 1);
        AnomalyModel m = AnomalyModel.train(BatchFeatures.NAMES, rows, new ForestConfig(5, 32, 0, 0, 0.05, 1));
        assertThrows(IllegalArgumentException.class, () -> m.withScoreScale(-1));
        assertThrows(IllegalArgumentException.class, () -> m.withScoreScale(Double.NaN));
        assertEquals(1.5 * m.threshold(), m.withScoreScale(AnomalyModel.originalScoreScale(m.threshold())).scoreScale(), 0.0);
    }
}
