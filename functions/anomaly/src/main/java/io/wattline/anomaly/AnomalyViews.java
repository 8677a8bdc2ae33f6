package io.wattline.anomaly;

import io.wattline.analytics.baseline.Accuracy;
import io.wattline.analytics.baseline.AnomalyRules;
import io.wattline.analytics.baseline.BaselineFit;
import io.wattline.analytics.baseline.BaselineModel;
import io.wattline.anomaly.store.Anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The anomaly function's responses (seed 001's fields; Json.SNAKE writes them in snake_case). */
final class AnomalyViews {
    private AnomalyViews() {}

    static Double round(double v, int places) {
        return Double.isFinite(v) ? io.wattline.http.Decimals.round(v, places) : null;
    }

    static Double round(Double v, int places) {
        return v == null ? null : round(v.doubleValue(), places);
    }

    static Map<String, Double> rounded(Map<String, Double> m, int places) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, round(v, places)));
        return out;
    }

    static String modelName(int version) {
        return "baseline_v" + version;
    }

    // ------------------------------------------------------------------ baselines

    record ModelSummary(String id, UUID machineId, String modelName, int modelVersion, int trainingSamples,
                        Double rSquared, Double rmse, Double mae, Double cvRmse, Double nmbe, boolean g14Pass,
                        List<String> drivers, boolean isActive, Instant createdAt) {
        static ModelSummary of(AnomalyService.Version v) {
            BaselineMeta m = v.meta();
            Accuracy a = m.heldOut();
            return new ModelSummary(m.id(), m.machineId(), AnomalyViews.modelName(v.version().version()), v.version().version(),
                    m.trainingSamples(), round(a.rSquared(), 4), round(a.rmse(), 6), round(a.mae(), 6),
                    round(a.cvRmse(), 2), round(a.nmbe(), 2), m.g14Pass(), m.drivers(), v.active(), v.version().trainedAt());
        }
    }

    record ModelList(UUID machineId, int totalModels, List<ModelSummary> models) {}

    record Statistics(Double rSquared, Double rmse, Double mae, int trainingSamples, int testSamples, Double cvRmse,
                      Double nmbe,
                      // spelt as r_squared beside it is (snake case alone would make it in_sample_rsquared)
                      @com.fasterxml.jackson.annotation.JsonProperty("in_sample_r_squared") Double inSampleRSquared,
                      Double fTestPValue) {
        static Statistics of(BaselineMeta m) {
            Accuracy a = m.heldOut();
            return new Statistics(round(a.rSquared(), 4), round(a.rmse(), 6), round(a.mae(), 6), m.trainingSamples(),
                    a.samples(), round(a.cvRmse(), 2), round(a.nmbe(), 2), round(m.inSample().rSquared(), 4),
                    m.fTestPValue());
        }
    }

    /** ASHRAE Guideline 14 at the model's granularity, on the held-out tail. */
    record Guideline14(String granularity, Double cvRmse, Double nmbe, double maxCvRmse, double maxAbsNmbe, boolean pass) {
        static Guideline14 of(BaselineMeta m) {
            BaselineModel.Granularity g = AnomalyViews.granularity(m.granularity());
            return new Guideline14(m.granularity(), round(m.heldOut().cvRmse(), 2), round(m.heldOut().nmbe(), 2),
                    g.maxCvRmse(), g.maxAbsNmbe(), m.g14Pass());
        }
    }

    static BaselineModel.Granularity granularity(String label) {
        for (BaselineModel.Granularity g : BaselineModel.Granularity.values()) if (g.label().equals(label)) return g;
        throw new IllegalArgumentException("unknown granularity " + label);
    }

    record Period(Instant start, Instant end) {}

    record ModelDetail(String id, UUID machineId, String modelName, int modelVersion, boolean isActive,
                       Instant createdAt, List<String> drivers, String granularity, Period trainingPeriod,
                       Map<String, Double> coefficients, Map<String, Double> featureImportance, Statistics statistics,
                       Map<String, Double> driverPValues, Guideline14 ashraeG14, BaselineFit.EnpiValidity enpiValidity,
                       String explanation, Map<String, Double> balancePointsC) {
        static ModelDetail of(AnomalyService.Version v) {
            BaselineMeta m = v.meta();
            return new ModelDetail(m.id(), m.machineId(), AnomalyViews.modelName(v.version().version()), v.version().version(),
                    v.active(), v.version().trainedAt(), m.drivers(), m.granularity(),
                    new Period(m.trainStart(), m.trainEnd()), rounded(m.coefficients(), 6),
                    rounded(m.featureImportance(), 4), Statistics.of(m), m.driverPValues(), Guideline14.of(m), m.enpi(),
                    m.explanation(), m.balancePointsC());
        }
    }

    /** {@code note}: only where the drivers need a word (power_kw); the seed's {@code message} stays as it is. */
    record TrainResult(boolean success, String modelId, int modelVersion, List<String> drivers, Statistics statistics,
                       Guideline14 ashraeG14, String explanation, String message, boolean isActive,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                       String note) {
        static TrainResult of(AnomalyService.Version v) {
            BaselineMeta m = v.meta();
            // the seed's own example names power_kw, which is the energy itself (mean power × hours): a perfect fit
            // by definition that can never see excess energy, so detection against it finds no anomaly at all
            String note = AnomalyService.judges(m) ? null
                    : "power_kw is the energy itself (energy = mean power x hours), so this model explains it by definition"
                    + " and cannot detect excess energy or measure savings: for those, train on what drives the energy"
                    + " (production_count, outdoor_temperature_c, operating_hours; the defaults when no drivers are named)."
                    + (v.active() ? " Anomaly detection judges this machine by its seasonal rule while it is active"
                    : " It is kept as version " + v.version().version() + "; the active baseline stays as it was"
                    + " (PUT /api/v1/baseline/model/" + m.id() + "/activate makes this one active)");
            return new TrainResult(true, m.id(), v.version().version(), m.drivers(), Statistics.of(m),
                    Guideline14.of(m), m.explanation(), "Baseline model trained successfully", v.active(), note);
        }
    }

    /** {@code note}: only when the answer is not the model's own figure (a negative extrapolation answered as 0). */
    record PredictResult(UUID machineId, Double predictedEnergy, String unit, int modelVersion, double confidence,
                         Double lowerBound, Double upperBound, String granularity,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         String note) {
        static PredictResult of(UUID machineId, AnomalyService.Prediction p) {
            return new PredictResult(machineId, round(p.expected(), 3), "kWh", p.model().version().version().version(),
                    0.95, round(p.lower(), 3), round(p.upper(), 3), p.model().model().granularity().label(), p.note());
        }
    }

    record TimePeriod(Instant start, Instant end, Double hours) {
        static TimePeriod of(Instant start, Instant end) {
            return new TimePeriod(start, end, round(Duration.between(start, end).toMillis() / 3_600_000.0, 2));
        }
    }

    record DeviationPoint(Instant timestamp, Double actual, Double predicted, Double deviation, Double deviationPercent,
                          boolean isAnomaly) {}

    /**
     * {@code avgDeviation} and {@code maxDeviation}: of the buckets' deviations' sizes (absolute), as the seed's example
     * reads; {@code netDeviation}: actual less predicted over the period, and {@code netDeviationPercent} of the
     * predicted: whether the period as a whole ran above its baseline (positive) or below it.
     */
    record DeviationStatistics(Double avgDeviation, Double maxDeviation, int anomalyCount, int points, Double totalActual,
                               Double totalPredicted, Double netDeviation, Double netDeviationPercent) {}

    record DeviationResult(UUID machineId, int modelVersion, TimePeriod timePeriod, List<DeviationPoint> deviations,
                           DeviationStatistics statistics) {
        static DeviationResult of(UUID machineId, Instant start, Instant end, AnomalyService.DeviationReport r) {
            List<DeviationPoint> points = r.points().stream().map(d -> new DeviationPoint(d.timestamp(), round(d.actual(), 3),
                    round(d.expected(), 3), round(d.deviation(), 3), round(d.deviationPercent(), 1), d.isAnomaly())).toList();
            double sumAbs = 0, max = 0, actual = 0, predicted = 0;
            int anomalies = 0;
            for (AnomalyRules.Deviation d : r.points()) {
                sumAbs += Math.abs(d.deviation());
                max = Math.max(max, Math.abs(d.deviation()));
                actual += d.actual();
                predicted += d.expected();
                if (d.isAnomaly()) anomalies++;
            }
            int n = r.points().size();
            return new DeviationResult(machineId, r.model().version().version().version(), TimePeriod.of(start, end), points,
                    new DeviationStatistics(n == 0 ? null : round(sumAbs / n, 3), n == 0 ? null : round(max, 3), anomalies, n,
                            n == 0 ? null : round(actual, 3), n == 0 ? null : round(predicted, 3),
                            n == 0 ? null : round(actual - predicted, 3),
                            n == 0 || predicted <= 0 ? null : round(100 * (actual - predicted) / predicted, 1)));
        }
    }

    // ------------------------------------------------------------------ anomalies

    /**
     * {@code unit}: of {@code actual_value}, {@code expected_value} and {@code deviation} (the seed's fields carry none,
     * and a voice assistant reads them out): energy over the anomaly's window for the energy types and drift, the power
     * a stuck meter repeats; null for a type without a known unit. {@code incident} (an extension): the run of the
     * machine's anomalies of this type the anomaly is part of, where the list answers it.
     */
    record AnomalyView(String id, UUID machineId, String machineName, Instant detectedAt, String severity,
                       String anomalyType, String description, Double actualValue, Double expectedValue,
                       Double deviation, Double deviationPercent, String unit, String status, Instant resolvedAt,
                       String resolutionNotes,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                       IncidentView incident) {
        static AnomalyView of(Anomaly a, Incidents incidents) {
            return new AnomalyView(a.id(), a.machineId(), a.machineName(), a.detectedAt(), a.severity(), a.anomalyType(),
                    a.description(), a.actualValue(), a.expectedValue(), a.deviation(), a.deviationPercent(),
                    unit(a.anomalyType()), a.status(), a.resolvedAt(), a.resolutionNotes(),
                    incidents == null ? null : IncidentView.of(incidents.of(a)));
        }

        static String unit(String type) {
            return switch (type) {
                case "energy_spike", "energy_drop", "drift" -> "kWh";
                case "stuck_meter" -> "kW";
                default -> null;
            };
        }
    }

    record Filters(UUID machineId, String severity, String timeWindow) {}

    record AnomalyList(int totalCount, Filters filters, List<AnomalyView> anomalies) {}

    /**
     * An incident: where it starts and ends, its hours, its anomalies (the first one's id is the incident's), the energy
     * above (or, negative, below) expectation over all of them in kWh (null for a stuck meter), how many are open, and
     * whether it may still be going on (open, its data ending within two hours of the answer: "is anything wrong now?").
     */
    record IncidentView(String id, Instant start, Instant end, double durationHours, int anomalies, Double deviationKwh,
                        int unresolved, List<String> anomalyIds, boolean ongoing) {
        static IncidentView of(Incidents.Incident i) {
            return new IncidentView(i.id(), i.start(), i.end(), round(i.hours(), 2), i.members().size(),
                    i.deviationKwh() == null ? null : round(i.deviationKwh(), 3), i.unresolved(), i.members(), i.ongoing());
        }
    }

    /** {@code withdrawnAnomalies}: stored unresolved anomalies of the window no longer found in its data, removed. */
    record DetectResult(UUID machineId, String machineName, Period detectionWindow, String method,
                        int anomaliesDetected, int newAnomalies, int withdrawnAnomalies, List<AnomalyView> anomalies) {
        static DetectResult of(AnomalyService.Detection d, Incidents incidents) {
            return new DetectResult(d.machine().id(), d.machine().name(), new Period(d.from(), d.to()), d.method(),
                    d.anomalies().size(), d.created(), d.withdrawn(),
                    d.anomalies().stream().map(a -> AnomalyView.of(a, incidents)).toList());
        }
    }

    /** {@code alsoResolved}: with {@code whole_incident}, the incident's other anomalies this resolved (an extension). */
    record ResolveResult(boolean success, String anomalyId, String status, Instant resolvedAt, String resolutionNotes,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         List<String> alsoResolved) {
        static ResolveResult of(List<Anomaly> resolved, boolean wholeIncident) {
            Anomaly a = resolved.getFirst();
            return new ResolveResult(true, a.id(), a.status(), a.resolvedAt(), a.resolutionNotes(),
                    wholeIncident ? resolved.stream().skip(1).map(Anomaly::id).toList() : null);
        }
    }

    /**
     * {@code done} counts the machines a run left in order; for {@code baseline_retrain}, {@code trained} those it trained
     * and {@code unchanged} those already trained on its window (a retry, a second run within the hour), which it did
     * not train again.
     */
    record JobResult(String jobId, String status, int machines, int done,
                     @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                     Integer trained,
                     @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                     Integer unchanged,
                     int anomalies, int withdrawn, int lateDaysJudged, List<String> skipped, List<String> failures) {}

    // ------------------------------------------------------------------ model performance

    /**
     * The seed's answer; when refused, {@code job_in_progress} (an extension) is the id of the training that held it
     * back (GET /api/v1/model-performance/training-jobs/{training_job_id}), where known.
     */
    record TriggerResult(boolean triggered, String triggerType, String reason, String trainingJobId,
                         Instant estimatedCompletion,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         String jobInProgress) {
        static TriggerResult of(io.wattline.lifecycle.ModelLifecycle.Trigger t, String triggerType, String reason) {
            return t.triggered()
                    ? new TriggerResult(true, triggerType, reason, t.job().jobId(), t.estimatedCompletion(), null)
                    : new TriggerResult(false, triggerType, "Training already in progress", null, null,
                            t.job() == null ? null : t.job().jobId());
        }
    }

    /** A training job (an extension): pending, running, completed (with the version it made) or failed (with why). */
    record TrainingJobView(String jobId, String modelType, UUID machineId, String status, String triggerType, String reason,
                           Instant createdAt, Instant startedAt, Instant completedAt, Integer modelVersion, String error) {
        static TrainingJobView of(io.wattline.lifecycle.TrainingJob j) {
            return new TrainingJobView(j.jobId(), j.modelType(), j.machineId(), j.status(), j.triggerType(), j.reason(),
                    j.createdAt(), j.startedAt(), j.completedAt(), j.modelVersion(), j.error());
        }
    }

    /** An open alert as the trend shows its figure: R² to 4 places (the stored value has all of a double's digits). */
    record Alert(String alertId, String modelType, UUID machineId, String machineName, String alertType, String severity,
                 String message, Double currentValue, double threshold, Instant createdAt, String status, Instant resolvedAt) {
        static Alert of(io.wattline.lifecycle.PerformanceAlert a) {
            return new Alert(a.alertId(), a.modelType(), a.machineId(), a.machineName(), a.alertType(), a.severity(),
                    a.message(), round(a.currentValue(), 4), a.threshold(), a.createdAt(), a.status(), a.resolvedAt());
        }
    }

    record TrendPoint(Instant evaluationDate, int modelVersion, Double rSquared, Double rmse, Double mae, Double mape,
                      boolean driftDetected, Double driftScore, String source) {}

    record TrendResult(String modelType, UUID machineId, String machineName, List<TrendPoint> metrics,
                       String trendDirection, Double degradationRate) {
        static TrendResult of(String modelType, ModelPerformance.TrendReport r) {
            List<TrendPoint> points = r.metrics().stream().map(e -> new TrendPoint(e.evaluationDate(), e.modelVersion(),
                    round(e.rSquared(), 4), round(e.rmse(), 6), round(e.mae(), 6), round(e.mape(), 3), e.driftDetected(),
                    round(e.driftScore(), 4), e.source())).toList();
            return new TrendResult(modelType, r.machine().id(), r.machine().name(), points, r.trend().direction(),
                    round(r.trend().degradationRatePerDay(), 6));
        }
    }

    record Performance(Double rSquared, Double rmse) {}

    record DriftResult(boolean driftDetected, double driftScore, String driftType, String recommendation, double threshold,
                       Performance currentPerformance, Performance baselinePerformance) {
        static DriftResult of(ModelPerformance.DriftReport r) {
            return new DriftResult(r.drift().detected(), round(r.drift().score(), 4), r.drift().type(),
                    r.drift().recommendation(), io.wattline.lifecycle.Drift.THRESHOLD,
                    new Performance(round(r.current().rSquared(), 4), round(r.current().rmse(), 6)),
                    new Performance(round(r.first().rSquared(), 4), round(r.first().rmse(), 6)));
        }
    }
}
