package io.wattline.local;

import java.util.Map;

/**
 * What each parameter of the API means, for {@code /openapi.json} and {@code /docs}: the route tables give a
 * parameter's name, place, type, bounds and default, not its sense (a developer reading the docs alone did not learn
 * that {@code timezone=factory} exists, or that predict's {@code date} is the factory's day). Keyed by name, or by
 * {@code "<path template> <name>"} where one name means another thing on one route.
 */
final class ParameterDocs {
    private ParameterDocs() {}

    private static final String RANGE_TIME = "ISO 8601 date-time (an offset, or Z; without one it is UTC; a date alone is"
            + " midnight UTC); the range is [start, end)";

    private static final String TRAINING_START = "Start of the training window: " + RANGE_TIME
            + "; e.g. 2025-10-01T00:00:00Z (a date alone is midnight UTC, not the factory's)";
    private static final String TRAINING_END = "End of the training window, excluded: " + RANGE_TIME
            + "; for whole local days, give the factory's next midnight with its offset";

    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("machine_id", "The machine's id (a UUID, as GET /api/v1/machines lists it)"),
            Map.entry("machine_ids", "Machine ids, comma-separated"),
            Map.entry("factory_id", "The factory's id (a UUID, as GET /api/v1/sankey/factories lists it)"),
            Map.entry("anomaly_id", "The anomaly's id, as the anomaly routes list it"),
            Map.entry("model_id", "The baseline's model_id, as GET /api/v1/baseline/models lists it"),
            Map.entry("training_job_id", "A training job's id, as POST /api/v1/model-performance/retrain/trigger answers it"),
            Map.entry("job_id", "A job of GET /api/v1/scheduler/status, e.g. kpi_calculate"),
            Map.entry("start_time", "Start: " + RANGE_TIME),
            Map.entry("end_time", "End: " + RANGE_TIME),
            Map.entry("start", "Start: " + RANGE_TIME),
            Map.entry("end", "End: " + RANGE_TIME),
            Map.entry("start_date", "First day (YYYY-MM-DD), in each machine's factory time zone"),
            Map.entry("end_date", "Last day (YYYY-MM-DD), included, in each machine's factory time zone"),
            Map.entry("interval", "Bucket length; buckets are UTC-aligned and labelled by their start (1day with timezone:"
                    + " local calendar days)"),
            Map.entry("timezone", "With interval=1day: `factory` (the machine's factory's zone) or an IANA zone name"
                    + " (e.g. Europe/Berlin) sums each local calendar day (23 or 25 hours across clock changes); UTC days"
                    + " without it. The response names the zone"),
            Map.entry("search", "Words of a machine's name, type, factory or location, as spoken: case, punctuation, filler"
                    + " words and plurals ignored, numbers as words read as digits (\"compressor one\"); the machine named"
                    + " exactly comes first; where nothing matches, a word misheard by a letter, then words no machine has"
                    + " (\"air compressor\") are let go"),
            Map.entry("type", "Only machines of this type, e.g. compressor"),
            Map.entry("is_active", "Only active (true) or inactive (false) machines"),
            Map.entry("metrics", "Comma-separated: energy, cost, power, sec"),
            Map.entry("confidence", "The prediction interval's confidence, in (0, 1)"),
            Map.entry("model_type", "The model family"),
            Map.entry("trigger_type", "Why the training runs: manual, scheduled or drift"),
            Map.entry("reason", "Why, in words; kept with the training job"),
            Map.entry("days", "How many days back from today"),
            Map.entry("limit", "At most this many, newest first"),
            Map.entry("asset_id", "The motor's asset id (1 to 64 letters, digits, dots, underscores, colons or hyphens);"
                    + " Motor-01 without it"),
            Map.entry("seed", "Fixes the motor simulator's random seed, for a calibration that can be repeated (an"
                    + " extension of seed 000)"),
            Map.entry("fault_type", "The fault to inject"),
            Map.entry("version", "Azure's API version: v1.0 or v1.1 (its SDKs' v1.1-preview spellings are v1.1)"),
            Map.entry("date", "A day (YYYY-MM-DD) in the factory's time zone"),
            Map.entry("reset_degradation", "An extension: true when the motor was replaced or repaired, so its degradation"
                    + " index starts again at 0 (an event records the value reset); else it carries over into the new"
                    + " calibration"),
            Map.entry("forecast_hours", "Hours ahead from the current hour (1 to 720); not used with date (a note says so"
                    + " where it differs from the day's hours)"),
            Map.entry("production_target", "Units to make on the day; required unless operating_hours is given"),
            Map.entry("operating_hours", "An extension: hours to run instead of production_target (one of the two), for a"
                    + " machine that records no production; the cheapest that many"),
            Map.entry("max_runtime_hours", "At most this many hours run"),
            Map.entry("whole_incident", "An extension: also resolve the other unresolved anomalies of this one's incident"
                    + " (the machine's anomalies of its type that follow each other without a gap); default false"));

    private static final Map<String, String> BY_ROUTE = Map.ofEntries(
            Map.entry("/api/v1/anomaly/recent hours", "How many hours back from now"),
            Map.entry("/api/v1/forecast/demand hours", "Hours ahead from the current hour to forecast (1 to 720)"),
            Map.entry("/system/inject-fault severity", "How strong the fault is"),
            Map.entry("/api/v1/anomaly/recent severity", "Only anomalies of this severity"),
            Map.entry("/api/v1/anomaly/active severity", "Only anomalies of this severity"),
            Map.entry("/api/v1/sankey/data date", "The factory's local day (YYYY-MM-DD); without it the last day that is"
                    + " over in every factory shown"),
            Map.entry("/api/v1/forecast/peak date", "The factory's local day (YYYY-MM-DD), today or later, whose peak hour"
                    + " is forecast; the answer gives its time in that zone"),
            Map.entry("/api/v1/forecast/predict date", "An extension: the factory's local day (YYYY-MM-DD), today or later,"
                    + " forecast hour by hour (23, 24 or 25 hours; of today the hours still to come) instead of"
                    + " forecast_hours; the answer names the day and zone"),
            Map.entry("/api/v1/forecast/optimal-schedule date", "The factory's local day (YYYY-MM-DD) to plan"),
            // the trainings take instants, as seed 001's example ("2025-10-01T00:00:00Z"), not the heatmaps' local days
            Map.entry("/api/v1/baseline/train start_date", TRAINING_START),
            Map.entry("/api/v1/baseline/train end_date", TRAINING_END),
            Map.entry("/api/v1/forecast/models/{machine_id}/activate version", "The kept version to make active, as the"
                    + " status route lists them (versions)"),
            Map.entry("/api/v1/forecast/train/arima start_date", TRAINING_START),
            Map.entry("/api/v1/forecast/train/arima end_date", TRAINING_END),
            Map.entry("/api/v1/forecast/train/prophet start_date", TRAINING_START),
            Map.entry("/api/v1/forecast/train/prophet end_date", TRAINING_END),
            // the hourly heatmap's days are UTC ones where its machines are in factories of different zones
            Map.entry("/api/v1/heatmap/hourly start_date", "First day (YYYY-MM-DD), included: the machines' factory's"
                    + " local day, or a UTC day where they are in factories of different zones (the answer's timezone)"),
            Map.entry("/api/v1/heatmap/hourly end_date", "Last day (YYYY-MM-DD), included: the machines' factory's"
                    + " local day, or a UTC day where they are in factories of different zones (the answer's timezone)"));

    /** The detection API's machines are the caller's own names, filed under its key: not the catalogue's. */
    private static final String DETECTION_MACHINE = "Your own name for the series' machine: 1 to 128 letters, digits or"
            + " . _ : @ -; its baseline is filed under it and your key";

    /** The description of a parameter of the route with this path template, or null for none. */
    static String of(String template, String name) {
        if (template.startsWith("/anomalydetector/")) return name.equals("version") ? BY_NAME.get(name) : null;
        if (template.startsWith("/v1/")) return name.equals("machine_id") ? DETECTION_MACHINE : null;
        String own = BY_ROUTE.get(template + " " + name);
        return own != null ? own : BY_NAME.get(name);
    }
}
