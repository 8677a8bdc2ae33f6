package io.wattline.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.wattline.http.TestRequests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParamsTest {
    private static final UUID M1 = UUID.fromString("c0000000-0000-0000-0000-000000000001");
    private static final UUID M2 = UUID.fromString("c0000000-0000-0000-0000-000000000002");

    /** The single error found binding {@code ?x=<raw>} with the converter. */
    private static FieldError error(Params.Converter<?> converter, String raw) {
        Params p = new ApiRequest("GET", "/t", Map.of("x", List.of(raw)), Map.of(), null, "r", Map.of()).params();
        assertNull(p.query("x", converter));
        ValidationException e = assertThrows(ValidationException.class, p::validate);
        assertEquals(1, e.errors().size());
        FieldError f = e.errors().get(0);
        assertEquals(List.of("query", "x"), f.loc());
        assertEquals(raw, f.input());
        return f;
    }

    private static void assertError(String type, String msg, FieldError f) {
        assertEquals(type, f.type());
        assertEquals(msg, f.msg());
    }

    @Test
    void uuidWithAndWithoutDashes() {
        assertEquals(M1, Params.uuid("c0000000-0000-0000-0000-000000000001"));
        assertEquals(M1, Params.uuid("c0000000000000000000000000000001"));
        assertEquals(UUID.fromString("abcdef00-0000-0000-0000-0000000000ff"), Params.uuid("ABCDEF00-0000-0000-0000-0000000000FF"));
    }

    @Test
    void badUuid() {
        for (String bad : new String[]{"abc", "c0000000-0000-0000-0000-00000000000g", "c0000000-0000-0000-0000-0000000000011", ""}) {
            FieldError f = error(Params::uuid, bad);
            assertEquals("uuid_parsing", f.type(), bad);
            assertTrue(f.msg().startsWith("Input should be a valid UUID"), f.msg());
        }
    }

    @Test
    void dateTimeForms() {
        Instant t = Instant.parse("2025-10-14T00:00:00Z");
        assertEquals(t, Params.dateTime("2025-10-14T00:00:00Z"));
        assertEquals(t, Params.dateTime("2025-10-14T02:00:00+02:00"));
        assertEquals(t, Params.dateTime("2025-10-13T19:00:00-05:00"));
        assertEquals(t, Params.dateTime("2025-10-14T00:00:00"), "no offset means UTC");
        assertEquals(t, Params.dateTime("2025-10-14"), "a date is midnight UTC");
        assertEquals(t, Params.dateTime("2025-10-14T02:00:00 02:00"), "'+' decoded to a space");
        assertEquals(Instant.parse("2025-10-14T00:00:00.250Z"), Params.dateTime("2025-10-14T00:00:00.25Z"));
    }

    @Test
    void dateTimeFormsPydanticTakesThatJavaDoesNot() {
        Instant t = Instant.parse("2025-10-14T00:00:00Z");
        // Python's str(datetime), which requests sends for a datetime parameter: a space between date and time
        assertEquals(Instant.parse("2025-10-15T11:58:16.429128Z"), Params.dateTime("2025-10-15 11:58:16.429128+00:00"));
        assertEquals(t, Params.dateTime("2025-10-14 02:00:00+02:00"));
        assertEquals(t, Params.dateTime("2025-10-14 02:00:00 02:00"), "the separator's space, then a '+' decoded to a space");
        assertEquals(t, Params.dateTime("2025-10-14 00:00:00"), "no offset means UTC");
        assertEquals(t, Params.dateTime("2025-10-14 00:00Z"));
        // an offset without its colon (ISO 8601's basic form)
        assertEquals(t, Params.dateTime("2025-10-14T05:30:00+0530"));
        assertEquals(t, Params.dateTime("2025-10-13 19:00:00-0500"));
        // as a date: midnight as written, either way
        assertEquals(LocalDate.of(2025, 10, 14), Params.date("2025-10-14 00:00:00+00:00"));
        assertEquals(LocalDate.of(2025, 10, 14), Params.date("2025-10-14T00:00:00+0530"));
        assertEquals("date_from_datetime_inexact", error(Params::date, "2025-10-14 01:00:00").type());
        // impossible dates and times are refused in every form, not moved to a real one (02-31 was stored as 02-29)
        for (String bad : new String[]{"2025-10-14  00:00:00Z", "2025-10-14 T00:00:00Z", "2025-10-14 00",
                "2020-02-31T00:00:00Z", "2020-02-30T05:00:00+00:00", "2021-04-31T12:00:00Z", "2020-04-31T23:59:00+0000",
                "2020-02-30T00:00:00", "2020-02-29T24:00:00Z", "2026-11-31 00:00:00Z"}) {
            assertEquals("datetime_from_date_parsing", error(Params::dateTime, bad).type(), bad);
        }
    }

    @Test
    void unixTimeAsPydanticTakesIt() {
        // seconds up to 2e10, milliseconds beyond, to the microsecond, UTC
        assertEquals(Instant.parse("2025-10-14T00:00:00Z"), Params.dateTime("1760400000"));
        assertEquals(Instant.parse("2025-10-14T00:00:00.250Z"), Params.dateTime("1760400000.25"));
        assertEquals(Instant.parse("2025-10-14T00:00:00.250Z"), Params.dateTime("1760400000250"));
        assertEquals(Instant.parse("2025-10-14T00:00:00Z"), Params.dateTime("1.7604E9"));
        assertEquals(Instant.parse("1969-12-31T23:59:59Z"), Params.dateTime("-1"));
        assertEquals(Instant.parse("2603-10-11T11:33:20Z"), Params.dateTime("2e10"), "the last instant read as seconds");
        assertEquals(Instant.parse("1970-08-20T11:33:20.001Z"), Params.dateTime("20000000001"), "beyond it, milliseconds");
        assertEquals(Instant.parse("1970-01-01T00:00:00.000001Z"), Params.dateTime("0.0000014"), "to the microsecond");
        assertEquals(LocalDate.of(2025, 10, 14), Params.date("1760400000"));
        assertEquals("date_from_datetime_inexact", error(Params::date, "1760400001").type());
        for (String bad : new String[]{"1e400", "99999999999999999999", "NaN", "Infinity", "0x10", "1_000"}) {
            assertEquals("datetime_from_date_parsing", error(Params::dateTime, bad).type(), bad);
        }
    }

    @Test
    void badDateTime() {
        for (String bad : new String[]{"yesterday", "2025-13-01", "2025-10-14T25:00:00Z", "14/10/2025", ""}) {
            assertError("datetime_from_date_parsing",
                    "Input should be a valid datetime or date, expected ISO 8601 such as 2025-10-14T00:00:00Z",
                    error(Params::dateTime, bad));
        }
    }

    @Test
    void yearsOutsideOneTo9999AreInvalidNotAnOverflow() {
        // as Python's datetime: years 1 to 9999; farther instants overflow epoch milliseconds downstream
        assertEquals(Instant.parse("0001-01-01T00:00:00Z"), Params.dateTime("0001-01-01T00:00:00Z"));
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), Params.dateTime("9999-12-31T23:59:59Z"));
        for (String bad : new String[]{"+999999999-12-31T00:00:00Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "0000-12-31T00:00:00Z", "+999999999-12-31T00:00:00", "+999999999-12-31"}) {
            assertEquals("datetime_from_date_parsing", error(Params::dateTime, bad).type(), bad);
        }
        assertEquals(LocalDate.of(9999, 12, 31), Params.date("9999-12-31"));
        for (String bad : new String[]{"+999999999-12-31", "-999999999-01-01", "0000-01-01", "+10000-01-01T00:00:00Z"}) {
            assertEquals("date_from_datetime_parsing", error(Params::date, bad).type(), bad);
        }
    }

    @Test
    void date() {
        assertEquals(LocalDate.of(2025, 10, 1), Params.date("2025-10-01"));
        assertEquals("date_from_datetime_parsing", error(Params::date, "01.10.2025").type());
        // a datetime is a date only at midnight as written, with or without an offset (pydantic)
        assertEquals(LocalDate.of(2025, 10, 1), Params.date("2025-10-01T00:00:00Z"));
        assertEquals(LocalDate.of(2025, 10, 1), Params.date("2025-10-01T00:00:00"));
        assertEquals("date_from_datetime_inexact", error(Params::date, "2025-10-01T01:00:00Z").type());
        assertEquals("date_from_datetime_inexact", error(Params::date, "2025-10-01T00:00:00.5+02:00").type());
    }

    @Test
    void integer() {
        assertEquals(42, Params.integer("42"));
        assertEquals(-3, Params.integer(" -3 "));
        // a whole number with a point, as pydantic (2.7 on) takes text: "5.0" is 5, "5.5" is no integer
        assertEquals(5, Params.integer("5.0"));
        assertEquals(-24, Params.integer("-24.00"));
        // beyond the int: held at its bound, for the field's own bound to refuse with its message
        assertEquals(Integer.MAX_VALUE, Params.integer("99999999999"));
        assertEquals(Integer.MIN_VALUE, Params.integer("-1" + "0".repeat(400)));
        assertEquals(Long.MAX_VALUE, Params.longInteger("1" + "0".repeat(400) + ".0"));
        assertEquals(3_000_000_000L, Params.longInteger("3000000000"));
        for (String bad : new String[]{"4.2", "ten", "", ".0", "1e3", "0x10", "1_000"}) {
            assertError("int_parsing", "Input should be a valid integer, unable to parse string as an integer",
                    error(Params::integer, bad));
        }
    }

    @Test
    void number() {
        assertEquals(0.25, Params.number("0.25"));
        assertEquals(1500.0, Params.number("1.5e3"));
        assertEquals(-2.0, Params.number("-2"));
        assertError("float_parsing", "Input should be a valid number, unable to parse string as a number",
                error(Params::number, "abc"));
    }

    @Test
    void numberRejectsNonFiniteValues() {
        for (String bad : new String[]{"NaN", "nan", "Infinity", "-Infinity", "inf", "-inf"}) {
            assertError("finite_number", "Input should be a finite number", error(Params::number, bad));
        }
    }

    @Test
    void numberRejectsJavaOnlySyntax() {
        for (String bad : new String[]{"1.5f", "2d", "0x1p3"}) {
            assertEquals("float_parsing", error(Params::number, bad).type(), bad);
        }
    }

    @Test
    void bool() {
        for (String yes : new String[]{"true", "True", "1", "yes", "on", "t", "y"}) assertTrue(Params.bool(yes), yes);
        for (String no : new String[]{"false", "FALSE", "0", "no", "off", "f", "n"}) assertFalse(Params.bool(no), no);
        assertError("bool_parsing", "Input should be a valid boolean, unable to interpret input",
                error(Params::bool, "maybe"));
    }

    @Test
    void uuidList() {
        assertEquals(List.of(M1, M2), Params.uuidList(
                "c0000000-0000-0000-0000-000000000001, c0000000-0000-0000-0000-000000000002,"));
        assertEquals("uuid_parsing", error(Params::uuidList, "c0000000-0000-0000-0000-000000000001,nope").type());
        assertError("too_short", "List should have at least 1 item", error(Params::uuidList, " , "));
    }

    enum Interval { MIN1, HOUR1 }

    @Test
    void oneOf() {
        Params.Converter<Interval> interval = Params.oneOf(List.of("1min", "5min", "1hour"),
                s -> s.equals("1min") ? Interval.MIN1 : Interval.HOUR1);
        assertEquals(Interval.HOUR1, interval.convert("1hour"));
        assertError("enum", "Input should be '1min', '5min' or '1hour'", error(interval, "2hours"));
        assertEquals("'a' or 'b'", Params.quoteList(List.of("a", "b")));
        assertEquals("'a'", Params.quoteList(List.of("a")));
    }

    @Test
    void missingRequiredParameter() {
        Params p = get("/t").params();
        assertNull(p.query("machine_id", Params::uuid));
        ValidationException e = assertThrows(ValidationException.class, p::validate);
        assertEquals(422, e.status());
        assertEquals(List.of(new FieldError("missing", List.of("query", "machine_id"), "Field required", null)), e.errors());
        assertEquals("{\"type\":\"missing\",\"loc\":[\"query\",\"machine_id\"],\"msg\":\"Field required\",\"input\":null}",
                Json.write(Json.PLAIN, e.errors().get(0)));
    }

    @Test
    void missingPathParameterHasPathLoc() {
        Params p = get("/t").params();
        p.path("model_id", Params::text);
        assertEquals(List.of("path", "model_id"),
                assertThrows(ValidationException.class, p::validate).errors().get(0).loc());
    }

    @Test
    void optionalAndDefaultedParameters() {
        Params p = get("/t?limit=5").params();
        assertEquals(Optional.empty(), p.optionalQuery("severity", Params::text));
        assertEquals(5, p.query("limit", Params::integer, 100));
        assertEquals(100, p.query("offset", Params::integer, 100));
        assertFalse(p.hasErrors());
        p.validate(); // no throw
    }

    @Test
    void everyErrorIsReportedTogetherInOrder() {
        Params p = get("/t?machine_id=bad&limit=x&start_time=2025-10-14T00:00:00Z").params();
        p.query("machine_id", Params::uuid);
        p.query("start_time", Params::dateTime);
        p.query("end_time", Params::dateTime);
        p.optionalQuery("limit", Params::integer);
        p.reject(FieldError.of("value_error", List.of("query", "end_time"), "Value error, Invalid time range", null));
        List<FieldError> errors = assertThrows(ValidationException.class, p::validate).errors();
        assertEquals(List.of("uuid_parsing", "missing", "int_parsing", "value_error"),
                errors.stream().map(FieldError::type).toList());
        assertEquals(List.of("query", "limit"), errors.get(2).loc());
        assertEquals("x", errors.get(2).input());
    }

    @Test
    void lastOfRepeatedQueryValuesIsBoundAsFastApiDoes() {
        // Starlette's query dict keeps the last occurrence (a dict comprehension over the pairs)
        assertEquals(List.of("1", "2"), get("/t?n=1&n=2").query().get("n"));
        assertEquals(2, get("/t?n=1&n=2").params().query("n", Params::integer));
    }

    @Test
    void aJsonObjectWithSomethingAfterItStillNamesItsFields() {
        List<FieldError> e = actionErrors("{\"asset\":\"X\"} x");
        assertEquals(List.of(List.of("body", "asset")), e.stream().map(FieldError::loc).toList(), e.toString());
        assertEquals("X", e.get(0).input());
    }

    /** The errors of a twin-style action ({@code ?asset_id=}, no body taken) sent {@code body}; empty when it passes. */
    private static List<FieldError> actionErrors(String body) {
        Params p = new ApiRequest("POST", "/system/purge", Map.of(), Map.of(), body, "r", Map.of()).params();
        p.query("asset_id", Params::text, "Motor-01");
        p.queryOnly();
        try {
            p.validate();
            return List.of();
        } catch (ValidationException e) {
            return e.errors();
        }
    }

    /**
     * Bodies a route that takes none is sent by mistake or in malice: each is read once, in time linear in its size, and
     * answered with a bounded 422 (a review's probes: repeated multipart headers overflowed the stack, a 500; unclosed
     * parts took 11.5 s for 200 kB; a form of 123,457 keys answered 34 MB, past Lambda's 6 MB; a JSON field's 5 MB
     * value was echoed whole) or, for plain text, not refused at all (a sentence's "word:" is no field).
     */
    @Test
    void aBodyOnARouteThatTakesNoneIsReadOnceAndAnsweredBriefly() {
        String headersOnly = "--XyZ\r\n" + "Content-Disposition: form-data; name=\"a\"\n".repeat(2_500);
        List<FieldError> e = actionErrors(headersOnly);
        assertEquals(List.of(List.of("body", "a")), e.stream().map(FieldError::loc).toList(), "one part named a");

        String unclosed = "--XyZ\r\n" + "Content-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n".repeat(5_000);
        long t0 = System.nanoTime();
        assertEquals(1, actionErrors(unclosed).size());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "read in time linear in its size");

        StringBuilder form = new StringBuilder();
        for (int i = 0; i < 120_000; i++) form.append(i == 0 ? "" : "&").append('k').append(i).append('=');
        List<FieldError> many = actionErrors(form.toString());
        assertEquals(Params.MAX_EXTRA_KEYS, many.size());
        assertEquals(List.of("body", "k0"), many.get(0).loc());

        List<FieldError> longValue = actionErrors("{\"note\":\"" + "x".repeat(5_000_000) + "\"}");
        assertEquals(1, longValue.size());
        assertEquals(101, String.valueOf(longValue.get(0).input()).length(), "100 characters and an ellipsis");

        assertEquals(List.of(), actionErrors("Please recalibrate: motor sounds odd"));
        assertEquals(List.of(), actionErrors("see http://example.com"));
        // plain text still names the route's parameter, by its name or a spelling of it
        assertEquals("query_parameter_in_body", actionErrors("asset_id Pump-7").get(0).type());
        assertEquals(List.of("body", "assetId"), actionErrors("assetId: Pump-7").get(0).loc());
    }
}
