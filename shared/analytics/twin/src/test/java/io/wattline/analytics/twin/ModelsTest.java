package io.wattline.analytics.twin;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Calibration, both Isolation Forests, score calibration and the artefact round trip. */
class ModelsTest {
    private static MotorSimulator sim;
    private static Calibrator.Result result;
    private static List<String> progress;

    @BeforeAll
    static void calibrate() {
        sim = new MotorSimulator(20240601);
        progress = new ArrayList<>();
        result = new Calibrator().calibrate("Motor-01", sim, progress::add, () -> false);
    }

    @Test
    void calibrationReportsTheSeedsPhasesInOrder() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i += 100) {
            expected.add("Generating training data... " + i + "/1000");
        }
        expected.addAll(List.of("Building baseline profile from 1,000 samples...",
                "Training anomaly model on 1,000 samples...",
                "Training batch-feature model (16-D statistical features)...",
                "Calibration complete. Trained on 1000 samples."));
        assertEquals(expected, progress);
        assertEquals(1000, result.samples().length);
        assertEquals(1000, result.models().trainingSamples());
        assertEquals(100, Calibrator.storedPoints(result.samples()).length);
        assertEquals(result.samples()[10], Calibrator.storedPoints(result.samples())[1]);
    }

    @Test
    void calibrationCanBeCancelledBetweenPhases() {
        List<String> seen = new ArrayList<>();
        CancellationException e = assertThrows(CancellationException.class,
                () -> new Calibrator().calibrate("m", sim, seen::add, () -> seen.size() >= 11));
        assertEquals("Calibration cancelled.", e.getMessage());
        assertEquals("Building baseline profile from 1,000 samples...", seen.getLast());
    }

    @Test
    void profileComesFromTheCalibrationSamples() {
        BaselineProfile p = result.models().profile();
        assertEquals(BaselineProfile.of(result.samples()), p);
        assertEquals(230, p.signal(Sample.Signal.VOLTAGE).mean(), 0.2);
        assertEquals(2, p.signal(Sample.Signal.VOLTAGE).std(), 0.15);
        assertEquals(p.signal(Sample.Signal.VOLTAGE).mean() + 3 * p.signal(Sample.Signal.VOLTAGE).std(),
                p.signal(Sample.Signal.VOLTAGE).upper3Sigma(), 1e-9);
    }

    @Test
    void modelsHaveTheSpecsShape() {
        AnomalyModel legacy = result.models().legacy(), batch = result.models().batch();
        assertEquals(100, legacy.forest().size());
        assertEquals(150, batch.forest().size());
        assertEquals(LegacyFeatures.NAMES, legacy.featureNames());
        assertEquals(BatchFeatures.NAMES, batch.featureNames());
        assertEquals(2000, legacy.trainingRows());
        assertEquals(2000, batch.trainingRows());
        assertEquals(0.05, batch.config().contamination());
        assertEquals(42, batch.config().seed());
    }

    @Test
    void thresholdIsThe99thPercentileOfTheTrainingScores() {
        double[][] rows = BatchFeatures.resampledRows(result.samples(), 2000, 42);
        AnomalyModel batch = result.models().batch();
        double[] raw = Arrays.stream(rows).mapToDouble(batch::raw).toArray();
        assertEquals(AnomalyModel.percentile(raw, 99), batch.threshold(), 1e-12);
        long above = Arrays.stream(raw).filter(r -> r > batch.threshold()).count();
        assertEquals(20, above, 1); // 1 % of 2,000
        long outliers = Arrays.stream(rows).filter(batch::outlier).count();
        assertEquals(100, outliers, 1); // contamination 0.05
        // score = clip(raw ÷ scoreScale, 0, 1), 0.65 at the tail fit's 1-in-1,000 raw score (ScoreCalibrationTest)
        assertEquals(AnomalyModel.estimateAlarmRaw(raw) / 0.65, batch.scoreScale(), 1e-12);
        assertEquals(0.5, batch.calibrate(0.5 * batch.scoreScale()), 1e-12);
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] v = {1, 2, 3, 4, 5};
        assertEquals(3.0, AnomalyModel.percentile(v, 50));
        assertEquals(4.96, AnomalyModel.percentile(v, 99), 1e-12);
        assertEquals(1.0, AnomalyModel.percentile(v, 0));
    }

    @Test
    void trainingIsDeterministicForASeed() {
        double[][] rows = BatchFeatures.resampledRows(result.samples(), 300, 5);
        ForestConfig c = new ForestConfig(50, 128, 0, 0, 0.05, 11);
        AnomalyModel a = AnomalyModel.train(BatchFeatures.NAMES, rows, c);
        // disturb Smile's shared random state in between
        smile.stat.distribution.GaussianDistribution.getInstance().rand();
        smile.math.MathEx.setSeed(999);
        AnomalyModel b = AnomalyModel.train(BatchFeatures.NAMES, rows, c);
        AnomalyModel other = AnomalyModel.train(BatchFeatures.NAMES, rows, c.withSeed(12));
        double[] probe = BatchFeatures.of(sim.batch(3, new Fault(FaultType.JITTER, Severity.MILD)));
        assertEquals(a.threshold(), b.threshold(), 0.0);
        assertEquals(a.raw(probe), b.raw(probe), 0.0);
        for (double[] r : rows) {
            assertEquals(a.raw(r), b.raw(r), 0.0);
        }
        assertNotEquals(a.raw(probe), other.raw(probe));
        // and a whole calibration too
        Calibrator.Result again = new Calibrator().calibrate("Motor-01", new MotorSimulator(20240601), Calibrator.Progress.NONE, () -> false);
        assertArrayEquals(ModelCodec.toBytes(result.models()), ModelCodec.toBytes(again.models()));
    }

    @Test
    void batchModelSeparatesHealthyFromSevereAndJitter() {
        AnomalyModel batch = result.models().batch();
        int healthyFlagged = 0;
        for (int s = 0; s < 300; s++) {
            if (batch.score(BatchFeatures.of(sim.batch(s, null))) > 0.65) {
                healthyFlagged++;
            }
        }
        assertTrue(healthyFlagged < 300 * 0.06, "healthy seconds flagged: " + healthyFlagged);
        for (FaultType t : FaultType.values()) {
            for (Severity sv : List.of(Severity.MEDIUM, Severity.SEVERE)) {
                for (int s = 0; s < 30; s++) {
                    double score = batch.score(BatchFeatures.of(sim.batch(s, new Fault(t, sv))));
                    assertTrue(score > 0.65, t + " " + sv + " second " + s + " scored " + score);
                }
            }
        }
    }

    @Test
    void modelsRoundTripThroughBytes() {
        byte[] bytes = ModelCodec.toBytes(result.models());
        TwinModels back = ModelCodec.fromBytes(bytes);
        assertEquals(result.models().assetId(), back.assetId());
        assertEquals(result.models().profile(), back.profile());
        assertEquals(result.models().batch().threshold(), back.batch().threshold(), 0.0);
        assertEquals(result.models().batch().scoreScale(), back.batch().scoreScale(), 0.0);
        assertEquals(result.models().legacy().scoreScale(), back.legacy().scoreScale(), 0.0);
        assertEquals(result.models().legacy().contaminationCut(), back.legacy().contaminationCut(), 0.0);
        for (int s = 0; s < 50; s++) {
            Sample[] b = sim.batch(s, s % 2 == 0 ? null : new Fault(FaultType.DRIFT, Severity.MILD));
            double[] f = BatchFeatures.of(b);
            assertEquals(result.models().batch().raw(f), back.batch().raw(f), 0.0);
            double[] l = LegacyFeatures.of(Arrays.copyOfRange(result.samples(), s, s + 60));
            assertEquals(result.models().legacy().raw(l), back.legacy().raw(l), 0.0);
        }
        assertTrue(bytes.length < 20 << 20, "artefact of " + bytes.length + " bytes");
    }

    @Test
    void codecRefusesWhatIsNotAnArtefact() {
        assertThrows(IllegalArgumentException.class, () -> ModelCodec.fromBytes(new byte[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> ModelCodec.fromBytes("{\"json\":true}".getBytes()));
        byte[] good = ModelCodec.toBytes(result.models());
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        assertThrows(IllegalArgumentException.class, () -> ModelCodec.fromBytes(truncated));
    }

    @Test
    void codecRejectsClassesOutsideTheAllowList() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(bytes);
        header.writeInt(0x57_54_57_4E);
        header.writeInt(1);
        header.flush();
        try (ObjectOutputStream out = new ObjectOutputStream(new GZIPOutputStream(bytes))) {
            out.writeObject(new HashMap<>(java.util.Map.of("a", 1)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelCodec.fromBytes(bytes.toByteArray()));
        assertTrue(e.getMessage().contains("filter") || e.getMessage().contains("REJECTED"), e.getMessage());
    }
}
