package io.wattline.anomaly;

import io.wattline.analytics.baseline.Accuracy;
import io.wattline.analytics.baseline.AnomalyRules;
import io.wattline.domain.DomainException;
import io.wattline.domain.Machine;
import io.wattline.jobs.TaskSubmitter;
import io.wattline.lifecycle.Drift;
import io.wattline.lifecycle.Evaluation;
import io.wattline.lifecycle.ModelLifecycle;
import io.wattline.lifecycle.ModelTypes;
import io.wattline.lifecycle.PerformanceAlert;
import io.wattline.lifecycle.TrainingJob;
import io.wattline.store.ModelRegistry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Seed 001's model-performance API over {@link ModelLifecycle}: retrain triggers (the training runs in the background
 * in the function that owns the model type), evaluation trends, drift checks and alerts. Baselines live here, so a
 * drift check of a {@code baseline} (or of the {@code anomaly} detector, whose model is the baseline: both share its
 * evaluations and alerts) evaluates the active baseline on the window; a forecast model is evaluated when it is
 * trained, so its drift check compares the evaluations recorded in the window with its first.
 */
public final class ModelPerformance {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelPerformance.class);
    /** The fewest buckets an evaluation window must hold. */
    static final int MIN_EVALUATION_BUCKETS = 24;

    private final AnomalyService anomalies;
    private final ModelLifecycle lifecycle;
    private final ModelRegistry registry;
    private final TaskSubmitter tasks;

    public ModelPerformance(AnomalyService anomalies, ModelLifecycle lifecycle, ModelRegistry registry, TaskSubmitter tasks) {
        this.anomalies = anomalies;
        this.lifecycle = lifecycle;
        this.registry = registry;
        this.tasks = tasks;
    }

    public ModelLifecycle lifecycle() {
        return lifecycle;
    }

    /** Where a type's evaluations and alerts are kept: the anomaly detector shares the baseline's. */
    static String stored(String modelType) {
        return ModelTypes.ANOMALY.equals(modelType) ? ModelTypes.BASELINE : modelType;
    }

    // ------------------------------------------------------------------ retraining

    public ModelLifecycle.Trigger trigger(String modelType, UUID machineId, String triggerType, String reason) {
        anomalies.machine(machineId);
        ModelLifecycle.Trigger t = lifecycle.trigger(stored(modelType), machineId, triggerType, reason);
        if (!t.triggered()) return t;
        try {
            tasks.submit(ModelTypes.function(modelType), ModelLifecycle.TRAIN_TASK, Map.of("job_id", t.job().jobId()));
        } catch (RuntimeException e) {
            // the invocation's error can name the account, a role or an endpoint: the log has it, the caller a sentence
            LOG.error("could not start the training {} of {}", t.job().jobId(), machineId, e);
            lifecycle.run(t.job().jobId(), j -> { throw new DomainException.Unavailable("could not start the training; trigger it again"); });
            throw new DomainException.Unavailable("The training could not be started; try again later");
        }
        return t;
    }

    /** The background training of a baseline: on the last {@link AnomalyService#TRAINING_DAYS} days, as the weekly job does. */
    public TrainingJob runTraining(String jobId) {
        return lifecycle.run(jobId, j -> {
            AnomalyService.Version v = anomalies.retrain(j.machineId(), anomalies.now());
            return new ModelLifecycle.Trained(v.version().version(), anomalies.machine(j.machineId()).name(), evaluation(v));
        });
    }

    /**
     * {@code baseline_retrain} under the training lock: each machine's retraining a training job of trigger
     * {@code scheduled} (its evaluation recorded by the job), so a retrain trigger for the machine meanwhile answers
     * "Training already in progress", and a machine whose triggered training is under way is left to it.
     */
    public AnomalyService.Retraining lockedRetraining() {
        return (machine, train) -> {
            ModelLifecycle.Trigger t = lifecycle.trigger(ModelTypes.BASELINE, machine.id(), "scheduled",
                    "Weekly baseline retraining (baseline_retrain)");
            if (!t.triggered()) throw new DomainException.Conflict("Training already in progress");
            AnomalyService.Version[] trained = new AnomalyService.Version[1];
            RuntimeException[] thrown = new RuntimeException[1];
            lifecycle.run(t.job().jobId(), j -> {
                try {
                    trained[0] = train.get();
                    return new ModelLifecycle.Trained(trained[0].version().version(), machine.name(), evaluation(trained[0]));
                } catch (RuntimeException e) {
                    thrown[0] = e; // the job fails with it; the run reports it as the direct path does
                    throw e;
                }
            });
            if (thrown[0] != null) throw thrown[0];
            if (trained[0] == null) throw new IllegalStateException("the training job " + t.job().jobId() + " did not run");
            return trained[0];
        };
    }

    /**
     * Records a baseline's training (from any route or job) as its evaluation, if it is the active version: a version
     * kept aside is no evaluation of the model in use (its R² 1.0 resolved the active version's alert and joined its
     * trend); it is recorded each time it is made active ({@link #recordActivation}).
     */
    public void recordTraining(AnomalyService.Version v) {
        if (!v.active()) return;
        lifecycle.record(ModelTypes.BASELINE, v.meta().machineId(), anomalies.machine(v.meta().machineId()).name(), evaluation(v));
    }

    /**
     * Records a kept version made active as an evaluation of the model now in use, dated at its activation (dated at its
     * training, it landed in the trend's past and resolved an alert before the alert was raised).
     */
    public void recordActivation(AnomalyService.Version v, Instant at) {
        lifecycle.record(ModelTypes.BASELINE, v.meta().machineId(), anomalies.machine(v.meta().machineId()).name(),
                evaluation(v, at));
    }

    static Evaluation evaluation(AnomalyService.Version v) {
        return evaluation(v, v.version().trainedAt());
    }

    private static Evaluation evaluation(AnomalyService.Version v, Instant at) {
        Accuracy a = v.meta().heldOut();
        return new Evaluation(at, v.version().version(), finite(a.rSquared()), finite(a.rmse()),
                finite(a.mae()), null, false, null, Evaluation.TRAINING);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    // ------------------------------------------------------------------ trend

    public record TrendReport(Machine machine, List<Evaluation> metrics, ModelLifecycle.Trend trend) {}

    public TrendReport trend(String modelType, UUID machineId, int days) {
        Machine m = anomalies.machine(machineId);
        List<Evaluation> all = lifecycle.evaluations(stored(modelType), machineId);
        if (all.isEmpty() && registry.active(registryType(modelType), machineId.toString()).isEmpty()) {
            throw DomainException.NotFound.notTrained();
        }
        Instant since = anomalies.now().minus(Duration.ofDays(days));
        List<Evaluation> recent = all.stream().filter(e -> !e.evaluationDate().isBefore(since)).toList();
        return new TrendReport(m, recent, ModelLifecycle.trend(recent));
    }

    /** The registry type of a model type's versions. */
    static String registryType(String modelType) {
        return ModelTypes.isForecast(modelType) ? modelType : AnomalyService.MODEL_TYPE;
    }

    // ------------------------------------------------------------------ drift

    public record DriftReport(Drift drift, Evaluation current, Evaluation first) {}

    public DriftReport drift(String modelType, UUID machineId, Instant start, Instant end) {
        return evaluate(modelType, machineId, start, end, Evaluation.DRIFT_CHECK);
    }

    /** The anomaly_detect run that evaluates every active baseline: the first after midnight UTC. */
    public static boolean evaluationRun(Instant scheduled) {
        return scheduled.atZone(ZoneOffset.UTC).getHour() == 0;
    }

    /**
     * The scheduled evaluation: each active baseline on the day before {@code end}, as a drift check recorded with
     * source {@code scheduled}, so that the trend gains a point a day and alerts rise without anyone asking. A
     * machine without a baseline, or with too little data that day (it did not run), is left out, and so is one
     * already evaluated so since {@code end}: a run triggered by hand before 01:00 UTC added a second point that day.
     *
     * @return the names of the machines evaluated, and of those whose evaluation failed (a store's error: the others
     *         are evaluated all the same)
     */
    public Evaluated evaluateBaselines(Instant end) {
        List<String> evaluated = new ArrayList<>(), failed = new ArrayList<>();
        String type = stored(ModelTypes.BASELINE);
        for (Machine m : anomalies.activeMachines()) {
            try {
                if (registry.active(AnomalyService.MODEL_TYPE, m.id().toString()).isEmpty()) continue;
                if (lifecycle.evaluations(type, m.id()).stream().anyMatch(e -> Evaluation.SCHEDULED.equals(e.source())
                        && !e.evaluationDate().isBefore(end))) {
                    continue;
                }
                evaluate(ModelTypes.BASELINE, m.id(), end.minus(Duration.ofDays(1)), end, Evaluation.SCHEDULED);
                evaluated.add(m.name());
            } catch (DomainException.InvalidInput nothingToEvaluate) {
                // too few buckets, or an energy too steady for R²: no figures to record
            } catch (RuntimeException e) {
                LOG.error("the scheduled evaluation of {}'s baseline failed", m.name(), e);
                failed.add(m.name());
            }
        }
        return new Evaluated(evaluated, failed);
    }

    /** The scheduled evaluation's outcome: machines evaluated, and those whose evaluation failed. */
    public record Evaluated(List<String> evaluated, List<String> failed) {
        static final Evaluated NONE = new Evaluated(List.of(), List.of());
    }

    private DriftReport evaluate(String modelType, UUID machineId, Instant start, Instant end, String source) {
        Machine m = anomalies.machine(machineId);
        String type = stored(modelType);
        ModelRegistry.ModelVersion active = registry.active(registryType(modelType), machineId.toString())
                .orElseThrow(() -> DomainException.NotFound.notTrained());
        List<Evaluation> history = lifecycle.evaluations(type, machineId);
        if (ModelTypes.isForecast(modelType)) {
            // the model's first evaluation whose held-out hours varied at least as much as it erred on them (R² >= 0):
            // on near-idle hours R² sinks to any depth however well the model forecast (R² -1.3M on a quiet 27-hour
            // tail), and such a reference would make every later check read as drift that no retraining clears
            Evaluation reference = history.stream().filter(e -> e.rSquared() != null && e.rmse() != null && e.rSquared() >= 0)
                    .findFirst().or(() -> history.stream().filter(e -> e.rSquared() != null && e.rmse() != null).findFirst())
                    .orElseThrow(() -> noEvaluation(start, end));
            List<Evaluation> inWindow = history.stream().filter(e -> !e.evaluationDate().isBefore(start)
                    && e.evaluationDate().isBefore(end) && e.rSquared() != null && e.rmse() != null).toList();
            if (inWindow.isEmpty()) throw noEvaluation(start, end);
            // the latest evaluation in the window whose held-out hours R² can judge against the reference's error
            Evaluation current = inWindow.reversed().stream().filter(e -> judgeable(spread(e), e.rmse(), reference.rmse())).findFirst()
                    .orElseThrow(() -> tooSteady(spread(inWindow.getLast()), reference.rmse(), "window's latest held-out hours"));
            return new DriftReport(Drift.between(reference.rSquared(), reference.rmse(), current.rSquared(), current.rmse()),
                    current, reference);
        }
        List<AnomalyRules.Deviation> points = anomalies.compare(machineId, start, end).points();
        if (points.size() < MIN_EVALUATION_BUCKETS) {
            throw new DomainException.InvalidInput("Too little data in the evaluation window: " + points.size()
                    + " buckets with readings and drivers, at least " + MIN_EVALUATION_BUCKETS + " needed");
        }
        double[] actual = points.stream().mapToDouble(AnomalyRules.Deviation::actual).toArray();
        double[] expected = points.stream().mapToDouble(AnomalyRules.Deviation::expected).toArray();
        Accuracy a = Accuracy.of(actual, expected, 0);
        Evaluation current = new Evaluation(anomalies.now(), active.version(), finite(a.rSquared()), finite(a.rmse()),
                finite(a.mae()), null, false, null, source);
        // the first evaluation of the active version (its held-out figures when it was trained), since the window
        // re-evaluates that version
        Evaluation reference = history.stream().filter(e -> e.modelVersion() == active.version()).findFirst()
                .orElseGet(() -> evaluation(new AnomalyService.Version(active, active.metadata(BaselineMeta.class), true)));
        if (current.rSquared() == null || reference.rSquared() == null || current.rmse() == null || reference.rmse() == null) {
            throw new DomainException.InvalidInput("The evaluation window's energy does not vary: R² cannot be measured there");
        }
        // a window whose energy varies less than the model erred at training (an idle weekend) scores R² below 0 even
        // where the model predicts it as well as ever: no figure to judge the model by, nor to raise an alert on
        double sd = spread(current);
        if (!judgeable(sd, current.rmse(), reference.rmse())) throw tooSteady(sd, reference.rmse(), "window's energy");
        Drift d = Drift.between(reference.rSquared(), reference.rmse(), current.rSquared(), current.rmse());
        Evaluation checked = new Evaluation(current.evaluationDate(), current.modelVersion(), current.rSquared(),
                current.rmse(), current.mae(), current.mape(), d.detected(), d.score(), source);
        // the same check again (the window asked twice, or as 'anomaly' after 'baseline', which share the baseline):
        // the same figures of the same version are one point of the trend, not two
        Evaluation latest = history.isEmpty() ? null : history.getLast();
        boolean repeated = latest != null && latest.modelVersion() == checked.modelVersion() && source.equals(latest.source())
                && java.util.Objects.equals(latest.rSquared(), checked.rSquared()) && java.util.Objects.equals(latest.rmse(), checked.rmse())
                && java.util.Objects.equals(latest.mae(), checked.mae());
        if (!repeated) lifecycle.record(type, machineId, m.name(), checked);
        return new DriftReport(d, checked, reference);
    }

    private static DomainException.InvalidInput noEvaluation(Instant start, Instant end) {
        return new DomainException.InvalidInput("No evaluation of this forecast model between " + start + " and " + end
                + ": a forecast model is evaluated on held-out hours when it is trained; trigger a retraining or widen the window");
    }

    private static DomainException.InvalidInput tooSteady(double sd, double rmse, String what) {
        return new DomainException.InvalidInput(String.format(java.util.Locale.ROOT, "The evaluation %s varied less than"
                + " the model erred when first evaluated (standard deviation %.4g against an RMSE of %.4g): R² cannot judge"
                + " the model there (its first accuracy would score below 0); choose a window with more varied operation",
                what, sd, rmse));
    }

    /**
     * Whether a window's figures say anything about the model: its energy varies at least as much as the model erred at
     * its first evaluation, or the model now errs by so much more that the RMSE's change alone is drift (a steady
     * compressor with a leak: the window is steady, the model's error is not, and that must not pass unseen).
     */
    static boolean judgeable(double sd, double rmse, double referenceRmse) {
        double rmseAlone = 0.4 * (rmse - referenceRmse) / Math.max(referenceRmse, 1e-9);
        return sd >= referenceRmse || rmseAlone > Drift.THRESHOLD;
    }

    /** The standard deviation of an evaluation's actual values, from its figures: R² = 1 - RMSE² / σ². */
    static double spread(Evaluation e) {
        double unexplained = 1 - e.rSquared();
        return unexplained <= 0 ? Double.POSITIVE_INFINITY : e.rmse() / Math.sqrt(unexplained);
    }


    // ------------------------------------------------------------------ alerts

    public List<PerformanceAlert> alerts(Optional<UUID> machineId, Optional<String> modelType) {
        machineId.ifPresent(anomalies::machine);
        return lifecycle.activeAlerts().stream()
                .filter(a -> machineId.map(a.machineId()::equals).orElse(true))
                .filter(a -> modelType.map(t -> a.modelType().equals(stored(t))).orElse(true)).toList();
    }
}
