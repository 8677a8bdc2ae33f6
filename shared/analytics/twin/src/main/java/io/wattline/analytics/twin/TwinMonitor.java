package io.wattline.analytics.twin;

import java.util.ArrayList;
import java.util.List;

/**
 * One simulated second of monitoring, as pure computation: the simulator's batch of 100 samples
 * (healthy, or with the injected fault), the batch model's score and verdict, the legacy model's
 * verdict on the 1 Hz reading (the batch's first sample) over its trailing window, the validation
 * counts and the degradation. The same state and models always give the same second.
 */
public final class TwinMonitor {
    /** A batch is anomalous above this score while monitoring healthy. */
    public static final double HEALTHY_THRESHOLD = 0.65;
    /** … and above this one during fault injection. */
    public static final double INJECTION_THRESHOLD = 0.5;

    /**
     * The outcome of one second.
     *
     * @param second        the simulated second
     * @param batch         its 100 samples, 10 ms apart
     * @param faultInjected whether a fault was injected
     * @param rawScore      the batch model's raw score
     * @param score         its calibrated score
     * @param anomalous     the batch verdict (score above the state's threshold)
     * @param legacyScore   the legacy model's calibrated score
     * @param legacyAnomalous the legacy verdict (its contamination label)
     * @param events        degradation and status events
     */
    public record Second(long second, Sample[] batch, boolean faultInjected, double rawScore, double score,
                         boolean anomalous, double legacyScore, boolean legacyAnomalous, List<TwinEvent> events) {}

    /** A second and the state after it. */
    public record Step(Second second, MonitorState state) {}

    private final TwinModels models;
    private final MotorSimulator simulator;

    public TwinMonitor(TwinModels models, MotorSimulator simulator) {
        this.models = models;
        this.simulator = simulator;
    }

    public static double threshold(boolean faultInjected) {
        return faultInjected ? INJECTION_THRESHOLD : HEALTHY_THRESHOLD;
    }

    public Step step(MonitorState state) {
        long n = state.nextSecond();
        boolean injected = state.fault() != null;
        Sample[] batch = simulator.batch(n, state.fault());

        double raw = models.batch().raw(BatchFeatures.of(batch));
        double score = models.batch().calibrate(raw);
        boolean anomalous = score > threshold(injected);

        List<Sample> window = new ArrayList<>(LegacyFeatures.WINDOW);
        List<Sample> previous = state.legacyWindow();
        window.addAll(previous.subList(Math.max(0, previous.size() - LegacyFeatures.WINDOW + 1), previous.size()));
        window.add(batch[0]);
        double[] legacyFeatures = LegacyFeatures.of(window.toArray(Sample[]::new));
        double legacyRaw = models.legacy().raw(legacyFeatures);
        boolean legacyAnomalous = legacyRaw > models.legacy().contaminationCut();

        Degradation.Step d = state.degradation().advance(n, score, anomalous, 1.0);
        MonitorState next = new MonitorState(n + 1, state.fault(), window, d.next(),
                state.metrics().record(injected, anomalous));
        return new Step(new Second(n, batch, injected, raw, score, anomalous, models.legacy().calibrate(legacyRaw),
                legacyAnomalous, d.events()), next);
    }

    /** Advances {@code seconds} seconds, handing each to {@code sink}; returns the final state. */
    public MonitorState advance(MonitorState state, long seconds, java.util.function.Consumer<Second> sink) {
        MonitorState s = state;
        for (long i = 0; i < seconds; i++) {
            Step step = step(s);
            sink.accept(step.second());
            s = step.state();
        }
        return s;
    }
}
