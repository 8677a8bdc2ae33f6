package io.wattline.detection;

import io.wattline.analytics.detect.Granularity;
import io.wattline.analytics.detect.ImputeMode;
import io.wattline.detection.DetectionRequestValidator.Operation;
import io.wattline.detection.DetectionRequestValidator.Outcome;
import io.wattline.detection.DetectionRequestValidator.Version;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectionRequestValidatorTest {

    static List<Object> hourly(int n) {
        List<Object> s = new ArrayList<>();
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) s.add(point(t0.plusSeconds(3600L * i).toString(), 1.0 + i % 3));
        return s;
    }

    static Map<String, Object> point(Object ts, Object v) {
        Map<String, Object> p = new HashMap<>();
        if (ts != null) p.put("timestamp", ts);
        p.put("value", v);
        return p;
    }

    static Map<String, Object> body(List<Object> series) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("series", series);
        b.put("granularity", "hourly");
        return b;
    }

    static void assertError(Outcome o, String code, String message) {
        assertNull(o.request());
        assertEquals(code, o.error().code());
        if (message != null) assertEquals(message, o.error().message());
    }

    static Outcome v11(Object body) {
        return DetectionRequestValidator.validate(body, Operation.ENTIRE, Version.V1_1);
    }

    /** A client that sends PascalCase (as Azure's service bound it, case-insensitively) has its options read. */
    @Test
    void azureFieldsAreReadInAnyCase() {
        List<Object> series = new ArrayList<>();
        for (Object p : hourly(24)) {
            Map<?, ?> m = (Map<?, ?>) p;
            series.add(Map.of("Timestamp", m.get("timestamp"), "VALUE", m.get("value")));
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("Series", series);
        b.put("Granularity", "hourly");
        b.put("Sensitivity", 10);
        b.put("MaxAnomalyRatio", 0.01);
        b.put("Period", 5);
        Outcome o = v11(b);
        assertTrue(o.ok(), String.valueOf(o.error()));
        assertEquals(10, o.request().options().sensitivity());
        assertEquals(0.01, o.request().options().maxAnomalyRatio());
        assertEquals(5, o.request().options().period());
        assertEquals(Granularity.HOURLY, o.request().options().granularity());
        assertEquals(2.0, o.request().series().get(1).value());
        assertEquals(Instant.parse("2024-01-01T01:00:00Z"), o.request().series().get(1).timestamp());
        // the field under its own name wins; the native API keeps its names exact
        b.put("sensitivity", 50);
        assertEquals(50, v11(b).request().options().sensitivity());
        assertError(DetectionRequestValidator.validate(Map.of("Series", hourly(24)), Operation.NATIVE, Version.V1_1), "RequiredSeries", null);
    }

    @Test
    void validRequestGetsAzureDefaults() {
        Outcome o = v11(body(hourly(24)));
        assertTrue(o.ok());
        assertEquals(99, o.request().options().sensitivity());
        assertEquals(0.25, o.request().options().maxAnomalyRatio());
        assertEquals(Granularity.HOURLY, o.request().options().granularity());
        assertNull(o.request().options().period());
        assertEquals(24, o.request().series().size());
        Outcome nat = DetectionRequestValidator.validate(body(hourly(24)), Operation.NATIVE, Version.V1_1);
        assertEquals(95, nat.request().options().sensitivity());
        assertTrue(nat.request().includeEnergy());
    }

    @Test
    void seriesSizeLimits() {
        assertError(v11(body(hourly(11))), "InvalidSeries", "The 'series' field must have at least 12 points.");
        assertError(v11(body(hourly(8641))), "InvalidSeries", "The 'series' field cannot have more than 8640 points.");
        assertTrue(v11(body(hourly(8640))).ok());
        assertTrue(v11(body(hourly(12))).ok());
        Map<String, Object> b = body(hourly(12));
        b.remove("series");
        assertError(v11(b), "RequiredSeries", null);
        assertError(v11("not an object"), "InvalidJsonFormat", null);
        // the codes Azure's engine gave: an empty object is no JSON request, a series that is null or no array a bad argument
        assertError(v11(new HashMap<>()), "InvalidJsonFormat", null);
        assertError(DetectionRequestValidator.validate(new HashMap<>(), Operation.NATIVE, Version.V1_1), "RequiredSeries", null);
        b.put("series", null);
        assertError(v11(b), "BadArgument", "The 'series' field must be an array of points.");
        b.put("series", Map.of("value", 1));
        assertError(v11(b), "BadArgument", "The 'series' field must be an array of points.");
    }

    @Test
    void orderDuplicatesAndGrid() {
        List<Object> s = hourly(20);
        Object tmp = s.get(5);
        s.set(5, s.get(6));
        s.set(6, tmp);
        assertError(v11(body(s)), "InvalidSeries", "The 'series' field must be sorted by timestamp in ascending order.");
        List<Object> d = hourly(20);
        d.set(6, point(((Map<?, ?>) d.get(5)).get("timestamp"), 1));
        assertError(v11(body(d)), "InvalidSeries", "The 'series' field cannot have duplicated timestamp.");
        List<Object> g = hourly(20);
        g.set(7, point("2024-01-01T06:30:00Z", 1));
        assertError(v11(body(g)), "InvalidSeries", "The 'timestamp' at index 7 is invalid in hourly granularity with 1 hourly as interval.");
        Map<String, Object> five = body(hourly(20));
        five.put("granularity", "minutely");
        five.put("customInterval", 7);
        assertError(v11(five), "InvalidSeries", "The 'timestamp' at index 1 is invalid in minutely granularity with 7 minutely as interval.");
        five.put("customInterval", 60);
        assertTrue(v11(five).ok());
        // gaps are fine (they are imputed)
        List<Object> gap = hourly(30);
        gap.remove(10);
        assertTrue(v11(body(gap)).ok());
    }

    @Test
    void monthlyGridUsesCalendarMonths() {
        List<Object> s = new ArrayList<>();
        for (int i = 0; i < 14; i++) s.add(point(String.format("%d-%02d-01T00:00:00Z", 2020 + i / 12, 1 + i % 12), i));
        Map<String, Object> b = body(s);
        b.put("granularity", "monthly");
        assertTrue(v11(b).ok());
        s.set(3, point("2020-04-02T00:00:00Z", 3));
        assertEquals("InvalidSeries", v11(b).error().code());
    }

    @Test
    void monthEndsAndClampedDaysAreWholeMonthsAsAzuresEngineCountedThem() {
        // month-ends (Jan 31, Feb 29, Mar 31, ...), the 30th (Feb 28 in 2021), first-of-month at +01:00 (23:00 UTC on
        // the month before's last day), quarter-ends every 3 months, and a leap day's yearly series: all answered by Azure
        List<List<String>> series = List.of(
                monthEnds(2020, 1, 14, 1),
                List.of("2021-01-30T00:00:00Z", "2021-02-28T00:00:00Z", "2021-03-30T00:00:00Z", "2021-04-30T00:00:00Z",
                        "2021-05-30T00:00:00Z", "2021-06-30T00:00:00Z", "2021-07-30T00:00:00Z", "2021-08-30T00:00:00Z",
                        "2021-09-30T00:00:00Z", "2021-10-30T00:00:00Z", "2021-11-30T00:00:00Z", "2021-12-30T00:00:00Z"),
                firstsAtPlusOne(2020, 14));
        for (List<String> times : series) {
            List<Object> s = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) s.add(point(times.get(i), i % 5));
            Map<String, Object> b = body(s);
            b.put("granularity", "monthly");
            assertTrue(v11(b).ok(), times + " -> " + (v11(b).ok() ? "" : v11(b).error().message()));
        }
        List<Object> quarters = new ArrayList<>();
        List<String> ends = monthEnds(2019, 3, 12, 3);
        for (int i = 0; i < ends.size(); i++) quarters.add(point(ends.get(i), i));
        Map<String, Object> q = body(quarters);
        q.put("granularity", "monthly");
        q.put("customInterval", 3);
        assertTrue(v11(q).ok());
        List<Object> years = new ArrayList<>();
        for (int y = 2000; y < 2012; y++) years.add(point(y % 4 == 0 ? y + "-02-29T00:00:00Z" : y + "-02-28T00:00:00Z", y));
        Map<String, Object> leap = body(years);
        leap.put("granularity", "yearly");
        assertTrue(v11(leap).ok());
        // another day is still off the grid
        List<Object> off = new ArrayList<>();
        List<String> m = monthEnds(2020, 1, 14, 1);
        for (int i = 0; i < m.size(); i++) off.add(point(i == 5 ? m.get(i).replace("-30T", "-29T").replace("-31T", "-29T") : m.get(i), i));
        Map<String, Object> bad = body(off);
        bad.put("granularity", "monthly");
        assertEquals("InvalidSeries", v11(bad).error().code());
    }

    @Test
    void monthlyAndYearlyStepsAreDatesWhateverTheTimeOfDay() {
        // Azure's engine counted calendar steps by dates alone: a monthly series whose times of day differ (local
        // midnights across a clock change, or readings stamped when they were taken) was answered
        List<Object> s = new ArrayList<>();
        for (int m = 1; m <= 12; m++) s.add(point(String.format("2023-%02d-01T%02d:00:00Z", m, m), m % 3));
        Map<String, Object> b = body(s);
        b.put("granularity", "monthly");
        assertTrue(v11(b).ok(), () -> v11(b).error().message());
        List<Object> local = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            local.add(point(String.format("2023-%02d-15T00:00:00%s", m, m >= 4 && m <= 10 ? "+02:00" : "+01:00"), m % 4));
        }
        Map<String, Object> l = body(local);
        l.put("granularity", "monthly");
        assertTrue(v11(l).ok(), () -> v11(l).error().message());
        List<Object> years = new ArrayList<>();
        for (int y = 2000; y < 2012; y++) years.add(point(y + "-06-30T" + String.format("%02d", y - 2000) + ":30:00Z", y % 3));
        Map<String, Object> yb = body(years);
        yb.put("granularity", "yearly");
        assertTrue(v11(yb).ok(), () -> v11(yb).error().message());
        // two times of one day are one step of the grid twice: refused, not stacked on one position
        s.set(5, point("2023-05-01T23:00:00Z", 1));
        assertError(v11(b), "InvalidSeries", "The 'timestamp' at index 5 is invalid in monthly granularity with 1 monthly as interval.");
    }

    @Test
    void withoutAGranularityAzureReadsValuesAloneAndNativeStillReadsTimestamps() {
        // descending, duplicated and unreadable timestamps: unread by Azure's engine when there is no granularity
        for (List<Object> stamps : List.<List<Object>>of(
                List.of("2024-01-01T00:11:00Z", "2024-01-01T00:10:00Z"), List.of("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
                List.of("n/a", 12))) {
            List<Object> s = new ArrayList<>();
            for (int i = 0; i < 12; i++) s.add(point(stamps.get(Math.min(i, stamps.size() - 1)), i % 3));
            Map<String, Object> b = new HashMap<>(Map.of("series", s, "granularity", "none"));
            for (Operation op : List.of(Operation.ENTIRE, Operation.LAST)) {
                Outcome o = DetectionRequestValidator.validate(b, op, Version.V1_1);
                assertTrue(o.ok(), () -> stamps + " " + op + ": " + o.error().message());
                assertTrue(o.request().series().stream().allMatch(pt -> pt.timestamp() == null));
            }
            b.remove("granularity");
            assertTrue(v11(b).ok());
            assertEquals(false, DetectionRequestValidator.validate(b, Operation.NATIVE, Version.V1_1).ok(), "native keeps them strict");
        }
    }

    @Test
    void azureReadsNumericStringsAsItsEngineDidAndNativeDoesNot() {
        List<Object> s = hourly(20);
        s.set(3, point(((Map<?, ?>) s.get(3)).get("timestamp"), " 1.5e1 "));
        s.set(4, point(((Map<?, ?>) s.get(4)).get("timestamp"), "-2"));
        s.set(5, point(((Map<?, ?>) s.get(5)).get("timestamp"), ".5"));
        Outcome o = v11(body(s));
        assertTrue(o.ok(), () -> o.error().message());
        assertEquals(15.0, o.request().series().get(3).value());
        assertEquals(-2.0, o.request().series().get(4).value());
        assertEquals(0.5, o.request().series().get(5).value());
        assertError(DetectionRequestValidator.validate(body(s), Operation.NATIVE, Version.V1_1), "BadArgument",
                "The 'value' at index 3 is not a valid number.");
        // what float() reads but no series holds: NaN is not a number, infinity out of range; Java's own forms refused
        s.set(6, point(((Map<?, ?>) s.get(6)).get("timestamp"), "NaN"));
        assertError(v11(body(s)), "BadArgument", "The 'value' at index 6 is not a valid number.");
        s.set(6, point(((Map<?, ?>) s.get(6)).get("timestamp"), "-inf"));
        assertError(v11(body(s)), "InvalidSeries", "The 'value' at index 6 is out of range: its absolute value must not exceed 1e100.");
        s.set(6, point(((Map<?, ?>) s.get(6)).get("timestamp"), "1_000"));
        assertEquals(1000.0, v11(body(s)).request().series().get(6).value());
        for (String bad : List.of("1.5d", "0x10", "_1", "1__0", "", "1e", "true")) {
            s.set(6, point(((Map<?, ?>) s.get(6)).get("timestamp"), bad));
            assertError(v11(body(s)), "BadArgument", "The 'value' at index 6 is not a valid number.");
        }
    }

    static List<String> monthEnds(int year, int month, int count, int step) {
        List<String> out = new ArrayList<>();
        java.time.YearMonth ym = java.time.YearMonth.of(year, month);
        for (int i = 0; i < count; i++, ym = ym.plusMonths(step)) out.add(ym.atEndOfMonth() + "T00:00:00Z");
        return out;
    }

    static List<String> firstsAtPlusOne(int year, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(String.format("%d-%02d-01T00:00:00+01:00", year + i / 12, 1 + i % 12));
        return out;
    }

    @Test
    void valuesAndTimestamps() {
        List<Object> s = hourly(20);
        s.set(3, point(((Map<?, ?>) s.get(3)).get("timestamp"), "abc"));
        assertError(v11(body(s)), "BadArgument", "The 'value' at index 3 is not a valid number.");
        s = hourly(20);
        s.set(4, point(((Map<?, ?>) s.get(4)).get("timestamp"), 2e100));
        assertEquals("InvalidSeries", v11(body(s)).error().code());
        // a JSON number beyond a double (1e400 reads as infinity): out of range too, not "not a valid number"
        s.set(4, point(((Map<?, ?>) s.get(4)).get("timestamp"), Double.NEGATIVE_INFINITY));
        assertError(v11(body(s)), "InvalidSeries", "The 'value' at index 4 is out of range: its absolute value must not exceed 1e100.");
        s = hourly(20);
        s.set(2, point("yesterday", 1));
        assertEquals("BadArgument", v11(body(s)).error().code());
        s = hourly(20);
        s.set(2, point(null, 1));
        assertEquals("InvalidSeries", v11(body(s)).error().code());
        // granularity none: timestamps optional
        List<Object> bare = new ArrayList<>();
        for (int i = 0; i < 12; i++) bare.add(point(null, i));
        Map<String, Object> b = new HashMap<>(Map.of("series", bare));
        assertTrue(v11(b).ok());
    }

    @Test
    void modelArguments() {
        Map<String, Object> b = body(hourly(30));
        // Azure documented 0..99 but its engine answered 100 (22 of its reference requests send it)
        b.put("sensitivity", 100);
        assertEquals(100, v11(b).request().options().sensitivity());
        assertError(DetectionRequestValidator.validate(b, Operation.NATIVE, Version.V1_1), "InvalidModelArgument",
                "The 'sensitivity' field must be an integer between 0 and 99."); // seed 002: 0-99
        b.put("sensitivity", 99);
        assertTrue(DetectionRequestValidator.validate(b, Operation.NATIVE, Version.V1_1).ok());
        b.put("sensitivity", 101);
        assertError(v11(b), "InvalidModelArgument", "The 'sensitivity' field must be an integer between 0 and 100.");
        b.put("sensitivity", -1);
        assertError(v11(b), "InvalidModelArgument", null);
        b.put("sensitivity", 0);
        assertTrue(v11(b).ok());
        b.put("maxAnomalyRatio", 0.5);
        assertError(v11(b), "InvalidModelArgument", null);
        b.put("maxAnomalyRatio", 0.0);
        assertError(v11(b), "InvalidModelArgument", null);
        // the engine's bound is 0.49, in v1.0 too; the native route keeps (0, 0.5)
        b.put("maxAnomalyRatio", 0.495);
        String ratioMessage = "The 'maxAnomalyRatio' field must be less than 50% of the series points (0 < maxAnomalyRatio < 0.5).";
        assertError(v11(b), "InvalidModelArgument", ratioMessage);
        assertError(DetectionRequestValidator.validate(b, Operation.ENTIRE, Version.V1_0), "InvalidModelArgument", ratioMessage);
        assertError(DetectionRequestValidator.validate(b, Operation.LAST, Version.V1_1), "InvalidModelArgument", ratioMessage);
        b.put("sensitivity", 95);
        assertEquals(0.495, DetectionRequestValidator.validate(b, Operation.NATIVE, Version.V1_1).request().options().maxAnomalyRatio());
        b.put("sensitivity", 0);
        b.put("maxAnomalyRatio", 0.49);
        assertTrue(v11(b).ok());
        // as the engine's parser: a negative period is an InvalidPeriod, in its words
        b.put("period", -1);
        assertError(v11(b), "InvalidPeriod", "The 'period' field must be an integer >= 0.");
        b.put("period", 2.5);
        assertError(v11(b), "InvalidPeriod", "The 'period' field must be an integer >= 0.");
        b.put("period", 15);
        assertError(v11(b), "InvalidModelArgument", null); // 30 < 2*15+1
        b.put("period", 14);
        assertTrue(v11(b).ok());
        assertEquals(14, v11(b).request().options().period());
    }

    /**
     * Every third hour of ten days: with a period asked, Azure's engine refused a seasonal series missing more than half
     * of its grid (we answered a 200 with period 24); without one it detected it without a season (AnomalyDetectorTest).
     */
    @Test
    void aSeasonalSeriesMissingMoreThanHalfItsGridIsRefused() {
        List<Map<String, Object>> points = new ArrayList<>();
        java.time.Instant start = java.time.Instant.parse("2024-01-01T00:00:00Z");
        for (int h = 0; h < 240; h += 3) {
            points.add(Map.of("timestamp", start.plusSeconds(3600L * h).toString(), "value", 100 + 20 * Math.sin(2 * Math.PI * h / 24)));
        }
        Map<String, Object> b = new HashMap<>(Map.of("series", points, "granularity", "hourly", "period", 24));
        String message = "Ratio of missing points should be less than 50% for seasonal timeseries. There should be at least"
                + " 119 points, but got 80 points."; // a grid of 238 hours
        assertError(v11(b), "InvalidSeries", message);
        assertError(DetectionRequestValidator.validate(b, Operation.LAST, Version.V1_0), "InvalidSeries", message);
        b.put("imputeMode", "notFill");
        assertError(v11(b), "InvalidSeries", message);
        b.remove("imputeMode");
        b.put("period", 1);
        assertTrue(v11(b).ok());
        b.remove("period");
        assertTrue(v11(b).ok());
        b.put("period", 24);
        assertTrue(DetectionRequestValidator.validate(b, Operation.NATIVE, Version.V1_1).ok());
    }

    @Test
    void granularityIntervalAndImpute() {
        Map<String, Object> b = body(hourly(30));
        b.put("granularity", "fortnightly");
        assertError(v11(b), "InvalidGranularity", null);
        b.put("granularity", "hourly");
        b.put("customInterval", 0);
        assertError(v11(b), "InvalidCustomInterval", null);
        b.remove("customInterval");
        b.put("imputeMode", "guess");
        assertError(v11(b), "InvalidImputeMode", null);
        assertTrue(DetectionRequestValidator.validate(b, Operation.ENTIRE, Version.V1_0).ok(), "v1.0 ignores imputeMode");
        b.put("imputeMode", "fixed");
        assertError(v11(b), "InvalidImputeFixedValue", null);
        b.put("imputeFixedValue", "x");
        assertError(v11(b), "InvalidImputeFixedValue", null);
        b.put("imputeFixedValue", 1.0000001e100); // beyond the bound of the series' own values
        assertError(v11(b), "InvalidImputeFixedValue", "The 'imputeFixedValue' field is out of range: its absolute value must not exceed 1e100.");
        b.put("imputeFixedValue", -1e100);
        assertTrue(v11(b).ok());
        b.put("imputeFixedValue", 3.5);
        Outcome ok = v11(b);
        assertEquals(ImputeMode.FIXED, ok.request().options().imputeMode());
        assertEquals(3.5, ok.request().options().imputeFixedValue());
        // other modes do not read it, as Azure's engine did not: whatever it holds is ignored
        for (Object ignored : List.of("abc", 1e200, Double.NaN)) {
            for (String mode : List.of("auto", "linear")) {
                b.put("imputeMode", mode);
                b.put("imputeFixedValue", ignored);
                assertTrue(v11(b).ok(), mode + " with " + ignored);
            }
            b.remove("imputeMode");
            assertTrue(v11(b).ok(), "no mode with " + ignored);
        }
    }

    @Test
    void imputeModeIsReadInAnyCasingAsGranularityIs() {
        Map<String, Object> b = body(hourly(30));
        b.put("granularity", "Hourly");
        Map<String, ImputeMode> spellings = new LinkedHashMap<>();
        spellings.put("Linear", ImputeMode.LINEAR);
        spellings.put("PREVIOUS", ImputeMode.PREVIOUS);
        spellings.put("notfill", ImputeMode.NOT_FILL);
        spellings.put("NotFill", ImputeMode.NOT_FILL);
        spellings.put("Zero", ImputeMode.ZERO);
        spellings.put("AUTO", ImputeMode.AUTO);
        for (var s : spellings.entrySet()) {
            b.put("imputeMode", s.getKey());
            Outcome o = v11(b);
            assertTrue(o.ok(), s.getKey() + ": " + o.error());
            assertEquals(Granularity.HOURLY, o.request().options().granularity());
            assertEquals(s.getValue(), o.request().options().imputeMode(), s.getKey());
        }
        b.put("imputeMode", "Fixed");
        assertError(v11(b), "InvalidImputeFixedValue", null);
        b.put("imputeFixedValue", 2);
        assertEquals(ImputeMode.FIXED, v11(b).request().options().imputeMode());
        // still only the six names
        for (String wrong : List.of("not fill", "linear ", "", "lin")) {
            b.put("imputeMode", wrong);
            assertError(v11(b), "InvalidImputeMode", null);
        }
    }

    @Test
    void changePointNeedsAGranularity() {
        Map<String, Object> b = body(hourly(30));
        b.remove("granularity");
        List<Object> bare = new ArrayList<>();
        for (int i = 0; i < 30; i++) bare.add(point(null, i));
        b.put("series", bare);
        assertError(DetectionRequestValidator.validate(b, Operation.CHANGEPOINT, Version.V1_1), "RequiredGranularity", null);
        Map<String, Object> c = body(hourly(30));
        c.put("threshold", 1.5);
        assertError(DetectionRequestValidator.validate(c, Operation.CHANGEPOINT, Version.V1_1), "InvalidModelArgument", null);
        c.put("threshold", 0.5);
        c.put("stableTrendWindow", 2);
        assertError(DetectionRequestValidator.validate(c, Operation.CHANGEPOINT, Version.V1_1), "InvalidModelArgument", null);
        c.put("stableTrendWindow", 5);
        Outcome o = DetectionRequestValidator.validate(c, Operation.CHANGEPOINT, Version.V1_1);
        assertEquals(5, o.request().stableTrendWindow());
        assertEquals(0.5, o.request().threshold());
        // a window over half the series leaves no boundary to judge: said, not answered with no change point at all
        c.put("stableTrendWindow", 16);
        Outcome tooLong = DetectionRequestValidator.validate(c, Operation.CHANGEPOINT, Version.V1_1);
        assertError(tooLong, "InvalidModelArgument", null);
        assertTrue(tooLong.error().message().contains("at least 2 * stableTrendWindow points"), tooLong.error().message());
        c.put("stableTrendWindow", 15);
        assertEquals(15, DetectionRequestValidator.validate(c, Operation.CHANGEPOINT, Version.V1_1).request().stableTrendWindow());
    }

    @Test
    void timestampForms() {
        assertEquals(Instant.parse("2024-02-29T23:59:58Z"), DetectionRequestValidator.parseTime("2024-02-29T23:59:58Z"));
        assertEquals(Instant.parse("2024-02-29T22:59:58Z"), DetectionRequestValidator.parseTime("2024-02-29T23:59:58+01:00"));
        assertEquals(Instant.parse("2024-02-29T23:59:58.250Z"), DetectionRequestValidator.parseTime("2024-02-29T23:59:58.25Z"));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z"), DetectionRequestValidator.parseTime("2024-03-01T00:00:00"));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z"), DetectionRequestValidator.parseTime("2024-03-01"));
        assertNull(DetectionRequestValidator.parseTime("2023-02-29T00:00:00Z"));
        assertNull(DetectionRequestValidator.parseTime("2023-13-01T00:00:00Z"));
        assertNull(DetectionRequestValidator.parseTime("2023-01-01T24:00:00Z"));
        assertNull(DetectionRequestValidator.parseTime("tomorrow"));
    }

    @Test
    void azureEngineTimestampForms() {
        Instant t = Instant.parse("2020-07-15T03:35:00Z");
        assertEquals(t, DetectionRequestValidator.parseTime("2020-07-15 03:35:00"));
        assertEquals(t, DetectionRequestValidator.parseTime("2020-07-15 03:35"));
        assertEquals(t, DetectionRequestValidator.parseTime("2020-07-15T03:35"));
        assertEquals(t, DetectionRequestValidator.parseTime("2020/07/15 03:35:00"));
        assertEquals(t, DetectionRequestValidator.parseTime("2020-07-15 05:35:00 +0200"));
        assertEquals(t, DetectionRequestValidator.parseTime("2020-07-15T05:35:00+02"));
        assertEquals(t, DetectionRequestValidator.parseTime("7/15/2020 3:35:00 AM"));
        assertEquals(t, DetectionRequestValidator.parseTime("07/15/20 03:35"));
        assertEquals(Instant.parse("2021-12-16T04:39:32Z"), DetectionRequestValidator.parseTime("12/16/2021 4:39:32 AM"));
        assertEquals(Instant.parse("2021-12-16T16:39:32Z"), DetectionRequestValidator.parseTime("12/16/2021 4:39:32 PM"));
        assertEquals(Instant.parse("2021-12-16T00:39:32Z"), DetectionRequestValidator.parseTime("12/16/2021 12:39:32 AM"));
        assertEquals(Instant.parse("2021-12-16T00:00:00Z"), DetectionRequestValidator.parseTime("12/16/2021"));
        assertEquals(Instant.parse("2021-12-16T00:00:00Z"), DetectionRequestValidator.parseTime("20211216"));
        assertEquals(Instant.parse("1962-01-01T00:00:00.001Z"), DetectionRequestValidator.parseTime("1962-01-01T00:00:00.001Z"));
        assertEquals(Instant.parse("1962-01-01T00:00:00.000000123Z"), DetectionRequestValidator.parseTime("1962-01-01 00:00:00.000000123"));
        // RFC 3339's lower case t and z, a UTC or GMT suffix, and RFC 1123 (a migrating client's hunt: each was a 400)
        assertEquals(t, DetectionRequestValidator.parseTime("2020-07-15t03:35:00z"));
        assertEquals(t, DetectionRequestValidator.parseTime("2020-07-15 03:35:00 UTC"));
        assertEquals(t, DetectionRequestValidator.parseTime("2020-07-15T03:35:00GMT"));
        assertEquals(t, DetectionRequestValidator.parseTime("Wed, 15 Jul 2020 03:35:00 GMT"));
        assertEquals(t, DetectionRequestValidator.parseTime("15 Jul 2020 05:35:00 +0200"));
        assertNull(DetectionRequestValidator.parseTime("Wed, 15 Jly 2020 03:35:00 GMT"));
        assertNull(DetectionRequestValidator.parseTime("Wed, 31 Jun 2020 03:35:00 GMT"));
        assertNull(DetectionRequestValidator.parseTime("13/16/2021 4:39:32 AM"));
        assertNull(DetectionRequestValidator.parseTime("12/16/2021 13:39:32 PM"));
        assertNull(DetectionRequestValidator.parseTime("2020-07-15 03:35:00 +2500"));
        assertNull(DetectionRequestValidator.parseTime("15.07.2020"));
        // a whole request in the engine's space-separated form is accepted
        List<Object> s = new ArrayList<>();
        for (int i = 0; i < 24; i++) s.add(point(String.format("2020-07-15 %02d:35:00", i), i % 5));
        Outcome o = v11(body(s));
        assertTrue(o.ok(), () -> String.valueOf(o.error()));
        assertEquals(Instant.parse("2020-07-15T23:35:00Z"), o.request().series().get(23).timestamp());
    }

    @Test
    void microsecondGranularityStepsInMillisecondsAsAzuresEngine() {
        List<Object> s = new ArrayList<>();
        for (int i = 1; i <= 24; i++) s.add(point(String.format("1962-01-01T00:00:00.%03dZ", i), i % 4));
        Map<String, Object> b = body(s);
        b.put("granularity", "microsecond");
        assertTrue(v11(b).ok(), () -> String.valueOf(v11(b).error()));
        b.put("customInterval", 10);
        assertError(v11(b), "InvalidSeries", "The 'timestamp' at index 1 is invalid in microsecond granularity with 10 microsecond as interval.");
    }

    @Test
    void hugeCustomIntervalIsAnAzureErrorNotAFailure() {
        for (String g : List.of("weekly", "daily", "hourly", "minutely", "secondly", "microsecond", "monthly", "yearly")) {
            Map<String, Object> b = body(hourly(24));
            b.put("granularity", g);
            b.put("customInterval", Integer.MAX_VALUE);
            Outcome o = v11(b);
            assertEquals("InvalidSeries", o.error().code(), g);
            b.put("customInterval", 3_000_000_000L);
            assertError(v11(b), "InvalidCustomInterval", null);
        }
    }

    @Test
    void gridLongerThanTheFillLimitIsDetectedUnfilledAsAzuresEngine() {
        // Azure's reference answers a secondly series whose last point is 30 years on
        List<Object> s = hourly(30);
        s.set(29, point("2054-01-01T00:00:00Z", 1));
        Outcome o = v11(body(s));
        assertTrue(o.ok(), () -> String.valueOf(o.error()));
        assertEquals(30, o.request().series().size());
        Map<String, Object> b = body(s);
        b.put("period", 15);
        assertError(v11(b), "InvalidModelArgument", null); // 30 points given, not 2 * 15 + 1
    }

    @Test
    void fastTimestampsReadAsTheGeneralParserReadsThem() {
        // every day of years 0 to 9999 through leap years and centuries, with the time of day
        for (int y : new int[]{0, 1, 4, 99, 100, 400, 1582, 1900, 1970, 1999, 2000, 2024, 2026, 2100, 9999}) {
            for (java.time.LocalDate d = java.time.LocalDate.of(y, 1, 1); d.getYear() == y; d = d.plusDays(1)) {
                String s = String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, d.getMonthValue(),
                        d.getDayOfMonth(), d.getDayOfYear() % 24, d.getDayOfYear() % 60, (d.getDayOfYear() * 7) % 60);
                assertEquals(Instant.parse(s), DetectionRequestValidator.parseUtcSeconds(s), s);
            }
        }
        assertEquals(null, DetectionRequestValidator.parseUtcSeconds("2023-02-29T00:00:00Z"));
        assertEquals(null, DetectionRequestValidator.parseUtcSeconds("1900-02-29T00:00:00Z"));
        assertEquals(Instant.parse("2000-02-29T00:00:00Z"), DetectionRequestValidator.parseUtcSeconds("2000-02-29T00:00:00Z"));
        assertEquals(null, DetectionRequestValidator.parseUtcSeconds("2024-04-31T00:00:00Z"));
    }
}
