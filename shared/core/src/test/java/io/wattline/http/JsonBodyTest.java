package io.wattline.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class JsonBodyTest {

    private static List<FieldError> errors(JsonBody b) {
        ValidationException e = assertThrows(ValidationException.class, b::validate);
        return e.errors();
    }

    @Test
    void aWholeNumberWithADecimalPointIsAnIntegerAndAFractionIsRefusedAsPydanticRefusesIt() {
        JsonBody ok = new JsonBody("{\"hours\": 24.0, \"big\": 1e3}");
        assertEquals(24, ok.required(Params::integer, "hours"));
        assertEquals(1000, ok.required(Params::integer, "big"));
        ok.validate();

        JsonBody bad = new JsonBody("{\"hours\": 24.5, \"text\": \"24.5\"}");
        assertNull(bad.required(Params::integer, "hours"));
        assertNull(bad.required(Params::integer, "text"));
        List<FieldError> e = errors(bad);
        assertEquals("int_from_float", e.get(0).type());
        assertEquals("Input should be a valid integer, got a number with a fractional part", e.get(0).msg());
        assertEquals(List.of("body", "hours"), e.get(0).loc());
        assertEquals(24.5, e.get(0).input()); // echoed as it came, a number
        // text that is not an integer stays a parsing error, as in pydantic
        assertEquals("int_parsing", e.get(1).type());
    }

    @Test
    void anArrayOrObjectIsRefusedAsTheFieldsType() {
        JsonBody b = new JsonBody("{\"hours\": [], \"share\": {}, \"name\": [1], \"at\": {\"a\": 1}, \"day\": [2025]}");
        assertNull(b.required(Params::integer, "hours"));
        assertNull(b.required(Params::number, "share"));
        assertNull(b.required(v -> v, "name"));
        assertNull(b.required(Params::dateTime, "at"));
        assertNull(b.required(Params::date, "day"));
        List<FieldError> e = errors(b);
        assertEquals(List.of("int_type", "float_type", "string_type", "datetime_type", "date_type"),
                e.stream().map(FieldError::type).toList());
        assertEquals("Input should be a valid datetime", e.get(3).msg());
        assertEquals("Input should be a valid integer", e.get(0).msg());
        assertEquals("Input should be a valid number", e.get(1).msg());
    }

    @Test
    void aDateTimeTakesANumberAsUnixTimeAndAStringDoesNot() {
        JsonBody b = new JsonBody("{\"start\": 1760400000, \"name\": 5}");
        assertEquals(java.time.Instant.parse("2025-10-14T00:00:00Z"), b.text("start", Params::dateTime, true));
        assertNull(b.text("name", v -> v, true));
        assertEquals(List.of("string_type"), errors(b).stream().map(FieldError::type).toList());
    }
}
