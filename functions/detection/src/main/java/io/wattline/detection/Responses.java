package io.wattline.detection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wattline.analytics.detect.Baseline;
import io.wattline.analytics.detect.ChangePointResult;
import io.wattline.analytics.detect.EntireResult;
import io.wattline.analytics.detect.LastResult;
import io.wattline.analytics.detect.NativeResult;
import io.wattline.analytics.detect.Regime;
import io.wattline.analytics.detect.StreamingDetector;
import io.wattline.detection.store.BaselineStore;
import io.wattline.store.UsageStore;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The wire shapes, field for field: Azure's camelCase answers (written with {@code Json.PLAIN}, so
 * the components are the wire names) and the native API's snake_case ones ({@code Json.SNAKE}),
 * except {@code /v1/detect}, which extends Azure's camelCase answer with snake_case fields.
 */
final class Responses {
    /** This project's engine identifier and model version, reported by {@code /v1/detect}. */
    static final String ENGINE = "wattline-sr-stl-mad-1";
    static final String MODEL_VERSION = "wattline-detect-1.0";

    private Responses() {}

    /** Azure's {@code entire/detect} answer; v1.0 has no severity. */
    record EntireDetection(int period, double[] expectedValues, double[] upperMargins, double[] lowerMargins,
                           boolean[] isAnomaly, boolean[] isNegativeAnomaly, boolean[] isPositiveAnomaly,
                           @JsonInclude(JsonInclude.Include.NON_NULL) double[] severity) {
        static EntireDetection of(EntireResult r, boolean withSeverity) {
            return new EntireDetection(r.period(), r.expectedValues(), r.upperMargins(), r.lowerMargins(), r.isAnomaly(),
                    r.isNegativeAnomaly(), r.isPositiveAnomaly(), withSeverity ? r.severity() : null);
        }
    }

    /** Azure's {@code last/detect} answer; v1.0 has no severity. */
    record LastDetection(int period, int suggestedWindow, double expectedValue, double upperMargin, double lowerMargin,
                         boolean isAnomaly, boolean isNegativeAnomaly, boolean isPositiveAnomaly,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double severity) {
        static LastDetection of(LastResult r, boolean withSeverity) {
            return new LastDetection(r.period(), r.suggestedWindow(), r.expectedValue(), r.upperMargin(), r.lowerMargin(),
                    r.isAnomaly(), r.isNegativeAnomaly(), r.isPositiveAnomaly(), withSeverity ? r.severity() : null);
        }
    }

    /** Azure's {@code changepoint/detect} answer. */
    record ChangePointDetection(int period, boolean[] isChangePoint, double[] confidenceScores) {
        static ChangePointDetection of(ChangePointResult r) {
            return new ChangePointDetection(r.period(), r.isChangePoint(), r.confidenceScores());
        }
    }

    /**
     * {@code /v1/detect}: Azure's entire answer (with severity), then per point the regime, the raw
     * energy (null unless asked), its z-score, the embedding (null unless asked) and the streaming detector's
     * causal score and alert (null unless asked), then the engine.
     */
    record NativeDetection(int period, double[] expectedValues, double[] upperMargins, double[] lowerMargins,
                           boolean[] isAnomaly, boolean[] isNegativeAnomaly, boolean[] isPositiveAnomaly,
                           double[] severity, List<String> regimes, double[] energies,
                           @JsonProperty("z_scores") double[] zScores, float[][] embeddings,
                           @JsonProperty("stream_scores") double[] streamScores,
                           @JsonProperty("stream_alerts") boolean[] streamAlerts,
                           @JsonProperty("model_version") String modelVersion, String engine,
                           @JsonProperty("inference_time_ms") double inferenceTimeMs) {
        /** {@code stream}: the streaming detector's replay of the series, null unless asked. */
        static NativeDetection of(NativeResult r, boolean energies, StreamingDetector.Replay stream, double inferenceMs) {
            EntireResult e = r.entire();
            return new NativeDetection(e.period(), e.expectedValues(), e.upperMargins(), e.lowerMargins(), e.isAnomaly(),
                    e.isNegativeAnomaly(), e.isPositiveAnomaly(), e.severity(),
                    Arrays.stream(r.regimes()).map(Regime::name).toList(), energies ? r.energies() : null, r.zScores(),
                    r.embeddings() == null ? null : compact(r.embeddings()),
                    stream == null ? null : stream.scores(), stream == null ? null : stream.alerts(), MODEL_VERSION, ENGINE,
                    io.wattline.http.Decimals.round(inferenceMs, 3));
        }

        /** Embeddings as floats rounded to 5 decimals: the same vectors at a third of the bytes. */
        private static float[][] compact(double[][] e) {
            float[][] out = new float[e.length][];
            for (int i = 0; i < e.length; i++) {
                out[i] = new float[e[i].length];
                for (int d = 0; d < e[i].length; d++) out[i][d] = (float) io.wattline.http.Decimals.round(e[i][d], 5);
            }
            return out;
        }
    }

    /** {@code /v1/baseline} and {@code /v1/status}: a machine's learned normal, or {@code no_baseline} with nulls. */
    record BaselineStatus(String machineId, String status, java.time.Instant learnedAt, LearnedBaseline baseline) {
        static BaselineStatus of(BaselineStore.Stored s) {
            return new BaselineStatus(s.machineId(), "active", s.learnedAt(), LearnedBaseline.of(s.baseline()));
        }

        static BaselineStatus none(String machineId) {
            return new BaselineStatus(machineId, "no_baseline", null, null);
        }
    }

    /** The statistics of a learned normal ({@link Baseline}), under the native API's names. */
    record LearnedBaseline(int points, int period, double energyMean, double energyStd, double levelMean, double levelStd,
                           double levelP05, double levelP95, double stepP95, double trendMean, double trendStd) {
        static LearnedBaseline of(Baseline b) {
            return new LearnedBaseline(b.points(), b.period(), b.energyMean(), b.energyStd(), b.levelMean(), b.levelStd(),
                    b.levelP05(), b.levelP95(), b.stepP95(), b.trendMean(), b.trendStd());
        }
    }

    /** {@code DELETE /v1/machines/{machine_id}}. */
    record Forgotten(String machineId, boolean deleted) {}

    /** {@code /v1/usage}: the key's totals, per operation, and per day (newest first). */
    record UsageReport(String keyId, String name, long requests, long points, Map<String, Long> byOperation,
                       List<UsageDay> days) {
        static UsageReport of(UsageStore.Usage u, String name) {
            return new UsageReport(u.keyId(), name, u.requests(), u.points(), u.byOperation(),
                    u.days().stream().map(d -> new UsageDay(d.date().toString(), d.requests(), d.points())).toList());
        }
    }

    record UsageDay(String date, long requests, long points) {}
}
