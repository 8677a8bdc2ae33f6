package io.wattline.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, headers and a body already serialised. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    public static ApiResponse json(int status, Json mapper, Object value) {
        return json(status, Json.write(mapper, value));
    }

    /** As {@link #json(int, Json, Object)} for a long body of about {@code expectedChars} characters ({@link Json#write(Json, Object, int)}). */
    public static ApiResponse json(int status, Json mapper, Object value, int expectedChars) {
        return json(status, Json.write(mapper, value, expectedChars));
    }

    private static ApiResponse json(int status, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        return new ApiResponse(status, headers, body);
    }

    /** 200 with a snake_case JSON body: the default of the FastAPI-style APIs. */
    public static ApiResponse ok(Object value) {
        return json(200, Json.SNAKE, value);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }
}
