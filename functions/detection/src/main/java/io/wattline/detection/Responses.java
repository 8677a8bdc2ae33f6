package io.wattline.detection;

import io.wattline.analytics.detect.ChangePointResult;
import io.wattline.analytics.detect.EntireResult;
import io.wattline.analytics.detect.LastResult;
import io.wattline.analytics.detect.NativeResult;
import io.wattline.analytics.detect.Regime;
import io.wattline.detection.store.BaselineStore;
import io.wattline.store.UsageStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire shapes: Azure's camelCase responses and the native snake_case ones, field for field. */
final class Responses {
    /** This project's engine identifier and model version, reported by {@code /v1/detect}. */
    static final String ENGINE = "wattline-sr-stl-mad-1";
    static final String MODEL_VERSION = "wattline-detect-1.0";

    private Responses() {}

    static Map<String, Object> entire(EntireResult r, boolean withSeverity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", r.period());
        m.put("expectedValues", r.expectedValues());
        m.put("upperMargins", r.upperMargins());
        m.put("lowerMargins", r.lowerMargins());
        m.put("isAnomaly", r.isAnomaly());
        m.put("isNegativeAnomaly", r.isNegativeAnomaly());
        m.put("isPositiveAnomaly", r.isPositiveAnomaly());
        if (withSeverity) m.put("severity", r.severity());
        return m;
    }

    static Map<String, Object> last(LastResult r, boolean withSeverity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", r.period());
        m.put("suggestedWindow", r.suggestedWindow());
        m.put("expectedValue", r.expectedValue());
        m.put("upperMargin", r.upperMargin());
        m.put("lowerMargin", r.lowerMargin());
        m.put("isAnomaly", r.isAnomaly());
        m.put("isNegativeAnomaly", r.isNegativeAnomaly());
        m.put("isPositiveAnomaly", r.isPositiveAnomaly());
        if (withSeverity) m.put("severity", r.severity());
        return m;
    }

    static Map<String, Object> changePoint(ChangePointResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", r.period());
        m.put("isChangePoint", r.isChangePoint());
        m.put("confidenceScores", r.confidenceScores());
        return m;
    }

    static Map<String, Object> nativeDetect(NativeResult r, boolean energies, double inferenceMs) {
        Map<String, Object> m = entire(r.entire(), true);
        List<String> regimes = new ArrayList<>();
        for (Regime g : r.regimes()) regimes.add(g.name());
        m.put("regimes", regimes);
        m.put("energies", energies ? r.energies() : null);
        m.put("z_scores", r.zScores());
        m.put("embeddings", r.embeddings());
        m.put("model_version", MODEL_VERSION);
        m.put("engine", ENGINE);
        m.put("inference_time_ms", Math.round(inferenceMs * 1000) / 1000.0);
        return m;
    }

    static Map<String, Object> baseline(BaselineStore.Stored s) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("points", s.baseline().points());
        b.put("period", s.baseline().period());
        b.put("energy_mean", s.baseline().energyMean());
        b.put("energy_std", s.baseline().energyStd());
        b.put("level_mean", s.baseline().levelMean());
        b.put("level_std", s.baseline().levelStd());
        b.put("level_p05", s.baseline().levelP05());
        b.put("level_p95", s.baseline().levelP95());
        b.put("step_p95", s.baseline().stepP95());
        b.put("trend_mean", s.baseline().trendMean());
        b.put("trend_std", s.baseline().trendStd());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine_id", s.machineId());
        m.put("status", "active");
        m.put("learned_at", s.learnedAt().toString());
        m.put("baseline", b);
        return m;
    }

    static Map<String, Object> usage(UsageStore.Usage u, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key_id", u.keyId());
        m.put("name", name);
        m.put("requests", u.requests());
        m.put("points", u.points());
        m.put("by_operation", u.byOperation());
        List<Map<String, Object>> days = new ArrayList<>();
        for (UsageStore.Day d : u.days()) {
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("date", d.date().toString());
            day.put("requests", d.requests());
            day.put("points", d.points());
            days.add(day);
        }
        m.put("days", days);
        return m;
    }
}
