package io.wattline.calibration;

import io.wattline.analytics.twin.Degradation;
import io.wattline.analytics.twin.MonitorState;
import io.wattline.analytics.twin.ValidationMetrics;
import io.wattline.http.Times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of {@code GET /system/state}. */
final class TwinViews {
    private TwinViews() {}

    /**
     * The seed's fields ({@code state}, {@code message}, {@code started_at}, {@code fault_type},
     * {@code fault_severity}, {@code training_samples}, {@code healthy_stability},
     * {@code fault_capture_rate}), then the asset and its degradation figures.
     */
    static Map<String, Object> state(TwinRecord r, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", r.state());
        out.put("message", r.message());
        out.put("started_at", r.startedAtMs() == null ? null : Times.iso(Instant.ofEpochMilli(r.startedAtMs())));
        out.put("fault_type", r.faultType());
        out.put("fault_severity", r.faultSeverity());
        out.put("training_samples", r.trainingSamples());
        MonitorState m = r.monitor() == null ? null : r.monitorState();
        ValidationMetrics v = m == null ? ValidationMetrics.EMPTY : m.metrics();
        out.put("healthy_stability", v.healthyStability());
        out.put("fault_capture_rate", v.faultCaptureRate());
        out.put("asset_id", r.assetId());
        Degradation d = m == null ? Degradation.NEW : m.degradation();
        out.put("degradation_index", round(d.di(), 6));
        out.put("health", d.health());
        out.put("rul_hours", round(d.rulHours(), 2));
        out.put("risk_level", d.risk().name());
        out.put("maintenance_window_days", round(d.maintenanceWindowDays(), 2));
        out.put("anomaly_status", d.status().name());
        out.put("damage_rate", d.rate());
        out.put("last_batch_score", r.monitor() == null ? null : round(d.score(), 4));
        out.put("last_batch_anomalous", r.monitor() == null ? null : r.monitor().lastAnomalous());
        out.put("legacy_model_anomalous", r.monitor() == null ? null : r.monitor().lastLegacyAnomalous());
        out.put("simulated_until", r.epochMs() == null || r.monitor() == null ? null
                : Times.iso(Instant.ofEpochMilli(r.epochMs() + r.monitor().nextSecond() * 1000)));
        List<Map<String, Object>> events = new ArrayList<>();
        for (TwinRecord.Event e : r.events().reversed()) {
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("timestamp", Times.iso(Instant.ofEpochMilli(e.atMs())));
            ev.put("type", e.type());
            ev.put("level", e.level());
            ev.put("message", e.message());
            ev.put("degradation_index", round(e.di(), 6));
            events.add(ev);
        }
        out.put("last_events", events);
        if (r.model() != null) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("trained_at", Times.iso(Instant.ofEpochMilli(r.model().trainedAtMs())));
            model.put("artifact_bytes", r.model().bytes());
            model.put("batch_threshold", r.model().batchThreshold());
            model.put("batch_training_windows", r.model().batchTrainingRows());
            model.put("legacy_training_windows", r.model().legacyTrainingRows());
            out.put("model", model);
        } else {
            out.put("model", null);
        }
        return out;
    }

    private static double round(double x, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }
}
