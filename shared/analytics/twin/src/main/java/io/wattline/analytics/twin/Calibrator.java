package io.wattline.analytics.twin;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The five phases of {@code POST /system/calibrate}, as pure computation: generate the 1,000
 * healthy samples, build the baseline profile, train the legacy 1 Hz model and the batch 100 Hz
 * model. Progress is reported with the seed's messages; cancellation is checked between phases
 * and while generating.
 */
public final class Calibrator {
    public static final String MSG_BUILDING_PROFILE = "Building baseline profile from 1,000 samples...";
    public static final String MSG_TRAINING_LEGACY = "Training anomaly model on 1,000 samples...";
    public static final String MSG_TRAINING_BATCH = "Training batch-feature model (16-D statistical features)...";

    /** Receives the progress messages of the seed's table, in order. */
    @FunctionalInterface
    public interface Progress {
        void report(String message);

        Progress NONE = m -> { };
    }

    /** A finished calibration: the samples it generated and the models. */
    public record Result(Sample[] samples, TwinModels models) {}

    private final TwinModelConfig config;

    public Calibrator(TwinModelConfig config) {
        this.config = config;
    }

    public Calibrator() {
        this(TwinModelConfig.defaults());
    }

    public static String generatingMessage(int done, int total) {
        return "Generating training data... " + done + "/" + total;
    }

    public static String completeMessage(int samples) {
        return "Calibration complete. Trained on " + samples + " samples.";
    }

    /**
     * Runs all phases.
     *
     * @throws CancellationException when {@code cancelled} turns true
     */
    public Result calibrate(String assetId, MotorSimulator simulator, Progress progress, BooleanSupplier cancelled) {
        int n = MotorSimulator.CALIBRATION_SAMPLES;
        Sample[] all = simulator.calibration(n);
        Sample[] samples = new Sample[n];
        for (int done = 0; done < n; done += 100) { // generation is reported per 100 samples, as the seed shows
            check(cancelled);
            progress.report(generatingMessage(done, n));
            System.arraycopy(all, done, samples, done, Math.min(100, n - done));
        }
        check(cancelled);
        progress.report(MSG_BUILDING_PROFILE);
        BaselineProfile profile = BaselineProfile.of(samples);

        check(cancelled);
        progress.report(MSG_TRAINING_LEGACY);
        double[][] legacyRows = config.legacyResampled() > 0
                ? LegacyFeatures.resampledRows(samples, config.legacyResampled(), config.legacy().seed())
                : LegacyFeatures.trainingRows(samples);
        AnomalyModel legacy = AnomalyModel.train(LegacyFeatures.NAMES, legacyRows, config.legacy());

        check(cancelled);
        progress.report(MSG_TRAINING_BATCH);
        double[][] windows = config.batchResampled() > 0
                ? BatchFeatures.resampledRows(samples, config.batchResampled(), config.batch().seed())
                : BatchFeatures.trainingRows(samples, config.batchStride());
        AnomalyModel batch = AnomalyModel.train(BatchFeatures.NAMES, windows, config.batch());

        check(cancelled);
        progress.report(completeMessage(n));
        return new Result(samples, new TwinModels(assetId, n, profile, legacy, batch));
    }

    /** Every 10th sample: the 100 calibration points the store keeps. */
    public static Sample[] storedPoints(Sample[] samples) {
        return java.util.stream.IntStream.range(0, samples.length).filter(i -> i % 10 == 0)
                .mapToObj(i -> samples[i]).toArray(Sample[]::new);
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("Calibration cancelled.");
        }
    }
}
