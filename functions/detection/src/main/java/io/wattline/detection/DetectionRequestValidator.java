package io.wattline.detection;

import io.wattline.analytics.detect.ChangePointDetector;
import io.wattline.analytics.detect.DetectOptions;
import io.wattline.analytics.detect.Granularity;
import io.wattline.analytics.detect.ImputeMode;
import io.wattline.analytics.detect.Imputer;
import io.wattline.analytics.detect.TimePoint;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates a univariate detection request as Azure AI Anomaly Detector did, and turns it into typed
 * options. Pure: the body comes in as plain Java values (what a JSON parser gives for an object:
 * {@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}, null) and the outcome is
 * either a request or Azure's error code and message (HTTP 400, {@code x-ms-error-code}).
 *
 * <p>Checks, in order (the first failure is reported):
 * <ol>
 *   <li>body is a JSON object with a field, else {@code InvalidJsonFormat};</li>
 *   <li>{@code series} present ({@code RequiredSeries}) and an array ({@code BadArgument}, also for null);</li>
 *   <li>{@code granularity} one of Azure's ({@code InvalidGranularity}); change points need one other
 *       than none ({@code RequiredGranularity});</li>
 *   <li>{@code customInterval} a positive integer ({@code InvalidCustomInterval});</li>
 *   <li>v1.1 and native: {@code imputeMode} ({@code InvalidImputeMode}); with mode fixed, {@code imputeFixedValue}
 *       a number of magnitude at most 1e100 ({@code InvalidImputeFixedValue}; other modes ignore it, as the engine did);</li>
 *   <li>{@code period} an integer, not negative ({@code InvalidPeriod}, as the engine's parser);</li>
 *   <li>{@code sensitivity} an integer 0..100 (the engine answered 100; the native route 0..99), {@code maxAnomalyRatio} in
 *       (0, 0.49] (the engine's bound; the native route (0, 0.5)), change points'
 *       {@code stableTrendWindow} an integer ≥ 3 and {@code threshold} in [0, 1]
 *       ({@code InvalidModelArgument});</li>
 *   <li>12 to 8,640 points ({@code InvalidSeries});</li>
 *   <li>each value a finite number ({@code BadArgument}; on Azure's routes a numeric string too, as the engine's
 *       {@code float()} read it) of magnitude at most 1e100 ({@code InvalidSeries});</li>
 *   <li>timestamps (required unless granularity is none; on Azure's routes unread when it is none, as the engine
 *       ignored them) in a form Azure's engine read
 *       ({@link AzureTimestamps}, else {@code BadArgument}), ascending and unique, on the granularity's
 *       grid from the first one ({@code InvalidSeries});</li>
 *   <li>the grid at least 2·period + 1 points ({@code InvalidModelArgument}). A grid longer than
 *       {@value #MAX_FILLED} points is not refused: as in Azure's engine it is detected unfilled;</li>
 *   <li>entire and last with a period above 1: no more than half of the grid missing ({@code InvalidSeries}).</li>
 * </ol>
 * Unknown fields are ignored, as Azure did. In v1.0 {@code imputeMode} is ignored and missing grid
 * points are filled linearly.
 */
public final class DetectionRequestValidator {
    public static final int MIN_POINTS = 12;
    public static final int MAX_POINTS = 8640;
    /** The longest series on its grid once missing points are filled. */
    public static final int MAX_FILLED = Imputer.MAX_FILLED;
    public static final double MAX_ABS_VALUE = 1e100;
    /** The largest maxAnomalyRatio Azure's engine took. */
    public static final double MAX_AZURE_ANOMALY_RATIO = 0.49;

    public enum Operation { ENTIRE, LAST, CHANGEPOINT, NATIVE }

    public enum Version {
        V1_0("v1.0"), V1_1("v1.1");
        private final String wire;

        Version(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static java.util.Optional<Version> fromWire(String s) {
            for (Version v : values()) if (v.wire.equals(s)) return java.util.Optional.of(v);
            return java.util.Optional.empty();
        }
    }

    /** Azure's error: the {@code code} (also the {@code x-ms-error-code} header) and the message. */
    public record AzureError(String code, String message) {}

    /**
     * A valid request. {@code stableTrendWindow}/{@code threshold} are for change points;
     * {@code machineId}/{@code includeEnergy}/{@code includeEmbeddings}/{@code includeStreamScores} for the native route.
     */
    public record Request(List<TimePoint> series, DetectOptions options, int stableTrendWindow, double threshold,
                          String machineId, boolean includeEnergy, boolean includeEmbeddings, boolean includeStreamScores) {}

    /** Exactly one of {@code request} and {@code error} is set. */
    public record Outcome(Request request, AzureError error) {
        public boolean ok() {
            return error == null;
        }
    }

    private static final class Invalid extends RuntimeException {
        final AzureError error;

        Invalid(String code, String message) {
            super(message, null, false, false);
            this.error = new AzureError(code, message);
        }
    }

    private DetectionRequestValidator() {}

    /** The error for a body that is not JSON at all. */
    public static AzureError invalidJson() {
        return new AzureError("InvalidJsonFormat", "The request body is not a valid JSON object.");
    }

    public static Outcome validate(Object body, Operation op, Version version) {
        try {
            return new Outcome(check(body, op, version), null);
        } catch (Invalid e) {
            return new Outcome(null, e.error);
        }
    }

    /** The request fields of Azure's operations, as they are read below. */
    private static final List<String> AZURE_FIELDS = List.of("series", "granularity", "customInterval", "imputeMode",
            "imputeFixedValue", "period", "stableTrendWindow", "threshold", "sensitivity", "maxAnomalyRatio");

    /**
     * Azure's fields under their own names whatever their case ("Series", "Granularity"), as Azure's service bound its
     * JSON, so that a client sending PascalCase has its options read rather than silently dropped. A field also sent
     * under its own name keeps that value.
     */
    static Map<?, ?> azureFields(Map<?, ?> body) {
        Map<Object, Object> out = null;
        for (Object key : body.keySet()) {
            if (!(key instanceof String k) || AZURE_FIELDS.contains(k)) continue;
            for (String name : AZURE_FIELDS) {
                if (!name.equalsIgnoreCase(k) || body.containsKey(name)) continue;
                if (out == null) out = new java.util.LinkedHashMap<>(body);
                out.putIfAbsent(name, body.get(k));
            }
        }
        return out == null ? body : out;
    }

    /** A point's field by its own name, else by that name in another case ("Value", "Timestamp"). */
    private static Object field(Map<?, ?> point, String name) {
        Object v = point.get(name);
        if (v != null || point.containsKey(name)) return v;
        for (var e : point.entrySet()) {
            if (e.getKey() instanceof String k && k.equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }

    private static Request check(Object body, Operation op, Version version) {
        // on Azure's routes an empty object is no request either, as its engine coded it
        if (!(body instanceof Map<?, ?> raw) || (raw.isEmpty() && op != Operation.NATIVE)) {
            AzureError e = invalidJson();
            throw new Invalid(e.code(), e.message());
        }
        Map<?, ?> map = op == Operation.NATIVE ? raw : azureFields(raw);
        if (!map.containsKey("series")) throw new Invalid("RequiredSeries", "The 'series' field is required.");
        Object seriesRaw = map.get("series");
        if (!(seriesRaw instanceof List<?> rawPoints)) { // null or another type: the engine's BadArgument
            throw new Invalid("BadArgument", "The 'series' field must be an array of points.");
        }

        Granularity granularity = Granularity.NONE;
        Object g = map.get("granularity");
        if (g != null) {
            granularity = g instanceof String s ? Granularity.fromWire(s).orElse(null) : null;
            if (granularity == null) {
                throw new Invalid("InvalidGranularity", "The 'granularity' field must be one of yearly, monthly, weekly,"
                        + " daily, hourly, minutely, secondly, microsecond, none.");
            }
        }
        if (op == Operation.CHANGEPOINT && granularity == Granularity.NONE) {
            throw new Invalid("RequiredGranularity",
                    "The 'granularity' field is required for change point detection and cannot be 'none'.");
        }

        int customInterval = 1;
        Object ci = map.get("customInterval");
        if (ci != null) {
            Long v = integer(ci);
            if (v == null || v < 1 || v > Integer.MAX_VALUE) {
                throw new Invalid("InvalidCustomInterval", "The 'customInterval' field must be a positive integer.");
            }
            customInterval = v.intValue();
        }

        ImputeMode impute = ImputeMode.AUTO;
        double fixed = 0;
        if (version == Version.V1_1 || op == Operation.NATIVE) {
            Object im = map.get("imputeMode");
            if (im != null) {
                impute = im instanceof String s ? ImputeMode.fromWire(s).orElse(null) : null;
                if (impute == null) {
                    throw new Invalid("InvalidImputeMode", "The 'imputeMode' field must be one of auto, previous, linear,"
                            + " fixed, zero, notFill.");
                }
            }
            if (impute == ImputeMode.FIXED) { // as Azure's engine: the value is read for mode fixed only, else ignored
                Double f = number(map.get("imputeFixedValue"));
                if (f == null || !Double.isFinite(f)) {
                    throw new Invalid("InvalidImputeFixedValue",
                            "The 'imputeFixedValue' field must be a number, and is required when 'imputeMode' is 'fixed'.");
                }
                if (Math.abs(f) > MAX_ABS_VALUE) {
                    // the series' own bound: a fill beyond it overflowed the decomposition into NaN and infinite margins
                    throw new Invalid("InvalidImputeFixedValue", "The 'imputeFixedValue' field is out of range: its absolute"
                            + " value must not exceed 1e100.");
                }
                fixed = f;
            }
        }

        Integer period = null;
        Object p = map.get("period");
        if (p != null) {
            Long v = integer(p);
            // the engine's parser: a negative period is as invalid as a fractional one, in its words
            if (v == null || v < 0) throw new Invalid("InvalidPeriod", "The 'period' field must be an integer >= 0.");
            period = (int) Math.min(v, Integer.MAX_VALUE);
        }

        int sensitivity = op == Operation.NATIVE ? DetectOptions.NATIVE_DEFAULT_SENSITIVITY : DetectOptions.DEFAULT_SENSITIVITY;
        double ratio = DetectOptions.DEFAULT_MAX_ANOMALY_RATIO;
        Integer stableTrendWindow = null; // absent: the granularity's default, once the series' length is known
        Double threshold = null;
        if (op == Operation.CHANGEPOINT) {
            Object w = map.get("stableTrendWindow");
            if (w != null) {
                Long v = integer(w);
                if (v == null || v < 3 || v > MAX_POINTS) {
                    throw new Invalid("InvalidModelArgument", "The 'stableTrendWindow' field must be an integer of at least 3.");
                }
                stableTrendWindow = v.intValue();
            }
            Object th = map.get("threshold");
            if (th != null) {
                Double v = number(th);
                if (v == null || !(v >= 0 && v <= 1)) {
                    throw new Invalid("InvalidModelArgument", "The 'threshold' field must be between 0 and 1.");
                }
                threshold = v;
            }
        } else {
            Object s = map.get("sensitivity");
            if (s != null) {
                Long v = integer(s);
                // Azure's routes take the 100 its engine answered; the native route the 0-99 seed 002 documents
                int max = op == Operation.NATIVE ? DetectOptions.MAX_SENSITIVITY - 1 : DetectOptions.MAX_SENSITIVITY;
                if (v == null || v < 0 || v > max) {
                    throw new Invalid("InvalidModelArgument", "The 'sensitivity' field must be an integer between 0 and "
                            + max + ".");
                }
                sensitivity = v.intValue();
            }
            Object r = map.get("maxAnomalyRatio");
            if (r != null) {
                Double v = number(r);
                if (op == Operation.NATIVE) {
                    if (v == null || !(v > 0 && v < 0.5)) {
                        throw new Invalid("InvalidModelArgument",
                                "The 'maxAnomalyRatio' field must be greater than 0 and less than 0.5.");
                    }
                } else if (v == null || !(v > 0 && v <= MAX_AZURE_ANOMALY_RATIO)) {
                    // the engine's parser refused above 0.49, with a message that says 0.5
                    throw new Invalid("InvalidModelArgument", "The 'maxAnomalyRatio' field must be less than 50% of the"
                            + " series points (0 < maxAnomalyRatio < 0.5).");
                }
                ratio = v;
            }
        }

        String machineId = null;
        boolean includeEnergy = true, includeEmbeddings = false, includeStreamScores = false;
        if (op == Operation.NATIVE) {
            Object m = map.get("machine_id");
            if (m != null && !(m instanceof String)) throw new Invalid("BadArgument", "The 'machine_id' field must be a string.");
            machineId = (String) m;
            includeEnergy = flag(map.get("include_energy"), "include_energy", true);
            includeEmbeddings = flag(map.get("include_embeddings"), "include_embeddings", false);
            includeStreamScores = flag(map.get("include_stream_scores"), "include_stream_scores", false);
        }

        int n = rawPoints.size();
        if (n < MIN_POINTS) throw new Invalid("InvalidSeries", "The 'series' field must have at least 12 points.");
        if (n > MAX_POINTS) throw new Invalid("InvalidSeries", "The 'series' field cannot have more than 8640 points.");

        List<TimePoint> series = new ArrayList<>(n);
        boolean needTime = granularity != Granularity.NONE;
        // Azure's engine read a series without a granularity as values alone: its timestamps, whatever they held, unread;
        // and each value as Python's float() reads it, so a numeric string too. The native route keeps both strict.
        boolean azure = op != Operation.NATIVE;
        boolean readTime = needTime || !azure;
        boolean allTimed = true;
        for (int i = 0; i < n; i++) {
            if (!(rawPoints.get(i) instanceof Map<?, ?> pt)) {
                throw new Invalid("BadArgument", "The point at index " + i + " must be an object with 'timestamp' and 'value'.");
            }
            Double v = azure ? azureNumber(field(pt, "value")) : number(pt.get("value"));
            if (v != null && Double.isInfinite(v)) { // a JSON number beyond a double's range (1e400): out of range, as 1e101 is
                throw new Invalid("InvalidSeries", "The 'value' at index " + i + " is out of range: its absolute value"
                        + " must not exceed 1e100.");
            }
            if (v == null || !Double.isFinite(v)) {
                throw new Invalid("BadArgument", "The 'value' at index " + i + " is not a valid number.");
            }
            if (Math.abs(v) > MAX_ABS_VALUE) {
                throw new Invalid("InvalidSeries", "The 'value' at index " + i + " is out of range: its absolute value"
                        + " must not exceed 1e100.");
            }
            Object ts = !readTime ? null : azure ? field(pt, "timestamp") : pt.get("timestamp");
            Instant t = null;
            if (ts != null) {
                t = ts instanceof String s ? parseTime(s) : null;
                if (t == null) {
                    throw new Invalid("BadArgument", "The 'timestamp' at index " + i + " is not a valid date-time"
                            + " (ISO 8601 such as 2020-07-15T03:35:00Z or 2020-07-15 03:35:00, or 12/16/2021 4:39:32 AM).");
                }
            } else if (needTime) {
                throw new Invalid("InvalidSeries", "The 'timestamp' at index " + i + " is required when 'granularity' is "
                        + granularity.wire() + ".");
            } else {
                allTimed = false;
            }
            series.add(new TimePoint(t, v));
        }

        long gridLength = n;
        if (allTimed) {
            for (int i = 1; i < n; i++) {
                int c = series.get(i).timestamp().compareTo(series.get(i - 1).timestamp());
                if (c == 0) throw new Invalid("InvalidSeries", "The 'series' field cannot have duplicated timestamp.");
                if (c < 0) throw new Invalid("InvalidSeries", "The 'series' field must be sorted by timestamp in ascending order.");
            }
        } else {
            series = series.stream().map(pt -> TimePoint.of(pt.value())).toList();
        }
        if (needTime) {
            Instant origin = series.get(0).timestamp();
            long k = 0;
            for (int i = 1; i < n; i++) {
                long previous = k;
                k = granularity.gridIndex(origin, series.get(i).timestamp(), customInterval, MAX_FILLED);
                // k <= previous: two times of one day on a monthly or yearly grid, whose steps are dates
                if (k < 0 || (k <= previous && k <= MAX_FILLED)) {
                    throw new Invalid("InvalidSeries", "The 'timestamp' at index " + i + " is invalid in " + granularity.wire()
                            + " granularity with " + customInterval + " " + granularity.wire() + " as interval.");
                }
            }
            // as Azure's engine: a grid longer than Imputer.MAX_FILLED is detected as given, not filled
            if (impute != ImputeMode.NOT_FILL && k < MAX_FILLED) gridLength = k + 1;
        }
        if (period != null && gridLength < 2L * period + 1) {
            throw new Invalid("InvalidModelArgument", "The 'period' field is too large for the series: at least"
                    + " 2 * period + 1 points are needed.");
        }
        // a window longer than half the series leaves no boundary with a window on both sides: no change point could
        // ever be found, and a 200 without any said nothing of why (a clear step was missed)
        if (stableTrendWindow != null && gridLength < 2L * stableTrendWindow) {
            throw new Invalid("InvalidModelArgument", "The 'stableTrendWindow' field is too large for the series: at least"
                    + " 2 * stableTrendWindow points are needed.");
        }
        // as Azure's engine: a seasonal series needs at least half of its grid, however it is filled (without a period
        // asked, such a series is detected without a season: AnomalyDetector)
        if (period != null && period > 1 && needTime && (op == Operation.ENTIRE || op == Operation.LAST)) {
            if (Imputer.mostlyMissing(series, granularity, customInterval)) {
                long grid = Imputer.gridPoints(series, granularity, customInterval);
                throw new Invalid("InvalidSeries", "Ratio of missing points should be less than 50% for seasonal timeseries."
                        + " There should be at least " + (long) Math.ceil(grid * (1 - Imputer.MOSTLY_MISSING)) + " points, but got "
                        + n + " points.");
            }
        }
        DetectOptions options = new DetectOptions(granularity, customInterval, period, sensitivity, ratio, impute, fixed);
        return new Request(List.copyOf(series), options,
                stableTrendWindow != null ? stableTrendWindow : ChangePointDetector.defaultWindow(granularity, gridLength),
                threshold != null ? threshold : ChangePointDetector.defaultThreshold(granularity), machineId, includeEnergy,
                includeEmbeddings, includeStreamScores);
    }

    /** The common {@code yyyy-MM-ddTHH:mm:ssZ} without the general parser (a tenth of its cost); null otherwise. */
    static Instant parseUtcSeconds(String s) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
            return null;
        }
        int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2), mi = digits(s, 14, 2),
                se = digits(s, 17, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return null;
        boolean leap = java.time.Year.isLeap(y);
        if (d > java.time.Month.of(mo).length(leap)) return null;
        return Instant.ofEpochSecond(epochDay(y, mo, d, leap) * 86400 + h * 3600L + mi * 60L + se);
    }

    /** {@code LocalDate.of(y, mo, d).toEpochDay()} for a valid date of a year 0 to 9999, without the LocalDate. */
    static long epochDay(int y, int mo, int d, boolean leap) {
        long days = 365L * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400 + (367 * mo - 362) / 12 + d - 1;
        if (mo > 2) days -= leap ? 1 : 2;
        return days - 719_528; // days from 0000-01-01 to 1970-01-01
    }

    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean flag(Object v, String name, boolean dflt) {
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new Invalid("BadArgument", "The '" + name + "' field must be a boolean.");
    }

    /** A JSON number as a double; null for anything else (strings included). */
    static Double number(Object v) {
        if (v instanceof Number num) return num.doubleValue();
        return null;
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.regex.Pattern NON_FINITE =
            java.util.regex.Pattern.compile("(?i)([+-]?)(nan|inf|infinity)");

    /**
     * A point's value as Azure's engine read it ({@code float(value)}): a JSON number, or a string holding a decimal
     * number (spaces around it allowed), {@code nan}, {@code inf} or {@code infinity}; null for anything else.
     */
    static Double azureNumber(Object v) {
        if (!(v instanceof String s)) return number(v);
        String t = s.strip().replaceAll("(?<=\\d)_(?=\\d)", ""); // float() takes 1_000 as 1000
        if (DECIMAL.matcher(t).matches()) return Double.parseDouble(t);
        java.util.regex.Matcher m = NON_FINITE.matcher(t);
        if (!m.matches()) return null;
        if (m.group(2).equalsIgnoreCase("nan")) return Double.NaN;
        return m.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** A JSON number with no fractional part as a long; null otherwise. */
    static Long integer(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) return b.bitLength() < 63 ? b.longValue() : (b.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
        if (v instanceof BigDecimal b) {
            try {
                return b.stripTrailingZeros().scale() <= 0 ? b.longValueExact() : null;
            } catch (ArithmeticException e) {
                return b.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
            }
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d) || d != Math.rint(d)) return null;
            return (long) d;
        }
        return null;
    }

    /** A timestamp in one of the forms Azure's engine read (see {@link AzureTimestamps}); null if malformed. */
    static Instant parseTime(String s) {
        Instant fast = parseUtcSeconds(s);
        return fast != null ? fast : AzureTimestamps.parse(s);
    }
}
