package io.wattline.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Typed binding of path and query parameters. Every problem is collected, then
 * {@link #validate()} answers 422 listing each one, the way FastAPI does.
 */
public final class Params {
    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);

    /** A converter from the raw text to a value; throws {@link Invalid} with pydantic's type and message. */
    @FunctionalInterface
    public interface Converter<T> {
        T convert(String raw);

        /** Whether this converter takes {@code raw}: what a field is, read from what it accepts (its type, its schema). */
        default boolean accepts(String raw) {
            try {
                convert(raw);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    /** A value that does not convert: pydantic's error type and message. */
    public static final class Invalid extends RuntimeException {
        final String type;

        public Invalid(String type, String msg) {
            super(msg, null, false, false);
            this.type = type;
        }

        /** pydantic's error type, e.g. {@code uuid_parsing}. */
        public String type() {
            return type;
        }
    }

    /**
     * A parameter a handler reads, as {@link #describe} records it: where ({@code path}, {@code query}, or {@code body}
     * for a field of a JSON body, its name then the dotted path), its name, whether required, its default, and the
     * bounds a body field is checked against (null: none).
     */
    public record Described(String in, String name, boolean required, Object defaultValue, Converter<?> converter,
                            Bounds bounds) {
        public Described(String in, String name, boolean required, Object defaultValue, Converter<?> converter) {
            this(in, name, required, defaultValue, converter, null);
        }
    }

    /** A number's bounds ({@link JsonBody#range}): pydantic's ge/le, or gt/lt when exclusive. */
    public record Bounds(double min, boolean minExclusive, double max, boolean maxExclusive) {}

    /** Stops a handler at its {@link #validate()} while it is being described: it has read every parameter by then. */
    public static final class DescribeStop extends RuntimeException {
        DescribeStop() {
            super("described", null, false, false);
        }
    }

    private static final ThreadLocal<List<Described>> DESCRIBING = new ThreadLocal<>();

    /**
     * The parameters a handler reads, found by running it on a request without any: every {@code path} and
     * {@code query} call is recorded, and the first {@link #validate()} stops the handler before it does anything.
     * The route table and its handlers stay the one definition of each parameter; the OpenAPI document reads them
     * this way. A handler that reads no parameters runs as it would for that empty request.
     */
    public static List<Described> describe(Runnable handlerCall) {
        List<Described> found = new ArrayList<>();
        DESCRIBING.set(found);
        try {
            handlerCall.run();
        } catch (RuntimeException stopOrRefusal) {
            // DescribeStop, or the handler's own refusal of an empty request: the parameters are recorded either way
        } finally {
            DESCRIBING.remove();
        }
        return found;
    }

    private final ApiRequest request;
    private final List<FieldError> errors = new ArrayList<>();
    /** The query parameters the handler asked for, for {@link #queryOnly}. */
    private final java.util.Set<String> queried = new java.util.LinkedHashSet<>();

    Params(ApiRequest request) {
        this.request = request;
    }

    public <T> T path(String name, Converter<T> converter) {
        note("path", name, true, null, converter);
        return bind("path", name, request.pathParams().get(name), converter, true);
    }

    public <T> T query(String name, Converter<T> converter) {
        note("query", name, true, null, converter);
        return bind("query", name, single(name), converter, true);
    }

    public <T> Optional<T> optionalQuery(String name, Converter<T> converter) {
        note("query", name, false, null, converter);
        return Optional.ofNullable(bind("query", name, single(name), converter, false));
    }

    public <T> T query(String name, Converter<T> converter, T defaultValue) {
        note("query", name, false, defaultValue, converter);
        T value = bind("query", name, single(name), converter, false);
        return value == null ? defaultValue : value;
    }

    /**
     * For a route that takes no body and acts on its query parameters (the twin's actions): a query parameter the route
     * does not read is refused ({@code ?assetId=D2} was read as no asset_id and purged the default motor), and so is a
     * body that names one of its parameters that the query lacks, in any spelling the query's "did you mean" recognises
     * ({@link #plain}: {@code {"assetId":"D2"}} purged the default motor too), as JSON, as a form ({@code asset_id=X},
     * curl's {@code -d}, its keys URL-decoded as a form's are: {@code asset%5Fid=X}) or as anything else
     * ({@code {"fault_type":"JITTER"}} injected the default fault). A body key that names none of them is refused too
     * ({@code extra_forbidden}: {@code {"asset":"X"}} purged the default motor): the route takes no body, so a key in one
     * is a parameter its sender thinks was read (the first {@value #MAX_EXTRA_KEYS} named). A body without keys ({@code {}},
     * plain text naming no parameter) is ignored, as FastAPI ignores a body it does not take. The body is read once, in
     * time linear in its size. Call after the query parameters are read.
     */
    public void queryOnly() {
        for (Map.Entry<String, List<String>> q : request.query().entrySet()) {
            if (queried.contains(q.getKey())) continue;
            String near = queried.stream().filter(n -> plain(n).equals(plain(q.getKey()))).findFirst()
                    .map(n -> "; did you mean '" + n + "'?").orElse("");
            errors.add(FieldError.of("extra_forbidden", List.of("query", q.getKey()), "Extra inputs are not permitted: this"
                    + " route's query parameters are " + String.join(", ", queried) + near, q.getValue().isEmpty() ? null
                    : q.getValue().get(q.getValue().size() - 1)));
        }
        String body = request.body();
        if (body == null || body.isBlank()) return;
        BodyKeys sent = BodyKeys.of(body); // one pass over the body, however many names
        for (String name : queried) {
            if (lastValue(name) != null) continue;
            Map.Entry<String, Object> named = sent.naming(name);
            if (named == null) continue;
            String key = named.getKey();
            errors.add(FieldError.of("query_parameter_in_body", List.of("body", key), "'" + key + "' "
                    + (key.equals(name) ? "is a query parameter of this route" : "is this route's query parameter '" + name + "'")
                    + ": send it in the URL (?" + name + "=...), not in the body", named.getValue()));
        }
        if (!sent.structured()) return; // "Please recalibrate: motor sounds odd" names no field
        int extra = 0;
        for (Map.Entry<String, Object> key : sent.keys()) {
            if (queried.stream().anyMatch(n -> plain(n).equals(plain(key.getKey())))) continue;
            if (++extra > MAX_EXTRA_KEYS) break; // a body of thousands of keys: the first few say it (a 34 MB answer would not)
            errors.add(FieldError.of("extra_forbidden", List.of("body", key.getKey()), "Extra inputs are not permitted: this"
                    + " route takes no body; its parameters go in the URL's query: " + String.join(", ", queried), key.getValue()));
        }
    }

    /** How many of a body's stray keys a 422 names. */
    static final int MAX_EXTRA_KEYS = 10;

    /** A key and its value as a form or a JSON object cut short sends them: {@code key=} or {@code "key":}. */
    private static final Pattern BODY_KEY = Pattern.compile("(?<![A-Za-z0-9_-])([A-Za-z][A-Za-z0-9_-]*)\"?\\s*[=:]");

    /** A form's first key: {@code asset_id=X}, {@code a=1&b=2} (not a sentence with an '=' in it). */
    private static final Pattern FORM = Pattern.compile("^[A-Za-z0-9_.%+\\[\\]-]+=");

    /**
     * The keys a body names, each with its value (at most 100 characters of it): a JSON object's fields; a multipart
     * form's fields (curl's {@code -F}); a form's keys (curl's {@code -d}), as sent and URL-decoded ({@code asset%5Fid=X}
     * names asset_id); a JSON object cut short, what {@link #BODY_KEY} finds in it. These are {@code structured}: each key
     * is a field its sender meant. Any other body (plain text) names a parameter only by its name, or by a
     * {@code key:} in one of the name's spellings ({@code faultType: JITTER}), never an extra field.
     */
    private record BodyKeys(List<Map.Entry<String, Object>> keys, boolean structured, boolean jsonObject, String body) {
        static BodyKeys of(String body) {
            String stripped = body.strip();
            if (stripped.startsWith("{")) {
                Object fields = null;
                try {
                    fields = JsonRecords.TREES.anyFrom(body); // its first value: '{"asset_id":"X"} x' names asset_id
                } catch (java.io.IOException cutShortOrRepeated) {
                    // a JSON object cut short (or naming a field twice) still names what it meant: scanned below
                }
                if (fields instanceof Map<?, ?> object) {
                    List<Map.Entry<String, Object>> out = new ArrayList<>();
                    for (Map.Entry<?, ?> f : object.entrySet()) {
                        Object v = f.getValue();
                        out.add(Map.entry((String) f.getKey(), bodyInput(v instanceof Map || v instanceof List ? Json.write(Json.PLAIN, v) : Json.text(v))));
                    }
                    return new BodyKeys(out, true, true, body);
                }
                return new BodyKeys(scanned(body), true, false, body);
            }
            List<Map.Entry<String, Object>> parts = multipartFields(body);
            if (parts != null) return new BodyKeys(parts, true, false, body);
            Object input = bodyInput(body);
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            boolean form = false;
            for (String text : asSentAndDecoded(body)) {
                if (!FORM.matcher(text).find()) continue;
                form = true;
                for (String pair : text.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = eq < 0 ? pair : pair.substring(0, eq);
                    if (!key.isBlank()) keys.add(key.strip());
                }
            }
            if (form) {
                List<Map.Entry<String, Object>> out = new ArrayList<>();
                keys.forEach(k -> out.add(Map.entry(k, input)));
                return new BodyKeys(out, true, false, body);
            }
            return new BodyKeys(scanned(body), false, false, body);
        }

        /** What {@link #BODY_KEY} finds in the body as sent and URL-decoded, each with the body (cut) as its value. */
        private static List<Map.Entry<String, Object>> scanned(String body) {
            Object input = bodyInput(body);
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            for (String text : asSentAndDecoded(body)) {
                java.util.regex.Matcher m = BODY_KEY.matcher(text);
                while (m.find()) keys.add(m.group(1));
            }
            List<Map.Entry<String, Object>> out = new ArrayList<>();
            keys.forEach(k -> out.add(Map.entry(k, input)));
            return out;
        }

        /**
         * A multipart body's fields by their names (not their parts' headers: Content-Disposition, name), or null when
         * the body is not one. Its first line is its boundary ({@code --XyZ}); read with indexOf, part by part.
         */
        private static List<Map.Entry<String, Object>> multipartFields(String body) {
            if (!body.startsWith("--")) return null;
            int eol = body.indexOf('\n');
            if (eol < 3) return null;
            String delimiter = body.substring(0, eol).strip();
            if (delimiter.length() < 3 || delimiter.chars().anyMatch(Character::isWhitespace)) return null;
            List<Map.Entry<String, Object>> out = new ArrayList<>();
            int at = eol + 1;
            while (at < body.length()) {
                int next = body.indexOf(delimiter, at);
                String part = body.substring(at, next < 0 ? body.length() : next);
                int blank = part.indexOf("\r\n\r\n");
                int skip = 4;
                if (blank < 0) {
                    blank = part.indexOf("\n\n");
                    skip = 2;
                }
                String headers = blank < 0 ? part : part.substring(0, blank);
                String name = dispositionName(headers);
                if (name != null) {
                    String value = blank < 0 ? "" : part.substring(blank + skip).replaceFirst("\r?\n$", "");
                    out.add(Map.entry(name, bodyInput(value)));
                }
                if (next < 0) break;
                at = next + delimiter.length();
            }
            return out;
        }

        /** The {@code name="..."} of a part's Content-Disposition header, or null. */
        private static String dispositionName(String headers) {
            for (String line : headers.split("\r?\n")) {
                if (!line.regionMatches(true, 0, "content-disposition:", 0, 20)) continue;
                int at = line.indexOf("name=\"");
                while (at > 0 && Character.isLetter(line.charAt(at - 1))) at = line.indexOf("name=\"", at + 1); // not filename=
                if (at < 0) return null;
                int end = line.indexOf('"', at + 6);
                return end < 0 ? null : line.substring(at + 6, end);
            }
            return null;
        }

        /**
         * Where the body names the query parameter {@code name}: the key as sent and its value, or null. A key names it
         * when it is the name in another spelling ({@link #plain}); a body that is no JSON object also names it by the
         * name alone.
         */
        Map.Entry<String, Object> naming(String name) {
            for (Map.Entry<String, Object> key : keys) {
                if (plain(key.getKey()).equals(plain(name))) return key;
            }
            if (jsonObject) return null;
            Pattern alone = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])");
            for (String text : asSentAndDecoded(body)) {
                if (alone.matcher(text).find()) return Map.entry(name, bodyInput(body));
            }
            return null;
        }
    }

    private static Object bodyInput(String body) {
        return body.length() <= 100 ? body : body.substring(0, 100) + "…";
    }

    /** The body as sent and, when it differs, as a form's URL-decoding reads it ({@code %5F} is '_', '+' a space). */
    private static List<String> asSentAndDecoded(String body) {
        try {
            String decoded = java.net.URLDecoder.decode(body, java.nio.charset.StandardCharsets.UTF_8);
            return decoded.equals(body) ? List.of(body) : List.of(body, decoded);
        } catch (IllegalArgumentException notEncoded) {
            return List.of(body); // a stray '%': not a form's encoding
        }
    }

    /** A parameter's name without case or separators, to recognise {@code assetId} as {@code asset_id}. */
    private static String plain(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Records an error found by the caller (for rules across parameters). */
    public void reject(FieldError error) {
        errors.add(error);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws 422 listing every problem met so far. */
    public void validate() {
        if (DESCRIBING.get() != null) throw new DescribeStop();
        if (!errors.isEmpty()) throw new ValidationException(errors);
    }

    static void note(String in, String name, boolean required, Object defaultValue, Converter<?> converter) {
        List<Described> found = DESCRIBING.get();
        if (found != null && found.stream().noneMatch(d -> d.in().equals(in) && d.name().equals(name))) {
            found.add(new Described(in, name, required, defaultValue, converter));
        }
    }

    /** Whether a handler is being described ({@link #describe}). */
    static boolean describing() {
        return DESCRIBING.get() != null;
    }

    /** The bounds of a described body field. */
    static void noteBounds(String name, Bounds bounds) {
        List<Described> found = DESCRIBING.get();
        if (found == null) return;
        for (int i = 0; i < found.size(); i++) {
            Described d = found.get(i);
            if (d.in().equals("body") && d.name().equals(name)) {
                found.set(i, new Described(d.in(), d.name(), d.required(), d.defaultValue(), d.converter(), bounds));
            }
        }
    }

    /** A scalar parameter given twice takes its last value, as FastAPI (Starlette's query dict) does. */
    private String single(String name) {
        queried.add(name);
        return lastValue(name);
    }

    private String lastValue(String name) {
        List<String> values = request.query().get(name);
        return values == null || values.isEmpty() ? null : values.getLast();
    }

    private <T> T bind(String where, String name, String raw, Converter<T> converter, boolean required) {
        if (raw == null) {
            if (required) errors.add(FieldError.missing(where, name));
            return null;
        }
        try {
            return converter.convert(raw);
        } catch (Invalid e) {
            errors.add(FieldError.of(e.type, List.of(where, name), e.getMessage(), raw));
            return null;
        }
    }

    // ---- converters with pydantic's error types and messages ----

    public static String text(String raw) {
        return raw;
    }

    public static String nonBlank(String raw) {
        if (raw.isBlank()) throw new Invalid("string_too_short", "String should have at least 1 character");
        return raw.strip();
    }

    public static UUID uuid(String raw) {
        if (!UUID_SHAPE.matcher(raw).matches()) {
            throw new Invalid("uuid_parsing", "Input should be a valid UUID, invalid length or character");
        }
        String hex = raw.replace("-", "");
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16)
                + "-" + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    /**
     * ISO 8601 date-time with offset; a date alone is midnight UTC; no offset means UTC; a number is Unix time (as
     * FastAPI accepts).
     * Years run from 1 to 9999, as Python's datetime: Java parses ±999,999,999, which overflows epoch milliseconds.
     */
    public static Instant dateTime(String raw) {
        String number = raw.strip();
        if (UNIX_TIME.matcher(number).matches()) return unixTime(number);
        String s = dateTimeText(raw);
        for (DateTimeFormatter f : new DateTimeFormatter[]{DateTimeFormatter.ISO_OFFSET_DATE_TIME, BASIC_OFFSET_DATE_TIME}) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(s, f);
                return inYearRange(t.getYear(), t.toInstant(), DATE_TIME_INVALID);
            } catch (DateTimeParseException ignored) {
                // fall through to the other accepted forms
            }
        }
        try {
            LocalDateTime t = LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            return inYearRange(t.getYear(), t.toInstant(ZoneOffset.UTC), DATE_TIME_INVALID);
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            LocalDate d = LocalDate.parse(s);
            return inYearRange(d.getYear(), d.atStartOfDay(ZoneOffset.UTC).toInstant(), DATE_TIME_INVALID);
        } catch (DateTimeException e) {
            throw DATE_TIME_INVALID.get();
        }
    }

    /** A number, which pydantic takes as Unix time (seconds, or milliseconds beyond ±2e10). */
    private static final java.util.regex.Pattern UNIX_TIME =
            java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");
    private static final java.math.BigDecimal SECONDS_UP_TO = new java.math.BigDecimal("2e10");
    /** Beyond the year 9999 either way (3e11 s is about the year 11,500): refused before its microseconds overflow a long. */
    private static final java.math.BigDecimal SECONDS_AT_MOST = new java.math.BigDecimal("3e11");

    /**
     * Unix time as pydantic reads it: seconds where |v| ≤ 2e10 (until the year 2603), milliseconds beyond, to the
     * microsecond (Python's datetime holds no finer), UTC.
     */
    private static Instant unixTime(String number) {
        java.math.BigDecimal v = new java.math.BigDecimal(number);
        if (v.abs().compareTo(SECONDS_UP_TO) > 0) v = v.movePointLeft(3);
        if (v.abs().compareTo(SECONDS_AT_MOST) > 0) throw DATE_TIME_INVALID.get();
        long micros = v.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        Instant t = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        return inYearRange(t.atOffset(ZoneOffset.UTC).getYear(), t, DATE_TIME_INVALID);
    }

    /**
     * An offset written without its colon (+0530), which ISO 8601 allows and pydantic takes. Strict, as the ISO
     * formatters are: a builder's default (smart) resolver read 2020-02-31 as 02-29 and T24:00 as the next midnight,
     * so a reading at an impossible time overwrote a real one.
     */
    private static final DateTimeFormatter BASIC_OFFSET_DATE_TIME = new java.time.format.DateTimeFormatterBuilder()
            .parseCaseInsensitive().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HHMM", "Z").toFormatter()
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /**
     * A date-time's text as Java parses it: a space between date and time is a 'T' (Python's {@code str(datetime)},
     * "2025-10-14 00:00:00+00:00", which pydantic takes and {@code requests} sends for a datetime parameter); any other
     * space is a '+' that an unencoded query string turned into one.
     */
    private static String dateTimeText(String raw) {
        String s = raw.strip();
        if (s.length() > 11 && s.charAt(10) == ' ' && Character.isDigit(s.charAt(11))) s = s.substring(0, 10) + 'T' + s.substring(11);
        return s.replace(' ', '+');
    }

    /** A calendar date (a date-time gives its date); years 1 to 9999, as Python's date. */
    public static LocalDate date(String raw) {
        String s = raw.strip();
        LocalDate d;
        if (UNIX_TIME.matcher(s).matches()) {
            Instant t = unixTime(s);
            // as pydantic: a Unix time is a date only at midnight UTC
            if (t.getEpochSecond() % 86_400 != 0 || t.getNano() != 0) throw DATE_INEXACT.get();
            LocalDate day = t.atOffset(ZoneOffset.UTC).toLocalDate();
            return inYearRange(day.getYear(), day, DATE_INVALID);
        }
        try {
            d = LocalDate.parse(s);
        } catch (DateTimeException e) {
            // a datetime is a date only at midnight as written (pydantic: date_from_datetime_inexact): 01:00Z is the
            // evening before in a factory west of Greenwich, and its date text would name the wrong day
            java.time.LocalDateTime t = null;
            String text = dateTimeText(s);
            for (DateTimeFormatter f : new DateTimeFormatter[]{DateTimeFormatter.ISO_OFFSET_DATE_TIME, BASIC_OFFSET_DATE_TIME,
                    DateTimeFormatter.ISO_LOCAL_DATE_TIME}) {
                try {
                    t = f == DateTimeFormatter.ISO_LOCAL_DATE_TIME ? java.time.LocalDateTime.parse(text, f)
                            : OffsetDateTime.parse(text, f).toLocalDateTime();
                    break;
                } catch (DateTimeException e2) {
                    // the next form
                }
            }
            if (t == null) throw DATE_INVALID.get();
            if (!t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) throw DATE_INEXACT.get();
            d = t.toLocalDate();
        }
        return inYearRange(d.getYear(), d, DATE_INVALID);
    }

    private static final java.util.function.Supplier<Invalid> DATE_TIME_INVALID = () -> new Invalid("datetime_from_date_parsing",
            "Input should be a valid datetime or date, expected ISO 8601 such as 2025-10-14T00:00:00Z");
    private static final java.util.function.Supplier<Invalid> DATE_INEXACT = () -> new Invalid("date_from_datetime_inexact",
            "Datetimes provided to dates should have zero time - e.g. be exact dates");
    private static final java.util.function.Supplier<Invalid> DATE_INVALID = () -> new Invalid("date_from_datetime_parsing",
            "Input should be a valid date or datetime, expected YYYY-MM-DD");

    private static <T> T inYearRange(int year, T value, java.util.function.Supplier<Invalid> invalid) {
        if (year < 1 || year > 9999) throw invalid.get();
        return value;
    }

    /** A whole number written with a decimal point and only zeros after it ("24.0"), which pydantic takes as 24. */
    private static final java.util.regex.Pattern WHOLE_WITH_POINT = java.util.regex.Pattern.compile("([+-]?[0-9]+)\\.0*");

    private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile("[+-]?[0-9]+");

    /**
     * An integer. One beyond Java's int (pydantic's ints have no end) is held at the int's bound, so that the field's own
     * bound refuses it with its message ("less than or equal to 720"), not as text that is no integer.
     */
    public static int integer(String raw) {
        long v = longInteger(raw);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** A long integer, held at the long's bounds beyond them as {@link #integer} is at the int's. */
    public static long longInteger(String raw) {
        String s = raw.strip();
        java.util.regex.Matcher whole = WHOLE_WITH_POINT.matcher(s);
        String digits = whole.matches() ? whole.group(1) : s;
        if (!WHOLE.matcher(digits).matches()) {
            throw new Invalid("int_parsing", "Input should be a valid integer, unable to parse string as an integer");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException beyondLong) {
            return digits.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A finite decimal number; Java-only forms ({@code 1.5f}, {@code 0x1p3}) are rejected, as pydantic does. */
    public static double number(String raw) {
        String s = raw.strip();
        if (NON_FINITE.matcher(s).matches()) throw new Invalid("finite_number", "Input should be a finite number");
        if (!DECIMAL.matcher(s).matches()) {
            throw new Invalid("float_parsing", "Input should be a valid number, unable to parse string as a number");
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) throw new Invalid("finite_number", "Input should be a finite number");
        return v;
    }

    public static boolean bool(String raw) {
        return switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y" -> true;
            case "false", "0", "no", "off", "f", "n" -> false;
            default -> throw new Invalid("bool_parsing", "Input should be a valid boolean, unable to interpret input");
        };
    }

    /** A comma-separated list of UUIDs; at least one. */
    public static List<UUID> uuidList(String raw) {
        List<UUID> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            if (part.isBlank()) continue;
            out.add(uuid(part.strip()));
        }
        if (out.isEmpty()) throw new Invalid("too_short", "List should have at least 1 item");
        return List.copyOf(out);
    }

    /** A converter that accepts only the given literals (pydantic's enum error otherwise). */
    public static <E> Converter<E> oneOf(List<String> literals, java.util.function.Function<String, E> lookup) {
        return raw -> {
            if (!literals.contains(raw)) {
                throw new Invalid("enum", "Input should be " + quoteList(literals));
            }
            return lookup.apply(raw);
        };
    }

    static String quoteList(List<String> literals) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < literals.size(); i++) {
            if (i > 0) sb.append(i == literals.size() - 1 ? " or " : ", ");
            sb.append('\'').append(literals.get(i)).append('\'');
        }
        return sb.toString();
    }
}
