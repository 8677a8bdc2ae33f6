package io.wattline.http;

import java.util.List;

/** One entry of a FastAPI/pydantic validation error: {@code {"type","loc","msg","input"}}. */
public record FieldError(String type, List<Object> loc, String msg, Object input) {
    public static FieldError of(String type, List<Object> loc, String msg, Object input) {
        return new FieldError(type, List.copyOf(loc), msg, input);
    }

    public static FieldError missing(String where, String name) {
        return new FieldError("missing", List.of(where, name), "Field required", null);
    }
}
